package com.switchboard.workflows.call;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.workflows.call.EndReason.Fixed;
import com.switchboard.workflows.call.SessionAttempt.Broken;
import com.switchboard.workflows.call.SessionAttempt.Cancelled;
import com.switchboard.workflows.call.SessionAttempt.Ended;
import com.switchboard.workflows.call.SessionAttempt.HeartbeatLost;
import com.switchboard.workflows.call.SessionAttempt.NoCapacity;
import com.switchboard.workflows.call.SessionAttempt.NoShow;
import com.switchboard.workflows.call.SessionAttempt.Overran;
import com.switchboard.workflows.session.SessionEndReason;
import com.switchboard.workflows.session.SessionHeartbeat;
import com.switchboard.workflows.session.SessionResult;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The outcome table of CallWorkflowImpl, row by row, without a Temporal service. */
class SessionAttemptTest {
    static final Instant ANSWERED = Instant.parse("2026-03-02T09:00:05Z");
    static final Hangup HANGUP = new Hangup(Hangup.HangupSource.PARTICIPANT_LEFT, ANSWERED);

    @ParameterizedTest
    @CsvSource({
        "CALLER_LEFT, true, COMPLETED, caller_left",
        "CALLER_LEFT, false, ABANDONED, caller_left",
        "CALLER_MEDIA_LOST, true, GHOST_REAPED, caller_media_lost",
        "CALLER_MEDIA_LOST, false, GHOST_REAPED, caller_media_lost",
        "CALLER_MEDIA_TIMEOUT, true, GHOST_REAPED, caller_media_timeout",
        "AGENT_LEFT, true, COMPLETED, agent_left",
        "AGENT_LEFT, false, FAILED, agent_left",
        "ROOM_GONE, true, COMPLETED, room_gone",
        "ROOM_GONE, false, ABANDONED, room_gone",
        "MAX_DURATION, true, COMPLETED, max_duration",
        "MAX_DURATION, false, FAILED, max_duration",
        "CANCELLED, true, COMPLETED, session_cancelled",
        "CANCELLED, false, FAILED, session_cancelled",
    })
    void sessionThatReturnsEndsTheCallByItsReason(
            SessionEndReason reason, boolean answered, CallOutcome outcome, String endReason) {
        Ended ended = new Ended(new SessionResult(reason, answered ? ANSWERED : null, ANSWERED, "gpu-1", 0));

        assertThat(ended.ending(answered, null)).isEqualTo(new Ending(outcome, EndReason.of(endReason)));
    }

    @ParameterizedTest
    @EnumSource(value = SessionEndReason.class, mode = EnumSource.Mode.EXCLUDE, names = "CALLER_MEDIA_TIMEOUT")
    void hangupSignalDecidesOverWhateverElseTheSessionReports(SessionEndReason reason) {
        Ended ended = new Ended(new SessionResult(reason, null, ANSWERED, "gpu-1", 0));

        assertThat(ended.ending(true, HANGUP))
                .isEqualTo(new Ending(CallOutcome.COMPLETED, new EndReason.HungUp(HANGUP.source())));
        assertThat(ended.ending(false, HANGUP))
                .isEqualTo(new Ending(CallOutcome.ABANDONED, new EndReason.HungUp(HANGUP.source())));
        assertThat(new HeartbeatLost(null).ending(false, HANGUP).outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(new Cancelled().ending(true, HANGUP).outcome()).isEqualTo(CallOutcome.COMPLETED);
    }

    @Test
    void aCallerWhoseAudioTheAgentSawStopIsAGhostThoughLiveKitSentAHangup() {
        Ended ended =
                new Ended(new SessionResult(SessionEndReason.CALLER_MEDIA_TIMEOUT, ANSWERED, ANSWERED, "gpu-1", 0));

        assertThat(ended.ending(true, HANGUP))
                .isEqualTo(new Ending(CallOutcome.GHOST_REAPED, Fixed.CALLER_MEDIA_TIMEOUT));
    }

    @Test
    void failuresOfTheSessionMapToTheirOutcomes() {
        assertThat(new NoShow().ending(false, null)).isEqualTo(new Ending(CallOutcome.FAILED, Fixed.AGENT_NO_SHOW));
        assertThat(new NoCapacity().ending(false, null))
                .isEqualTo(new Ending(CallOutcome.NO_GPU_CAPACITY, Fixed.NO_GPU_CAPACITY));
        assertThat(new HeartbeatLost(null).ending(true, null))
                .isEqualTo(new Ending(CallOutcome.GHOST_REAPED, Fixed.HEARTBEAT_LOST));
        assertThat(new SessionAttempt.WorkerShutdown().ending(true, null))
                .isEqualTo(new Ending(CallOutcome.GHOST_REAPED, Fixed.WORKER_SHUTDOWN));
        assertThat(new SessionAttempt.WorkerShutdown().ending(false, null))
                .isEqualTo(new Ending(CallOutcome.GHOST_REAPED, Fixed.WORKER_SHUTDOWN));
        assertThat(SessionAttempt.of(new io.temporal.failure.ActivityFailure(
                        "session",
                        1,
                        2,
                        "AgentSessionActivities::runSession",
                        "runSession",
                        io.temporal.api.enums.v1.RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED,
                        "gpu@host",
                        io.temporal.failure.ApplicationFailure.newFailure(
                                "worker shut down", SessionAttempt.WORKER_SHUTDOWN))))
                .isEqualTo(new SessionAttempt.WorkerShutdown());
        assertThat(new Overran().ending(true, null))
                .isEqualTo(new Ending(CallOutcome.COMPLETED, Fixed.SESSION_OVERRAN));
        assertThat(new Overran().ending(false, null)).isEqualTo(new Ending(CallOutcome.FAILED, Fixed.SESSION_OVERRAN));
        assertThat(new Broken("Boom").ending(true, null))
                .isEqualTo(new Ending(CallOutcome.FAILED, new EndReason.SessionFailed("Boom")));
    }

    @Test
    void lastHeartbeatTellsWhetherAVanishedSessionWasAnswered() {
        SessionHeartbeat last =
                new SessionHeartbeat(SessionHeartbeat.SessionState.SUPERVISING, true, true, ANSWERED, "gpu-7");

        assertThat(new HeartbeatLost(last).answeredAt()).isEqualTo(ANSWERED);
        assertThat(new HeartbeatLost(last).gpuHost()).isEqualTo("gpu-7");
        assertThat(new HeartbeatLost(null).answeredAt()).isNull();
    }
}
