package com.switchboard.livekit.simulator;

import java.time.Duration;

/**
 * How badly webhook delivery behaves. LiveKit retries failed deliveries (connection errors, 5xx,
 * 429) up to four times, keeps the events of one room in order, drops what waited too long in the
 * queue, and can deliver an event twice or not at all; every rate here is 0 by default so that a
 * test opts into the faults it exercises.
 *
 * @param duplicateRate chance that a delivered event is delivered a second time
 * @param lossRate chance that an event is never sent
 * @param reorderRate chance that a room's next event is held back for up to {@code
 *     maxReorderDelay}, so that events of different rooms arrive interleaved differently
 * @param maxReorderDelay the longest hold-back of a reordered event
 * @param maxRetries retries after a failed attempt
 * @param retryBackoff the wait before the first retry; doubled for each further one
 * @param dropAfter an event still undelivered this long after it was queued is dropped
 */
public record WebhookFaults(
        double duplicateRate,
        double lossRate,
        double reorderRate,
        Duration maxReorderDelay,
        int maxRetries,
        Duration retryBackoff,
        Duration dropAfter) {

    public WebhookFaults {
        requireRate(duplicateRate, "duplicateRate");
        requireRate(lossRate, "lossRate");
        requireRate(reorderRate, "reorderRate");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must not be negative");
        }
        if (maxReorderDelay == null || maxReorderDelay.isNegative()) {
            throw new IllegalArgumentException("maxReorderDelay must not be negative");
        }
        if (retryBackoff == null || retryBackoff.isNegative()) {
            throw new IllegalArgumentException("retryBackoff must not be negative");
        }
        if (dropAfter == null || dropAfter.isNegative() || dropAfter.isZero()) {
            throw new IllegalArgumentException("dropAfter must be positive");
        }
    }

    /** LiveKit's delivery without faults: ordered, four retries, dropped after 30 s in the queue. */
    public static WebhookFaults none() {
        return new WebhookFaults(0, 0, 0, Duration.ofMillis(300), 4, Duration.ofMillis(100), Duration.ofSeconds(30));
    }

    public WebhookFaults withDuplicateRate(double rate) {
        return new WebhookFaults(rate, lossRate, reorderRate, maxReorderDelay, maxRetries, retryBackoff, dropAfter);
    }

    public WebhookFaults withLossRate(double rate) {
        return new WebhookFaults(
                duplicateRate, rate, reorderRate, maxReorderDelay, maxRetries, retryBackoff, dropAfter);
    }

    public WebhookFaults withReorderRate(double rate) {
        return new WebhookFaults(duplicateRate, lossRate, rate, maxReorderDelay, maxRetries, retryBackoff, dropAfter);
    }

    public WebhookFaults withRetryBackoff(Duration backoff) {
        return new WebhookFaults(duplicateRate, lossRate, reorderRate, maxReorderDelay, maxRetries, backoff, dropAfter);
    }

    private static void requireRate(double rate, String name) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1: " + rate);
        }
    }
}
