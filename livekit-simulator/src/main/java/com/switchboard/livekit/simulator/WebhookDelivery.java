package com.switchboard.livekit.simulator;

import java.util.List;

/**
 * One webhook event and what became of it.
 *
 * @param body the exact JSON body that was (or would have been) posted
 * @param statuses the HTTP status of every attempt, -1 for a connection failure
 * @param sends how many times it reached the receiver with a 2xx answer (2 when duplicated)
 */
public record WebhookDelivery(
        String eventId,
        String event,
        String roomName,
        String participantIdentity,
        String body,
        List<Integer> statuses,
        int sends,
        Outcome outcome) {

    public enum Outcome {
        /** Still queued or being sent. */
        PENDING,
        /** Accepted by the receiver (2xx). */
        DELIVERED,
        /** Thrown away by the loss fault, never sent. */
        LOST,
        /** Answered with a 4xx other than 429: LiveKit does not retry those. */
        REJECTED,
        /** Every retry failed. */
        FAILED,
        /** Waited longer than LiveKit keeps an event in its queue. */
        DROPPED,
        /** No webhook URL was configured. */
        NOT_SENT
    }

    public WebhookDelivery {
        statuses = List.copyOf(statuses);
    }
}
