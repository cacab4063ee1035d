package com.switchboard.workflows.call;

import com.switchboard.workflows.call.EndReason.Fixed;
import com.switchboard.workflows.session.AgentSessionActivities;
import com.switchboard.workflows.session.SessionEndReason;
import com.switchboard.workflows.session.SessionHeartbeat;
import com.switchboard.workflows.session.SessionResult;
import io.temporal.common.converter.DataConverterException;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Instant;

/**
 * What one try of the agent-session activity came to. The activity runs with a single attempt, so
 * every way it can end arrives here and the workflow, not the server, decides what follows.
 */
sealed interface SessionAttempt {

    /** The session returned: the GPU worker saw the call end (or cleaned up after a cancellation). */
    record Ended(SessionResult result) implements SessionAttempt {}

    /** The session was cancelled and the worker did not return a result (or never started it). */
    record Cancelled() implements SessionAttempt {}

    /** The agent never joined the room; another worker may try. */
    record NoShow() implements SessionAttempt {}

    /** No GPU worker picked the session up within the schedule-to-start timeout. */
    record NoCapacity() implements SessionAttempt {}

    /** The worker stopped heartbeating: the host died or lost its network; {@code last} may be null. */
    record HeartbeatLost(SessionHeartbeat last) implements SessionAttempt {}

    /**
     * The GPU worker shut down under the session (deploy, drain timeout): its agent is gone with it,
     * the same loss as a silent worker, only reported.
     */
    record WorkerShutdown() implements SessionAttempt {}

    /** The session outlived its start-to-close bound, i.e. the worker failed to end the call. */
    record Overran() implements SessionAttempt {}

    /** Any other failure of the session, by its failure type. */
    record Broken(String type) implements SessionAttempt {}

    /** The failure type the SDK reports for an activity whose worker shut down under it. */
    String WORKER_SHUTDOWN = "io.temporal.client.ActivityWorkerShutdownException";

    static SessionAttempt of(ActivityFailure failure) {
        return switch (failure.getCause()) {
            case CanceledFailure canceled -> new Cancelled();
            case ApplicationFailure app when AgentSessionActivities.AGENT_NO_SHOW.equals(app.getType()) -> new NoShow();
            case ApplicationFailure app when WORKER_SHUTDOWN.equals(app.getType()) -> new WorkerShutdown();
            case ApplicationFailure app -> new Broken(app.getType());
            case TimeoutFailure timeout ->
                switch (timeout.getTimeoutType()) {
                    case TIMEOUT_TYPE_SCHEDULE_TO_START -> new NoCapacity();
                    case TIMEOUT_TYPE_HEARTBEAT -> new HeartbeatLost(lastHeartbeat(timeout));
                    case TIMEOUT_TYPE_START_TO_CLOSE, TIMEOUT_TYPE_SCHEDULE_TO_CLOSE -> new Overran();
                    case TIMEOUT_TYPE_UNSPECIFIED, UNRECOGNIZED -> new Broken("timeout");
                };
            case null, default -> new Broken(failure.getCause() == null ? "unknown" : simpleName(failure));
        };
    }

    /** When the agent answered, as far as this attempt tells; null if it does not say. */
    default Instant answeredAt() {
        return switch (this) {
            case Ended ended -> ended.result().answeredAt();
            case HeartbeatLost lost -> lost.last() == null ? null : lost.last().answeredAt();
            case WorkerShutdown w -> null;
            case Cancelled c -> null;
            case NoShow n -> null;
            case NoCapacity n -> null;
            case Overran o -> null;
            case Broken b -> null;
        };
    }

    /** The GPU host that held the session, as far as this attempt tells; null if it does not say. */
    default String gpuHost() {
        return switch (this) {
            case Ended ended -> ended.result().gpuHost();
            case HeartbeatLost lost -> lost.last() == null ? null : lost.last().gpuHost();
            case WorkerShutdown w -> null;
            case Cancelled c -> null;
            case NoShow n -> null;
            case NoCapacity n -> null;
            case Overran o -> null;
            case Broken b -> null;
        };
    }

    /**
     * The outcome of a call whose (last) session attempt ended like this; the table in {@link
     * CallWorkflowImpl} is the specification.
     *
     * @param answered whether the agent answered in any attempt
     * @param hangup the hangup signal if one arrived before the session ended
     */
    default Ending ending(boolean answered, Hangup hangup) {
        if (this instanceof Ended ended && ended.result().reason() == SessionEndReason.CALLER_MEDIA_TIMEOUT) {
            // LiveKit SIP sends participant_left for its media timeout as for a BYE; the agent's
            // report that the caller's audio had stopped is what tells the ghost apart.
            return new Ending(CallOutcome.GHOST_REAPED, Fixed.CALLER_MEDIA_TIMEOUT);
        }
        if (hangup != null) {
            // The caller hung up and we cancelled the session: however the worker reported back
            // (result, cancellation, lost heartbeat), the caller is the reason the call ended.
            return new Ending(answered ? CallOutcome.COMPLETED : CallOutcome.ABANDONED, EndReason.hungUp(hangup));
        }
        CallOutcome answeredOrFailed = answered ? CallOutcome.COMPLETED : CallOutcome.FAILED;
        return switch (this) {
            case Ended ended ->
                switch (ended.result().reason()) {
                    case CALLER_LEFT ->
                        new Ending(answered ? CallOutcome.COMPLETED : CallOutcome.ABANDONED, Fixed.CALLER_LEFT);
                    case CALLER_MEDIA_LOST -> new Ending(CallOutcome.GHOST_REAPED, Fixed.CALLER_MEDIA_LOST);
                    case CALLER_MEDIA_TIMEOUT -> throw new IllegalStateException("decided before the hangup, above");
                    case AGENT_LEFT -> new Ending(answeredOrFailed, Fixed.AGENT_LEFT);
                    // A room that vanishes before the agent answered is a caller who hung up while
                    // ringing (LiveKit closes the room they leave) and whose webhook is still on its way.
                    case ROOM_GONE ->
                        new Ending(answered ? CallOutcome.COMPLETED : CallOutcome.ABANDONED, Fixed.ROOM_GONE);
                    case MAX_DURATION -> new Ending(answeredOrFailed, Fixed.MAX_DURATION);
                    case CANCELLED -> new Ending(answeredOrFailed, Fixed.SESSION_CANCELLED);
                };
            case Cancelled c -> new Ending(answeredOrFailed, Fixed.SESSION_CANCELLED);
            case NoShow n -> new Ending(CallOutcome.FAILED, Fixed.AGENT_NO_SHOW);
            case NoCapacity n -> new Ending(CallOutcome.NO_GPU_CAPACITY, Fixed.NO_GPU_CAPACITY);
            case HeartbeatLost lost -> new Ending(CallOutcome.GHOST_REAPED, Fixed.HEARTBEAT_LOST);
            // Whether its agent had answered died with the worker: reaped like a silent worker.
            case WorkerShutdown w -> new Ending(CallOutcome.GHOST_REAPED, Fixed.WORKER_SHUTDOWN);
            case Overran o -> new Ending(answeredOrFailed, Fixed.SESSION_OVERRAN);
            case Broken broken -> new Ending(CallOutcome.FAILED, new EndReason.SessionFailed(broken.type()));
        };
    }

    private static SessionHeartbeat lastHeartbeat(TimeoutFailure timeout) {
        var details = timeout.getLastHeartbeatDetails();
        if (details == null || details.getSize() == 0) {
            return null;
        }
        try {
            return details.get(SessionHeartbeat.class);
        } catch (DataConverterException unreadable) {
            // A worker of another version heartbeating something else must not break the call's end.
            return null;
        }
    }

    private static String simpleName(ActivityFailure failure) {
        return failure.getCause().getClass().getSimpleName();
    }
}
