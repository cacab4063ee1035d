package com.switchboard.livekit.simulator;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.livekit.server.AccessToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import livekit.LivekitWebhook.WebhookEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts signed webhooks the way LiveKit's URL notifier does: one queue per room, so a room's events
 * arrive in order while rooms proceed independently; retries on connection errors, 5xx and 429;
 * drops events that waited too long; and, when asked to, loses, duplicates or holds back events.
 */
final class WebhookSender implements AutoCloseable {
    static final String CONTENT_TYPE = "application/webhook+json";
    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);
    private static final JsonFormat.Printer JSON = JsonFormat.printer().omittingInsignificantWhitespace();

    private final String apiKey;
    private final String apiSecret;
    private final WebhookFaults faults;
    private final Random random;
    private final Supplier<URI> url;
    private final HttpClient http;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();

    private final Map<String, RoomQueue> queues = new HashMap<>();
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private int busy;

    WebhookSender(String apiKey, String apiSecret, WebhookFaults faults, Random random, Supplier<URI> url) {
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
        this.faults = faults;
        this.random = random;
        this.url = url;
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Queues an event behind the earlier events of its room. */
    synchronized void enqueue(WebhookEvent event) {
        String body;
        try {
            body = JSON.print(event);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("webhook event cannot be printed", e);
        }
        String room = event.hasRoom() ? event.getRoom().getName() : "";
        Entry entry = new Entry(
                event.getId(),
                event.getEvent(),
                room,
                event.hasParticipant() ? event.getParticipant().getIdentity() : null,
                body,
                Instant.now());
        entries.put(entry.eventId, entry);
        RoomQueue queue = queues.computeIfAbsent(room, r -> new RoomQueue());
        queue.pending.add(entry);
        if (!queue.running) {
            queue.running = true;
            busy++;
            workers.execute(() -> drain(room, queue));
        }
    }

    private void drain(String room, RoomQueue queue) {
        while (true) {
            Entry next;
            synchronized (this) {
                next = queue.pending.poll();
                if (next == null) {
                    queue.running = false;
                    queues.remove(room, queue);
                    busy--;
                    notifyAll();
                    return;
                }
            }
            try {
                deliver(next);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finish(next, WebhookDelivery.Outcome.FAILED);
            } catch (RuntimeException e) {
                log.warn("webhook {} could not be delivered", next.eventId, e);
                finish(next, WebhookDelivery.Outcome.FAILED);
            }
        }
    }

    private void deliver(Entry entry) throws InterruptedException {
        URI target = url.get();
        if (target == null) {
            finish(entry, WebhookDelivery.Outcome.NOT_SENT);
            return;
        }
        if (chance(faults.lossRate())) {
            finish(entry, WebhookDelivery.Outcome.LOST);
            return;
        }
        if (chance(faults.reorderRate())) {
            long hold = (long) (faults.maxReorderDelay().toMillis() * nextDouble());
            Thread.sleep(hold);
        }
        WebhookDelivery.Outcome outcome = sendWithRetries(entry, target);
        if (outcome == WebhookDelivery.Outcome.DELIVERED && chance(faults.duplicateRate())) {
            sendWithRetries(entry, target);
        }
        finish(entry, outcome);
    }

    private WebhookDelivery.Outcome sendWithRetries(Entry entry, URI target) throws InterruptedException {
        long backoff = faults.retryBackoff().toMillis();
        for (int attempt = 0; attempt <= faults.maxRetries(); attempt++) {
            if (Duration.between(entry.queuedAt, Instant.now()).compareTo(faults.dropAfter()) > 0) {
                return WebhookDelivery.Outcome.DROPPED;
            }
            int status = post(entry.body, target);
            synchronized (this) {
                entry.statuses.add(status);
                if (status >= 200 && status < 300) {
                    entry.sends++;
                }
            }
            if (status >= 200 && status < 300) {
                return WebhookDelivery.Outcome.DELIVERED;
            }
            // retryablehttp's policy: connection errors, 429 and 5xx are retried, other 4xx are final.
            if (status >= 400 && status < 500 && status != 429) {
                return WebhookDelivery.Outcome.REJECTED;
            }
            if (attempt < faults.maxRetries()) {
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        return WebhookDelivery.Outcome.FAILED;
    }

    /** Posts a body with a fresh signature; -1 when the connection failed. */
    int post(String body, URI target) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", CONTENT_TYPE)
                .header("Authorization", sign(body))
                .header("User-Agent", "LiveKit")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            log.debug("webhook POST to {} failed: {}", target, e.toString());
            return -1;
        }
    }

    /** A token like LiveKit's: issued by the API key, valid five minutes, sha256 of the exact body. */
    String sign(String body) {
        AccessToken token = new AccessToken(apiKey, apiSecret);
        token.setTtl(TimeUnit.MINUTES.toMillis(5));
        token.setSha256(sha256Base64(body.getBytes(StandardCharsets.UTF_8)));
        return token.toJwt();
    }

    static String sha256Base64(byte[] bytes) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Sends a recorded event once more, signed anew, outside the room queues (a test's duplicate). */
    int resend(String eventId) throws InterruptedException {
        Entry entry;
        synchronized (this) {
            entry = entries.get(eventId);
        }
        if (entry == null) {
            throw new IllegalArgumentException("no webhook with id " + eventId);
        }
        URI target = url.get();
        if (target == null) {
            throw new IllegalStateException("no webhook URL configured");
        }
        return post(entry.body, target);
    }

    synchronized List<WebhookDelivery> deliveries() {
        List<WebhookDelivery> out = new ArrayList<>(entries.size());
        for (Entry e : entries.values()) {
            out.add(new WebhookDelivery(
                    e.eventId, e.event, e.room, e.participantIdentity, e.body, e.statuses, e.sends, e.outcome));
        }
        return out;
    }

    /** Waits until every queued event is delivered or given up on. */
    synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (busy > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private synchronized void finish(Entry entry, WebhookDelivery.Outcome outcome) {
        entry.outcome = outcome;
        if (outcome != WebhookDelivery.Outcome.DELIVERED) {
            log.debug("webhook {} {} for room {}: {}", entry.eventId, entry.event, entry.room, outcome);
        }
    }

    private boolean chance(double rate) {
        return rate > 0 && nextDouble() < rate;
    }

    private double nextDouble() {
        synchronized (random) {
            return random.nextDouble();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        http.close();
    }

    private static final class RoomQueue {
        final ArrayDeque<Entry> pending = new ArrayDeque<>();
        boolean running;
    }

    private static final class Entry {
        final String eventId;
        final String event;
        final String room;
        final String participantIdentity;
        final String body;
        final Instant queuedAt;
        final List<Integer> statuses = new ArrayList<>();
        int sends;
        WebhookDelivery.Outcome outcome = WebhookDelivery.Outcome.PENDING;

        Entry(String eventId, String event, String room, String participantIdentity, String body, Instant queuedAt) {
            this.eventId = eventId;
            this.event = event;
            this.room = room;
            this.participantIdentity = participantIdentity;
            this.body = body;
            this.queuedAt = queuedAt;
        }
    }
}
