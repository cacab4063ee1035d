package com.switchboard.gpu.session;

import com.switchboard.gpu.slots.SessionKey;
import com.switchboard.workflows.session.AgentSessionActivities;
import com.switchboard.workflows.session.SessionEndReason;
import com.switchboard.workflows.session.SessionHeartbeat;
import com.switchboard.workflows.session.SessionHeartbeat.SessionState;
import com.switchboard.workflows.session.SessionRequest;
import com.switchboard.workflows.session.SessionResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent session of one call: dispatch the tenant's agent into the call's room, wait for it to
 * join, then supervise the call until it ends, heartbeating all along so that a dead GPU host is
 * noticed by its heartbeat timeout. See {@link CallWatch} for how each ending is recognised.
 *
 * <p>Endings and who cleans up: the caller gone or the room gone end the session and leave the
 * room to the call workflow; the agent gone or the maximum duration passed make this worker delete
 * the room (nothing else would end a call whose RTP still flows); a cancellation (the workflow saw
 * a hangup) deletes the room and reports {@link SessionEndReason#CANCELLED}. Losing the attempt
 * (the server timed it out or forgot it, or the worker is shutting down) only withdraws this
 * attempt's dispatch: a retry on another worker may own the call by now, so the room is left alone.
 */
public final class AgentSessionActivitiesImpl implements AgentSessionActivities {
    /** ApplicationFailure type of a request that can never succeed (no room, no agent name). */
    public static final String INVALID_REQUEST = "InvalidSessionRequest";

    /** ApplicationFailure type of an attempt that lost LiveKit for longer than it may ride out. */
    public static final String LIVEKIT_UNAVAILABLE = "LiveKitUnavailable";

    /** ApplicationFailure type of an attempt interrupted because its worker is going away. */
    public static final String WORKER_SHUTDOWN = "WorkerShutdown";

    private static final Logger log = LoggerFactory.getLogger(AgentSessionActivitiesImpl.class);

    private final LiveKitRooms livekit;
    private final SessionSettings settings;
    private final Function<SessionKey, String> gpuHost;
    private final Runnable afterNoShow;
    private final Clock clock;

    /**
     * @param gpuHost names the worker and device that hold a session's slot, e.g. {@code gpu-a/cuda:1}
     * @param afterNoShow runs when this worker's agent did not show up (the worker pauses admission)
     */
    public AgentSessionActivitiesImpl(
            LiveKitRooms livekit,
            SessionSettings settings,
            Function<SessionKey, String> gpuHost,
            Runnable afterNoShow,
            Clock clock) {
        this.livekit = livekit;
        this.settings = settings;
        this.gpuHost = gpuHost;
        this.afterNoShow = afterNoShow;
        this.clock = clock;
    }

    @Override
    public SessionResult runSession(SessionRequest request) {
        validate(request);
        try {
            return run(request);
        } catch (LiveKitUnavailableException e) {
            // Before supervision (which rides out short outages itself): the attempt fails, typed.
            throw ApplicationFailure.newFailureWithCause(e.getMessage(), LIVEKIT_UNAVAILABLE, e);
        }
    }

    private SessionResult run(SessionRequest request) {
        ActivityExecutionContext ctx = Activity.getExecutionContext();
        ActivityInfo info = ctx.getInfo();
        String host = gpuHost.apply(SessionKey.of(info));
        String room = request.roomName();
        // A retry keeps the answer time of an earlier attempt whose agent had answered.
        Instant answeredBefore = ctx.getHeartbeatDetails(SessionHeartbeat.class)
                .map(SessionHeartbeat::answeredAt)
                .orElse(null);
        Session session = new Session(ctx, request, host);

        // The caller is ringing: ask LiveKit about the room and its dispatches while the first
        // heartbeat goes to Temporal, so the dispatch waits for one round trip, not four.
        CompletableFuture<Optional<RoomView>> roomNow = LiveKitRooms.meanwhile(() -> livekit.view(room));
        CompletableFuture<List<LiveKitRooms.Dispatch>> dispatchedBefore =
                LiveKitRooms.meanwhile(() -> livekit.dispatches(room));
        session.beat(SessionState.DISPATCHING, false, true, answeredBefore);
        Optional<RoomView> before = LiveKitRooms.join(roomNow);
        if (before.isEmpty()) {
            log.info("room {} is gone before its agent was dispatched", room);
            return session.result(SessionEndReason.ROOM_GONE, answeredBefore, 0);
        }
        withdrawEarlierAttempts(request, info, LiveKitRooms.join(dispatchedBefore));
        String agentName = request.config().agentName() + settings.agentNameSuffix();
        String metadata = DispatchMetadata.of(request, host, info.getActivityId(), info.getAttempt())
                .toJson();
        session.dispatchId = livekit.createDispatch(room, agentName, metadata);
        log.info("dispatched agent {} to room {} from {} (attempt {})", agentName, room, host, info.getAttempt());

        Instant start = clock.instant();
        Set<String> agentsBefore = before.get().agents().stream()
                .map(RoomView.Participant::identity)
                .collect(Collectors.toSet());
        Duration maxCall = request.config().maxCallSeconds() != null
                ? Duration.ofSeconds(request.config().maxCallSeconds())
                : settings.defaultMaxCall();
        Instant callStart = request.admittedAt() != null ? request.admittedAt() : start;
        CallWatch watch = new CallWatch(
                request.callerIdentity(),
                agentsBefore,
                start.plus(settings.agentJoinTimeout()),
                maxCall,
                callStart,
                answeredBefore);
        try {
            return session.supervise(watch, agentName);
        } catch (ActivityCanceledException e) {
            if (e.getCause() instanceof TimeoutFailure) {
                // Timed out locally: the server has given up on this attempt, another may own the call.
                session.withdrawDispatch();
                throw e;
            }
            log.info("session of room {} cancelled by its workflow; ending the call", room);
            session.deleteRoomQuietly();
            return session.result(SessionEndReason.CANCELLED, watch.answeredAt(), watch.ticketsCreated());
        } catch (ActivityCompletionException e) {
            log.warn(
                    "session of room {} lost its attempt ({}); withdrawing its agent",
                    room,
                    e.getClass().getSimpleName());
            session.withdrawDispatch();
            throw e;
        }
    }

    /** Dispatches that earlier attempts of this call left behind (a dead host's, say) go first. */
    private void withdrawEarlierAttempts(
            SessionRequest request, ActivityInfo info, List<LiveKitRooms.Dispatch> dispatchedBefore) {
        for (LiveKitRooms.Dispatch dispatch : dispatchedBefore) {
            DispatchMetadata earlier = DispatchMetadata.parse(dispatch.metadata());
            if (earlier != null
                    && earlier.isEarlierAttemptOf(request.callWorkflowId(), info.getActivityId(), info.getAttempt())) {
                log.info(
                        "withdrawing dispatch {} of an earlier session attempt in room {}",
                        dispatch.id(),
                        request.roomName());
                livekit.deleteDispatch(request.roomName(), dispatch.id());
            }
        }
    }

    private static void validate(SessionRequest request) {
        if (request == null || request.roomName() == null || request.roomName().isBlank()) {
            throw ApplicationFailure.newNonRetryableFailure("an agent session needs a room", INVALID_REQUEST);
        }
        if (request.callWorkflowId() == null || request.callWorkflowId().isBlank()) {
            throw ApplicationFailure.newNonRetryableFailure("an agent session needs its call", INVALID_REQUEST);
        }
        if (request.config() == null
                || request.config().agentName() == null
                || request.config().agentName().isBlank()) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "the agent config of room " + request.roomName() + " names no agent", INVALID_REQUEST);
        }
    }

    /** One attempt's state: its context, its dispatch, the last facts it heartbeated. */
    private final class Session {
        private final ActivityExecutionContext ctx;
        private final SessionRequest request;
        private final String host;
        private String dispatchId;
        private Instant lastLiveKitAnswer;

        Session(ActivityExecutionContext ctx, SessionRequest request, String host) {
            this.ctx = ctx;
            this.request = request;
            this.host = host;
        }

        SessionResult supervise(CallWatch watch, String agentName) {
            lastLiveKitAnswer = clock.instant();
            Verdict.Continue last = new Verdict.Continue(SessionState.WAITING_FOR_AGENT, false, true);
            while (true) {
                Instant now = clock.instant();
                Verdict verdict = observe(watch, now).orElse(last);
                switch (verdict) {
                    case Verdict.Continue facts -> {
                        last = facts;
                        beat(facts.state(), facts.agentPresent(), facts.callerPresent(), watch.answeredAt());
                        sleep();
                    }
                    case Verdict.NoShow noShow -> {
                        withdrawDispatch();
                        afterNoShow.run();
                        log.warn(
                                "agent {} did not join room {} within {}",
                                agentName,
                                request.roomName(),
                                settings.agentJoinTimeout());
                        throw ApplicationFailure.newFailure(
                                "agent " + agentName + " did not join room " + request.roomName() + " within "
                                        + settings.agentJoinTimeout() + " (" + host + ")",
                                AGENT_NO_SHOW);
                    }
                    case Verdict.End end -> {
                        beat(SessionState.ENDING, false, false, watch.answeredAt());
                        if (end.deleteRoom()) {
                            deleteRoomQuietly();
                        } else if (!watch.agentJoined()) {
                            withdrawDispatch();
                        }
                        log.info("session of room {} ended: {}", request.roomName(), end.reason());
                        return result(end.reason(), watch.answeredAt(), watch.ticketsCreated());
                    }
                }
            }
        }

        /** What the room says now; nothing while LiveKit is unreachable (within the allowance). */
        private Optional<Verdict> observe(CallWatch watch, Instant now) {
            try {
                Optional<RoomView> view = livekit.view(request.roomName());
                lastLiveKitAnswer = now;
                return Optional.of(watch.observe(view, now));
            } catch (LiveKitUnavailableException e) {
                if (Duration.between(lastLiveKitAnswer, now).compareTo(settings.liveKitOutage()) > 0) {
                    withdrawDispatch();
                    throw ApplicationFailure.newFailureWithCause(
                            "LiveKit unreachable for over " + settings.liveKitOutage() + " supervising room "
                                    + request.roomName(),
                            LIVEKIT_UNAVAILABLE,
                            e);
                }
                log.warn("LiveKit error supervising room {}: {}", request.roomName(), e.getMessage());
                return Optional.empty();
            }
        }

        void beat(SessionState state, boolean agentPresent, boolean callerPresent, Instant answeredAt) {
            ctx.heartbeat(new SessionHeartbeat(state, agentPresent, callerPresent, answeredAt, host));
        }

        SessionResult result(SessionEndReason reason, Instant answeredAt, int tickets) {
            return new SessionResult(reason, answeredAt, clock.instant(), host, tickets);
        }

        void deleteRoomQuietly() {
            try {
                livekit.deleteRoom(request.roomName());
            } catch (LiveKitUnavailableException e) {
                log.error("could not delete room {}; the call workflow ends it", request.roomName(), e);
            }
        }

        void withdrawDispatch() {
            if (dispatchId == null) {
                return;
            }
            try {
                livekit.deleteDispatch(request.roomName(), dispatchId);
            } catch (LiveKitUnavailableException e) {
                log.warn(
                        "could not withdraw dispatch {} in room {}: {}",
                        dispatchId,
                        request.roomName(),
                        e.getMessage());
            }
        }

        private void sleep() {
            try {
                Thread.sleep(settings.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw ApplicationFailure.newFailure(
                        "GPU worker " + host + " stopped while supervising room " + request.roomName(),
                        WORKER_SHUTDOWN);
            }
        }
    }
}
