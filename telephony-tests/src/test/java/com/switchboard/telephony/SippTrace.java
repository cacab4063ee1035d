package com.switchboard.telephony;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What sipp's message trace ({@code -trace_msg}) says happened to each call, by SIP Call-ID. */
final class SippTrace {
    private static final Pattern BLOCK = Pattern.compile("^-{20,} (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d+)$");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** One SIP message sipp sent or received. */
    record Message(Instant at, boolean sent, String firstLine, String cseqMethod) {
        boolean isRequest(String method) {
            return firstLine.startsWith(method + " ");
        }

        /** The status code of a response, 0 for a request. */
        int status() {
            return firstLine.startsWith("SIP/2.0 ") ? Integer.parseInt(firstLine.substring(8, 11)) : 0;
        }
    }

    /** One call as the PBX saw it. */
    record Call(String callId, List<Message> messages) {
        Instant inviteSent() {
            return first(m -> m.sent() && m.isRequest("INVITE"));
        }

        /** The INVITE's final response (200 OK, 486, 487...), 0 when none came. */
        int finalStatus() {
            return messages.stream()
                    .filter(m -> !m.sent() && m.status() >= 200 && "INVITE".equals(m.cseqMethod()))
                    .mapToInt(Message::status)
                    .findFirst()
                    .orElse(0);
        }

        Instant finalAt() {
            return first(m -> !m.sent() && m.status() >= 200 && "INVITE".equals(m.cseqMethod()));
        }

        /** When sipp sent the ACK of the 200 OK: it starts playing RTP right after. */
        Instant ackSent() {
            return first(m -> m.sent() && m.isRequest("ACK"));
        }

        /** When LiveKit hung up on the PBX (a BYE it received), null if it did not. */
        Instant byeReceived() {
            return first(m -> !m.sent() && m.isRequest("BYE"));
        }

        Instant byeSent() {
            return first(m -> m.sent() && m.isRequest("BYE"));
        }

        boolean gotAnyResponse() {
            return messages.stream().anyMatch(m -> !m.sent() && m.status() > 0);
        }

        private Instant first(java.util.function.Predicate<Message> which) {
            return messages.stream().filter(which).map(Message::at).findFirst().orElse(null);
        }
    }

    private final Map<String, Call> calls;

    private SippTrace(Map<String, Call> calls) {
        this.calls = calls;
    }

    Map<String, Call> calls() {
        return calls;
    }

    /** The only call of a one-call run. */
    Call single() {
        if (calls.size() != 1) {
            throw new AssertionError("expected one call in sipp's trace, found " + calls.keySet());
        }
        return calls.values().iterator().next();
    }

    static SippTrace read(Path file) {
        List<String> lines;
        try {
            lines = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.ISO_8859_1) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, List<Message>> byCall = new LinkedHashMap<>();
        int i = 0;
        while (i < lines.size()) {
            Matcher block = BLOCK.matcher(lines.get(i));
            if (!block.matches()) {
                i++;
                continue;
            }
            Instant at = LocalDateTime.parse(pad(block.group(1)), TIME)
                    .atZone(ZoneId.systemDefault())
                    .toInstant();
            boolean sent = i + 1 < lines.size() && lines.get(i + 1).contains("message sent");
            int j = i + 2;
            while (j < lines.size() && lines.get(j).isBlank()) {
                j++;
            }
            String firstLine = j < lines.size() ? lines.get(j).strip() : "";
            String callId = null;
            String cseqMethod = null;
            for (int k = j + 1; k < lines.size() && !lines.get(k).isBlank(); k++) {
                String header = lines.get(k);
                if (header.regionMatches(true, 0, "Call-ID:", 0, 8)) {
                    callId = header.substring(8).strip();
                } else if (header.regionMatches(true, 0, "CSeq:", 0, 5)) {
                    String[] parts = header.substring(5).strip().split("\\s+");
                    cseqMethod = parts.length > 1 ? parts[1] : null;
                }
            }
            if (callId != null) {
                byCall.computeIfAbsent(callId, c -> new ArrayList<>())
                        .add(new Message(at, sent, firstLine, cseqMethod));
            }
            i = j + 1;
        }
        Map<String, Call> calls = new LinkedHashMap<>();
        byCall.forEach((id, messages) -> calls.put(id, new Call(id, List.copyOf(messages))));
        return new SippTrace(calls);
    }

    private static String pad(String time) {
        int dot = time.indexOf('.');
        String fraction = time.substring(dot + 1);
        return time.substring(0, dot + 1) + (fraction + "000000").substring(0, 6);
    }
}
