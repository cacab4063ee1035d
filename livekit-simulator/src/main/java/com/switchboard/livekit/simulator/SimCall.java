package com.switchboard.livekit.simulator;

import java.time.Instant;

/** One simulated SIP call and how LiveKit SIP answered the INVITE. */
final class SimCall {
    final String room;
    final String calledNumber;
    final String callerNumber;
    final String identity;
    final String callId;
    final String callIdFull;
    final String trunkId;
    final Instant placedAt;
    CallState state = CallState.RINGING;
    Integer sipStatus;
    Instant answeredAt;
    Instant endedAt;
    EndCause endCause;

    SimCall(
            String room,
            String calledNumber,
            String callerNumber,
            String identity,
            String callId,
            String callIdFull,
            String trunkId,
            Instant placedAt) {
        this.room = room;
        this.calledNumber = calledNumber;
        this.callerNumber = callerNumber;
        this.identity = identity;
        this.callId = callId;
        this.callIdFull = callIdFull;
        this.trunkId = trunkId;
        this.placedAt = placedAt;
    }

    /** No trunk or rule took the INVITE: LiveKit SIP with hide_inbound_port rings once, then stays silent. */
    static SimCall notAccepted(String calledNumber, String callerNumber, Instant now) {
        SimCall refused = new SimCall(null, calledNumber, callerNumber, null, null, null, null, now);
        refused.state = CallState.NOT_ACCEPTED;
        refused.sipStatus = null;
        refused.endedAt = now;
        return refused;
    }

    /** LiveKit SIP answers the INVITE when the first track subscription happens: the agent's. */
    boolean answer(Instant now) {
        if (state != CallState.RINGING) {
            return false;
        }
        state = CallState.ACTIVE;
        sipStatus = 200;
        answeredAt = now;
        return true;
    }

    /** The caller left the room: how LiveKit SIP ends the SIP dialog depends on whether it was answered. */
    void end(EndCause cause, Instant now) {
        if (state == CallState.RINGING) {
            switch (cause) {
                case ROOM_DELETED, PARTICIPANT_REMOVED -> {
                    // Closing the room or removing the caller before any answer: LiveKit SIP sends 486.
                    state = CallState.REJECTED_486;
                    sipStatus = 486;
                }
                case CALLER_HANGUP, CONNECTION_ABORTED, MEDIA_TIMEOUT -> {
                    state = CallState.ENDED;
                    sipStatus = 487;
                }
            }
        } else if (state == CallState.ACTIVE) {
            state = CallState.ENDED;
        } else {
            return;
        }
        endedAt = now;
        endCause = cause;
    }

    SimulatedCall snapshot() {
        return new SimulatedCall(
                room,
                calledNumber,
                callerNumber,
                identity,
                callId,
                callIdFull,
                trunkId,
                state,
                sipStatus,
                placedAt,
                answeredAt,
                endedAt,
                endCause);
    }
}
