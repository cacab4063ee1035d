package com.switchboard.workflows.call;

import java.time.Instant;

/** The caller is gone, as far as a webhook (or an operator) knows. */
public record Hangup(HangupSource source, Instant at) {
    public enum HangupSource {
        PARTICIPANT_LEFT,
        PARTICIPANT_CONNECTION_ABORTED,
        ROOM_FINISHED,
        OPERATOR
    }
}
