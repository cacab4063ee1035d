package com.switchboard.server.webhook;

/** What became of one webhook request; each outcome has its HTTP status. */
sealed interface WebhookOutcome {

    /** Handed to the call's workflow. */
    record Delivered(String workflowId, String event) implements WebhookOutcome {}

    /** Seen before: LiveKit retried or duplicated it. */
    record Duplicate(String eventId) implements WebhookOutcome {}

    /** Not about a call (another event, another room, the agent): nothing to do. */
    record Ignored(String event) implements WebhookOutcome {}

    /** The call's workflow is closed already; a late event changes nothing. */
    record CallOver(String workflowId) implements WebhookOutcome {}

    /** Missing, wrong-key, expired or tampered signature. */
    record Unauthorized(String reason) implements WebhookOutcome {}

    /** Correctly signed but not a webhook event we can read. */
    record Malformed(String reason) implements WebhookOutcome {}

    /** Temporal or the database could not take it now; LiveKit retries on a 5xx. */
    record Unavailable(String reason) implements WebhookOutcome {}

    /** The outcome tag of the webhook timer. */
    default String metricName() {
        return switch (this) {
            case Delivered d -> "delivered";
            case Duplicate d -> "duplicate";
            case Ignored i -> "ignored";
            case CallOver c -> "callover";
            case Unauthorized u -> "unauthorized";
            case Malformed m -> "malformed";
            case Unavailable u -> "unavailable";
        };
    }

    default int httpStatus() {
        return switch (this) {
            case Delivered d -> 200;
            case Duplicate d -> 200;
            case Ignored i -> 200;
            case CallOver c -> 200;
            case Unauthorized u -> 401;
            case Malformed m -> 400;
            case Unavailable u -> 503;
        };
    }
}
