package com.switchboard.livekit.simulator;

import java.time.Duration;

/** What a dispatched agent does; configurable per agent name. */
public sealed interface AgentBehaviour {

    /** The agent joins the room this long after its dispatch, and LiveKit SIP answers the caller. */
    record JoinsAfter(Duration delay) implements AgentBehaviour {
        public JoinsAfter {
            if (delay == null || delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative");
            }
        }
    }

    /** The agent never shows up (no worker, crashed worker): the caller keeps ringing. */
    record NeverJoins() implements AgentBehaviour {}

    static AgentBehaviour joinsAfter(Duration delay) {
        return new JoinsAfter(delay);
    }

    static AgentBehaviour neverJoins() {
        return new NeverJoins();
    }
}
