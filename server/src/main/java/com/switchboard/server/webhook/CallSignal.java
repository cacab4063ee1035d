package com.switchboard.server.webhook;

import com.switchboard.workflows.call.CallerJoined;
import com.switchboard.workflows.call.Hangup;

/** What a webhook tells a call's workflow. */
sealed interface CallSignal {
    String roomName();

    record Joined(String roomName, CallerJoined joined) implements CallSignal {}

    record Gone(String roomName, Hangup hangup) implements CallSignal {}
}
