package com.switchboard.server.calls;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * What a live page shows, as one server-sent event: calls in progress and the live count per number.
 *
 * @param numbers number id to calls on it now (numbers without calls are absent)
 */
public record LiveSnapshot(int total, Map<Long, Integer> numbers, List<Call> calls) {

    /**
     * @param numberLabel null when the number now belongs to someone else
     * @param started local time of day in the page's zone
     * @param organizationName shown to operators, who see every organization's calls
     * @param temporalUrl the call's workflow in Temporal UI, for operators; null without a UI or for a
     *     tenant
     */
    public record Call(
            long callId,
            long numberId,
            String calledNumber,
            String numberLabel,
            String callerNumber,
            String started,
            long seconds,
            String workflowId,
            String organizationName,
            String temporalUrl) {}

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    /** @param links the call's Temporal UI page by workflow id, or null for none (tenants) */
    static LiveSnapshot of(
            List<LiveCall> calls,
            Map<Long, Integer> counts,
            Instant now,
            ZoneId zone,
            java.util.function.UnaryOperator<String> links) {
        return new LiveSnapshot(
                calls.size(),
                Map.copyOf(counts),
                calls.stream()
                        .map(c -> new Call(
                                c.callId(),
                                c.numberId(),
                                c.calledNumber(),
                                c.numberLabel(),
                                c.callerNumber(),
                                TIME.format(c.startedAt().atZone(zone)),
                                Math.max(0, Duration.between(c.startedAt(), now).toSeconds()),
                                c.workflowId(),
                                c.organizationName(),
                                links == null ? null : links.apply(c.workflowId())))
                        .toList());
    }
}
