package com.switchboard.gpu.session;

import com.switchboard.workflows.session.SessionEndReason;
import com.switchboard.workflows.session.SessionHeartbeat.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Supervision of one call, as a pure function of successive looks at the room: first waiting for
 * the dispatched agent, then watching caller and agent until the call ends. No I/O, no clock of
 * its own, so every ending is tested from room views alone.
 *
 * <p>How a caller's departure is told apart: LiveKit SIP ends a call after BYE and after its media
 * timeout (no RTP from the PBX) the same way: {@code sip.callStatus} {@code hangup}, then a normal
 * participant_left. What differs is the audio before it, and only the agent receives that: it
 * reports {@code switchboard.callerAudio} = {@code lost} once no RTP has arrived for a while
 * (agents/reference/README.md). A caller who leaves, or whose room goes, while this session's agent
 * last reported the audio lost is {@link SessionEndReason#CALLER_MEDIA_TIMEOUT}, a ghost whatever
 * webhook follows. Otherwise the last status seen decides: {@code hangup} seen means {@link
 * SessionEndReason#CALLER_LEFT}; a caller that vanished while {@code active} is {@link
 * SessionEndReason#CALLER_MEDIA_LOST}, which the call workflow tells from a hangup whose status was
 * too brief for a poll to catch by waiting its hangup grace for the webhook. A caller who leaves
 * before the agent answered was still ringing (no media timeout applies before answer), so that is
 * always {@link SessionEndReason#CALLER_LEFT}.
 */
final class CallWatch {
    static final String HANGUP = "hangup";
    static final String ACTIVE = "active";

    private final String callerIdentity;
    private final Set<String> agentsBeforeDispatch;
    private final Instant agentDeadline;
    private final Duration maxCall;
    private final Instant callStart;

    private boolean agentJoined;
    private Instant answeredAt;
    private String lastCallerStatus;
    private boolean callerAudioLost;
    private Integer ticketsCreated;

    /**
     * @param agentsBeforeDispatch agents already in the room before this attempt dispatched its
     *     own (a previous attempt's, perhaps of a dead host): they are not this session's agent
     * @param maxCall the call's maximum duration, null for none
     * @param callStart when the call's duration starts counting
     * @param answeredBefore when a previous attempt's agent answered, null if none did
     */
    CallWatch(
            String callerIdentity,
            Set<String> agentsBeforeDispatch,
            Instant agentDeadline,
            Duration maxCall,
            Instant callStart,
            Instant answeredBefore) {
        this.callerIdentity = callerIdentity;
        this.agentsBeforeDispatch = Set.copyOf(agentsBeforeDispatch);
        this.agentDeadline = agentDeadline;
        this.maxCall = maxCall;
        this.callStart = callStart;
        this.answeredAt = answeredBefore;
    }

    /** One look at the room (empty: the room is gone) at {@code now}. */
    Verdict observe(Optional<RoomView> room, Instant now) {
        if (room.isEmpty()) {
            return new Verdict.End(
                    mediaTimedOut() ? SessionEndReason.CALLER_MEDIA_TIMEOUT : SessionEndReason.ROOM_GONE, false);
        }
        RoomView view = room.get();
        Optional<RoomView.Participant> caller = view.caller(callerIdentity);
        caller.ifPresent(c -> lastCallerStatus = c.callStatus());
        if (ACTIVE.equals(lastCallerStatus) && answeredAt == null) {
            // LiveKit SIP answered (an agent subscribed), even if a look at the agent came too late.
            answeredAt = now;
        }
        boolean agentPresent = false;
        boolean audioLost = false;
        for (RoomView.Participant agent : view.agents()) {
            if (!agentsBeforeDispatch.contains(agent.identity())) {
                agentPresent = true;
                audioLost |= agent.callerAudioLost();
                if (agent.ticketsCreated() != null) {
                    ticketsCreated = agent.ticketsCreated();
                }
            }
        }

        if (agentPresent) {
            // An agent that already left keeps its last word: it leaves right after the caller.
            callerAudioLost = audioLost;
        }

        if (caller.isEmpty() || HANGUP.equals(lastCallerStatus)) {
            return new Verdict.End(callerEnd(), false);
        }
        if (!agentJoined) {
            if (agentPresent) {
                agentJoined = true;
                if (answeredAt == null) {
                    answeredAt = now;
                }
            } else if (!now.isBefore(agentDeadline)) {
                return new Verdict.NoShow();
            } else {
                return new Verdict.Continue(SessionState.WAITING_FOR_AGENT, false, true);
            }
        }
        if (!agentPresent) {
            return new Verdict.End(SessionEndReason.AGENT_LEFT, true);
        }
        if (maxCall != null && !now.isBefore(callStart.plus(maxCall))) {
            return new Verdict.End(SessionEndReason.MAX_DURATION, true);
        }
        return new Verdict.Continue(SessionState.SUPERVISING, true, true);
    }

    /** LiveKit dropped the caller after this session's agent reported the caller's audio gone. */
    private boolean mediaTimedOut() {
        return agentJoined && callerAudioLost;
    }

    private SessionEndReason callerEnd() {
        if (mediaTimedOut()) {
            return SessionEndReason.CALLER_MEDIA_TIMEOUT;
        }
        if (!agentJoined || HANGUP.equals(lastCallerStatus)) {
            return SessionEndReason.CALLER_LEFT;
        }
        return SessionEndReason.CALLER_MEDIA_LOST;
    }

    boolean agentJoined() {
        return agentJoined;
    }

    /** When the agent answered (this attempt or an earlier one), null if it never did. */
    Instant answeredAt() {
        return answeredAt;
    }

    /** What the agent last reported, 0 when it reported nothing. */
    int ticketsCreated() {
        return ticketsCreated == null ? 0 : ticketsCreated;
    }
}
