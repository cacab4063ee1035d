package com.switchboard.workflows.call;

import com.switchboard.workflows.CallSearchAttributes;
import com.switchboard.workflows.ControlPlaneWorkflows;
import com.switchboard.workflows.ControlPlaneWorkflows.StepMode;
import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.call.CallStatus.CallPhase;
import com.switchboard.workflows.call.EndReason.Fixed;
import com.switchboard.workflows.ledger.AdmitCall;
import com.switchboard.workflows.ledger.CloseCall;
import com.switchboard.workflows.ledger.LedgerActivities;
import com.switchboard.workflows.ledger.OpenCall;
import com.switchboard.workflows.lines.AcquireLine;
import com.switchboard.workflows.lines.LineDecision;
import com.switchboard.workflows.lines.ReleaseLine;
import com.switchboard.workflows.livekit.EndCall;
import com.switchboard.workflows.livekit.RejectCall;
import com.switchboard.workflows.route.AgentConfig;
import com.switchboard.workflows.route.Route;
import com.switchboard.workflows.route.RouteRequest;
import com.switchboard.workflows.session.AgentSessionActivities;
import com.switchboard.workflows.session.SessionEndReason;
import com.switchboard.workflows.session.SessionRequest;
import com.switchboard.workflows.session.SessionResult;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * One SIP call: wait for the join -> route -> acquire a line -> ledger -> agent session -> always
 * clean up (end or reject the room, release the line, close the ledger, tag the outcome).
 *
 * <h2>Outcomes</h2>
 *
 * <p>"Answered" means the agent joined and LiveKit sent 200 OK: {@code SessionResult.answeredAt},
 * or the last heartbeat's {@code answeredAt} when the worker vanished. The room column says how the
 * room goes away: <i>reject</i> ({@code rejectCall} while the caller rings: LiveKit SIP answers 486)
 * or <i>end</i> ({@code endCall}, idempotent, also when the worker already deleted it).
 *
 * <table>
 *   <caption>How a call ends</caption>
 *   <tr><th>What happened</th><th>answered</th><th>not answered</th><th>end reason</th><th>room</th></tr>
 *   <tr><td>hangup before the join</td><td>-</td><td>ABANDONED</td><td>hangup_before_join</td><td>end</td></tr>
 *   <tr><td>no join within policy.joinTimeout</td><td>-</td><td>ABANDONED</td><td>join_timeout</td><td>end</td></tr>
 *   <tr><td>number not routable</td><td>-</td><td>UNROUTED</td><td>unknown_number, ...</td><td>reject</td></tr>
 *   <tr><td>hangup before a line was granted or the ledger admitted the call</td><td>-</td><td>ABANDONED</td>
 *       <td>hangup_before_admission</td><td>end</td></tr>
 *   <tr><td>number at its limit</td><td>-</td><td>BUSY_NUMBER</td><td>number_busy</td><td>reject</td></tr>
 *   <tr><td>organization at its limit</td><td>-</td><td>BUSY_ORGANIZATION</td><td>organization_busy</td><td>reject</td></tr>
 *   <tr><td>session returned CALLER_MEDIA_TIMEOUT (the agent had reported the caller's audio gone
 *       when LiveKit dropped the caller), with or without a hangup signal</td><td>GHOST_REAPED</td>
 *       <td>GHOST_REAPED</td><td>caller_media_timeout</td><td>end</td></tr>
 *   <tr><td>hangup signal during the session (session cancelled; whatever else the worker reports)</td>
 *       <td>COMPLETED</td><td>ABANDONED</td><td>participant_left, room_finished, ...</td><td>end</td></tr>
 *   <tr><td>session returned CALLER_LEFT (then waits policy.hangupGrace for the hangup webhook)</td>
 *       <td>COMPLETED</td><td>ABANDONED</td><td>the hangup's source, else caller_left</td><td>end</td></tr>
 *   <tr><td>session returned CALLER_MEDIA_LOST and no hangup within policy.hangupGrace (a hangup
 *       in the window ends it like CALLER_LEFT)</td><td>GHOST_REAPED</td><td>GHOST_REAPED</td>
 *       <td>caller_media_lost</td><td>end</td></tr>
 *   <tr><td>session heartbeat timed out (GPU worker lost) before the answer, attempts left</td>
 *       <td>-</td><td>next attempt</td><td>-</td><td>-</td></tr>
 *   <tr><td>session heartbeat timed out (GPU worker lost)</td><td>GHOST_REAPED</td><td>GHOST_REAPED</td>
 *       <td>heartbeat_lost</td><td>end</td></tr>
 *   <tr><td>the GPU worker shut down under the session, attempts left</td><td colspan="2">next attempt
 *       (a new agent into the same room)</td><td>-</td><td>-</td></tr>
 *   <tr><td>the GPU worker shut down under the last attempt</td><td>GHOST_REAPED</td><td>GHOST_REAPED</td>
 *       <td>worker_shutdown</td><td>end</td></tr>
 *   <tr><td>session returned ROOM_GONE (the caller hung up, LiveKit closed the room)</td><td>COMPLETED</td>
 *       <td>ABANDONED</td><td>room_gone</td><td>end</td></tr>
 *   <tr><td>session returned AGENT_LEFT / MAX_DURATION</td><td>COMPLETED</td><td>FAILED</td>
 *       <td>agent_left / max_duration</td><td>end</td></tr>
 *   <tr><td>session ran past its start-to-close bound</td><td>COMPLETED</td><td>FAILED</td>
 *       <td>session_overran</td><td>end</td></tr>
 *   <tr><td>agent no-show, attempts left</td><td colspan="2">next attempt</td><td>-</td><td>-</td></tr>
 *   <tr><td>agent no-show on the last of policy.agentAttempts</td><td>-</td><td>FAILED</td>
 *       <td>agent_no_show</td><td>end</td></tr>
 *   <tr><td>no GPU worker took the session within policy.sessionScheduleToStart</td><td>-</td>
 *       <td>NO_GPU_CAPACITY</td><td>no_gpu_capacity</td><td>reject</td></tr>
 *   <tr><td>any other session failure</td><td>FAILED</td><td>FAILED</td><td>session_failed:&lt;type&gt;</td>
 *       <td>end</td></tr>
 *   <tr><td>a setup step failed for good (route, ledger, line, reject)</td><td>-</td><td>FAILED</td>
 *       <td>step_failed:&lt;activity&gt;</td><td>end</td></tr>
 *   <tr><td>the same after the caller hung up while it rang</td><td>-</td><td>ABANDONED</td>
 *       <td>hangup_before_admission</td><td>end</td></tr>
 *   <tr><td>workflow cancelled (operator); the workflow then ends as Canceled</td><td>COMPLETED</td>
 *       <td>FAILED</td><td>workflow_cancelled</td><td>end</td></tr>
 * </table>
 *
 * <p>Every call gets one calls row: it is opened right after routing (or, for calls that never
 * joined, during cleanup, with the room name only) and closed in cleanup. Cleanup runs in a detached
 * scope, so it also runs when the workflow is cancelled, and each cleanup step is independent: a
 * failing one does not skip the others. A line is released whenever it was granted or the answer of
 * the acquire step got lost (releasing is idempotent; the semaphore's audit is the last resort).
 *
 * <p>Versioning: each change that alters history is guarded by {@code Workflow.getVersion} with one
 * of the change ids below, asked only where the changed behaviour is reached; HistoryReplayTest fails
 * when a change id has no stored history that exercises it. End reasons are {@link EndReason}s,
 * whose strings are those stored before they were a type.
 */
public class CallWorkflowImpl implements CallWorkflow {
    private static final Logger log = Workflow.getLogger(CallWorkflowImpl.class);

    /** Added to the agent config's maximum call duration: the worker ends the call itself by then. */
    private static final Duration SESSION_MARGIN = Duration.ofMinutes(10);

    /** Start-to-close bound of a session whose configuration names no maximum call duration. */
    private static final Duration SESSION_WITHOUT_LIMIT = Duration.ofHours(4);

    /** Change id: media loss waits for a late hangup webhook before it counts as a ghost. */
    static final String MEDIA_LOST_WAITS_FOR_HANGUP = "media-lost-waits-for-hangup";

    /** Change id: after a hangup the worker gets the grace window to end the session itself. */
    static final String HANGUP_LETS_WORKER_FINISH = "hangup-lets-worker-finish";

    /** Change id: a session whose GPU worker shut down is tried again on another worker. */
    static final String WORKER_SHUTDOWN_RETRIES = "worker-shutdown-retries";

    /** Change id: a session whose GPU worker went silent before the answer is tried again. */
    static final String UNANSWERED_HEARTBEAT_LOSS_RETRIES = "unanswered-heartbeat-loss-retries";

    /**
     * Change id: a setup step that fails for good after the caller hung up while ringing ends the
     * call as abandoned, as the caller experienced it, not as failed (seen on the real server when an
     * outage of a server replica and of Temporal kept acquires past their 30 s bound).
     */
    static final String HANGUP_OUTRANKS_FAILED_SETUP = "hangup-outranks-failed-setup";

    /**
     * Change id: version 1, route and ledger run as local activities, in the workflow's own task,
     * instead of regular ones (each a round trip through the server's task queues and one workflow
     * task more on the ringing path); version 2, every control-plane step does (the line semaphore's
     * acquire and release, LiveKit's reject and end too), so that the ringing path is one workflow
     * task. Calls started before a version keep the steps they started with.
     */
    static final String LOCAL_ROUTE_AND_LEDGER = "local-route-and-ledger";

    private enum LineClaim {
        NOT_ASKED,
        /** Asked, answer not (yet) known: it may have been granted, so release it. */
        ASKED,
        HELD,
        REFUSED
    }

    private final StepMode pinnedSteps;
    private StepMode mode;
    private CallSteps steps;

    private CallerJoined joined;
    private Hangup hangup;

    private CallPhase phase = CallPhase.WAITING_FOR_JOIN;
    private Route.Routed routed;
    private LineClaim line = LineClaim.NOT_ASKED;
    private boolean callOpened;
    private boolean roomClosed;
    private Promise<SessionResult> session;
    private Instant answeredAt;
    private String gpuHost;
    private int ticketsCreated;
    private CallOutcome outcome;

    /** Steps by {@link #LOCAL_ROUTE_AND_LEDGER}: all local for calls started since version 2. */
    public CallWorkflowImpl() {
        this(null);
    }

    /** @param mode route and ledger steps pinned to this mode (benchmarks compare them); null: by version */
    public CallWorkflowImpl(StepMode mode) {
        this.pinnedSteps = mode;
    }

    @Override
    public CallSummary run(CallRequest request) {
        if (request.joined() != null) {
            callerJoined(request.joined()); // started by the join itself (eager start); no signal follows
        }
        mode = stepMode();
        steps = CallSteps.create(mode);
        Instant startedAt = now();
        Ending ending;
        boolean cancelled = false;
        try {
            ending = call(request);
            endRingingTask();
        } catch (TemporalFailure failure) {
            if (CancellationScope.current().isCancelRequested()) {
                cancelled = true;
                ending = null; // decided in cleanup, once the session has reported whether it answered
            } else if (failure instanceof ActivityFailure step) {
                endRingingTask(); // a hangup that came while the step failed is seen now
                log.warn("call step {} failed for good", step.getActivityType(), step);
                ending = callerLeftWhileRinging()
                        ? new Ending(CallOutcome.ABANDONED, Fixed.HANGUP_BEFORE_ADMISSION)
                        : new Ending(CallOutcome.FAILED, new EndReason.StepFailed(step.getActivityType()));
            } else {
                throw failure;
            }
        }
        Ending decided = ending;
        List<CallSummary> summary = new ArrayList<>(1);
        Workflow.newDetachedCancellationScope(() -> summary.add(finish(request, decided, startedAt)))
                .run();
        if (cancelled) {
            throw new CanceledFailure("call workflow cancelled");
        }
        return summary.getFirst();
    }

    /**
     * With every step local, a call turned away while ringing (busy, unrouted, a failed step) is
     * decided inside its first workflow task, and LiveKit's hangup webhooks for the rejected room
     * arrive while that task still runs its cleanup. The server refuses to complete a workflow whose
     * task missed a signal, and the refused task's local activities, never stored, would all run
     * again, now with the hangup in view (a busy call recorded as abandoned). So such a call first
     * ends the task (a 1 ms timer): its markers are stored, and the end is decided with every
     * signal that came meanwhile. A call that reached its session ended that task already.
     */
    private void endRingingTask() {
        if (mode == StepMode.ALL_LOCAL && session == null && phase != CallPhase.WAITING_FOR_JOIN) {
            // Not cancellable: the end is decided already, and cleanup must follow whatever comes.
            Workflow.newDetachedCancellationScope(() -> Workflow.sleep(Duration.ofMillis(1)))
                    .run();
        }
    }

    private StepMode stepMode() {
        if (pinnedSteps != null) {
            return pinnedSteps;
        }
        return ControlPlaneWorkflows.stepsOfVersion(Workflow.getVersion(
                LOCAL_ROUTE_AND_LEDGER, Workflow.DEFAULT_VERSION, ControlPlaneWorkflows.STEPS_VERSION));
    }

    private boolean callerLeftWhileRinging() {
        return hangup != null
                && answeredAt == null
                && Workflow.getVersion(HANGUP_OUTRANKS_FAILED_SETUP, Workflow.DEFAULT_VERSION, 1) >= 1;
    }

    @Override
    public void callerJoined(CallerJoined joined) {
        // LiveKit may deliver a webhook twice: the first join is the call.
        if (this.joined == null) {
            this.joined = joined;
        }
    }

    @Override
    public void hangup(Hangup hangup) {
        if (this.hangup == null) {
            this.hangup = hangup;
        }
    }

    @Override
    public CallStatus status() {
        return new CallStatus(phase, routed == null ? null : routed.organizationId(), outcome);
    }

    private Ending call(CallRequest request) {
        if (joined == null && hangup == null) {
            // Only a call started by another webhook than the join waits (and starts a timer).
            Workflow.await(request.policy().joinTimeout(), () -> joined != null || hangup != null);
        }
        if (joined == null) {
            return new Ending(CallOutcome.ABANDONED, hangup != null ? Fixed.HANGUP_BEFORE_JOIN : Fixed.JOIN_TIMEOUT);
        }
        phase = CallPhase.ROUTING;
        Route route = steps.route().route(new RouteRequest(joined.calledNumber()));
        if (route instanceof Route.Routed r) {
            routed = r;
        }
        tagCall();
        openCall(request, steps.ledger());
        return switch (route) {
            case Route.Unrouted unrouted ->
                reject(request, CallOutcome.UNROUTED, new EndReason.NotRouted(unrouted.reason()));
            case Route.Routed r -> acquireLine(request, r);
        };
    }

    private Ending acquireLine(CallRequest request, Route.Routed route) {
        if (hangup != null) {
            return new Ending(CallOutcome.ABANDONED, Fixed.HANGUP_BEFORE_ADMISSION);
        }
        phase = CallPhase.ACQUIRING_LINE;
        line = LineClaim.ASKED;
        LineDecision decision = steps.lines()
                .acquire(new AcquireLine(
                        callId(),
                        route.organizationId(),
                        route.numberId(),
                        route.numberLimit(),
                        route.organizationLimit()));
        return switch (decision) {
            case BUSY_NUMBER -> {
                line = LineClaim.REFUSED;
                yield reject(request, CallOutcome.BUSY_NUMBER, Fixed.NUMBER_BUSY);
            }
            case BUSY_ORGANIZATION -> {
                line = LineClaim.REFUSED;
                yield reject(request, CallOutcome.BUSY_ORGANIZATION, Fixed.ORGANIZATION_BUSY);
            }
            case GRANTED -> {
                line = LineClaim.HELD;
                yield admit(request, route);
            }
        };
    }

    private Ending admit(CallRequest request, Route.Routed route) {
        if (hangup != null) {
            return new Ending(CallOutcome.ABANDONED, Fixed.HANGUP_BEFORE_ADMISSION);
        }
        Instant admittedAt = now();
        steps.ledger()
                .admitCall(new AdmitCall(
                        callId(),
                        route.organizationId(),
                        route.numberId(),
                        request.roomName(),
                        joined.sipCallId(),
                        admittedAt));
        SessionRequest session = new SessionRequest(
                callId(),
                request.roomName(),
                route.organizationId(),
                route.numberId(),
                route.phoneNumber(),
                joined.callerNumber(),
                joined.participantIdentity(),
                route.config(),
                admittedAt);
        return superviseSession(request, session);
    }

    private Ending superviseSession(CallRequest request, SessionRequest sessionRequest) {
        phase = CallPhase.IN_SESSION;
        CallPolicy policy = request.policy();
        AgentSessionActivities agent =
                Workflow.newActivityStub(AgentSessionActivities.class, sessionOptions(policy, sessionRequest.config()));
        for (int attempt = 1; ; attempt++) {
            SessionAttempt result = attemptSession(agent, sessionRequest, policy.hangupGrace());
            if (triesAgain(result, attempt < policy.agentAttempts() && hangup == null)) {
                log.info("session attempt {} of {} came to {}, trying again", attempt, policy.agentAttempts(), result);
                continue;
            }
            if (result instanceof SessionAttempt.Ended ended
                    && hangup == null
                    && waitsForHangupWebhook(ended.result().reason())) {
                // The worker saw the caller leave; the webhook says how (BYE, abort). A caller the
                // worker took for lost media may just have hung up before the webhook arrived: a
                // hangup within the grace window makes it a normal end, not a ghost.
                Workflow.await(policy.hangupGrace(), () -> hangup != null);
                if (hangup != null) {
                    return new Ending(
                            answeredAt != null ? CallOutcome.COMPLETED : CallOutcome.ABANDONED,
                            EndReason.hungUp(hangup));
                }
            }
            Ending ending = result.ending(answeredAt != null, hangup);
            if (ending.outcome() == CallOutcome.NO_GPU_CAPACITY) {
                return reject(request, ending.outcome(), ending.endReason());
            }
            return ending;
        }
    }

    /**
     * Whether another agent is dispatched into the room after this attempt. Each versioned case asks
     * {@code Workflow.getVersion} last, only when everything else allows the retry: recorded histories
     * hold a version marker exactly where those conditions held, so neither the conditions nor their
     * order may change.
     *
     * @param attemptsLeft another attempt is allowed and no hangup arrived
     */
    private boolean triesAgain(SessionAttempt result, boolean attemptsLeft) {
        return switch (result) {
            case SessionAttempt.NoShow noShow -> attemptsLeft;
            // A GPU host drained or redeployed under the call: the caller may still be on the
            // line, so another host dispatches a new agent into the same room.
            case SessionAttempt.WorkerShutdown shutdown ->
                attemptsLeft && Workflow.getVersion(WORKER_SHUTDOWN_RETRIES, Workflow.DEFAULT_VERSION, 1) >= 1;
            // The GPU host died before its agent answered: the caller is still ringing, so
            // another host gets the call rather than reaping it unanswered.
            case SessionAttempt.HeartbeatLost lost ->
                answeredAt == null
                        && attemptsLeft
                        && Workflow.getVersion(UNANSWERED_HEARTBEAT_LOSS_RETRIES, Workflow.DEFAULT_VERSION, 1) >= 1;
            case SessionAttempt.Ended ended -> false;
            case SessionAttempt.Cancelled cancelled -> false;
            case SessionAttempt.NoCapacity noCapacity -> false;
            case SessionAttempt.Overran overran -> false;
            case SessionAttempt.Broken broken -> false;
        };
    }

    /**
     * Whether to give the hangup webhook {@code policy.hangupGrace} to arrive after the session ended
     * this way. Version 1 added the wait for media loss: a poll cannot tell a hangup whose webhook is
     * still on its way from a caller dropped by LiveKit's media timeout.
     */
    private static boolean waitsForHangupWebhook(SessionEndReason reason) {
        return switch (reason) {
            case CALLER_LEFT -> true;
            case CALLER_MEDIA_LOST ->
                Workflow.getVersion(MEDIA_LOST_WAITS_FOR_HANGUP, Workflow.DEFAULT_VERSION, 1) >= 1;
            case CALLER_MEDIA_TIMEOUT, AGENT_LEFT, ROOM_GONE, MAX_DURATION, CANCELLED -> false;
        };
    }

    /** Version 1 lets the worker end the session by itself after a hangup before cancelling it. */
    private static boolean workerMayFinishAfterHangup() {
        return Workflow.getVersion(HANGUP_LETS_WORKER_FINISH, Workflow.DEFAULT_VERSION, 1) >= 1;
    }

    /** One try of the session; a hangup signal cancels it, and we wait until the worker let go. */
    private SessionAttempt attemptSession(
            AgentSessionActivities agent, SessionRequest sessionRequest, Duration hangupGrace) {
        CancellationScope scope =
                Workflow.newCancellationScope(() -> session = Async.function(agent::runSession, sessionRequest));
        scope.run();
        Workflow.await(() -> session.isCompleted() || hangup != null);
        if (!session.isCompleted() && workerMayFinishAfterHangup()) {
            // The worker watches the room and normally ends the session within a poll of the
            // hangup. Cancelling at the moment it completes races its completion (the server
            // refuses the cancel of an activity it no longer knows), so cancel only a worker that
            // did not let go within the grace window.
            Workflow.await(hangupGrace, session::isCompleted);
        }
        if (!session.isCompleted()) {
            scope.cancel("caller hung up");
        }
        Workflow.await(session::isCompleted);
        return noteSession(session);
    }

    private SessionAttempt noteSession(Promise<SessionResult> settled) {
        RuntimeException failure = settled.getFailure();
        SessionAttempt attempt;
        if (failure == null) {
            SessionResult result = settled.get();
            ticketsCreated += result.ticketsCreated();
            attempt = new SessionAttempt.Ended(result);
        } else if (failure instanceof ActivityFailure activityFailure) {
            attempt = SessionAttempt.of(activityFailure);
        } else if (failure instanceof CanceledFailure) {
            attempt = new SessionAttempt.Cancelled();
        } else {
            throw failure;
        }
        if (attempt.answeredAt() != null && answeredAt == null) {
            answeredAt = attempt.answeredAt();
        }
        if (attempt.gpuHost() != null) {
            gpuHost = attempt.gpuHost();
        }
        return attempt;
    }

    private Ending reject(CallRequest request, CallOutcome why, EndReason endReason) {
        steps.liveKit().rejectCall(new RejectCall(request.roomName(), why));
        roomClosed = true;
        return new Ending(why, endReason);
    }

    // ---- cleanup, in a detached scope ----

    private CallSummary finish(CallRequest request, Ending decided, Instant startedAt) {
        phase = CallPhase.ENDING;
        settleSession(request.policy());
        Ending ending = decided != null
                ? decided
                : new Ending(answeredAt != null ? CallOutcome.COMPLETED : CallOutcome.FAILED, Fixed.WORKFLOW_CANCELLED);
        outcome = ending.outcome();
        Instant endedAt = now();
        // Independent steps run side by side: the line is free again after one round trip, and
        // one step failing for good does not hold up or skip the others.
        List<Promise<Void>> cleanup = new ArrayList<>();
        if (!roomClosed) {
            cleanup.add(Async.procedure(
                    steps.liveKitCleanup()::endCall, new EndCall(request.roomName(), ending.endReason())));
        }
        if (line == LineClaim.HELD || line == LineClaim.ASKED) {
            cleanup.add(
                    Async.procedure(steps.linesCleanup()::release, new ReleaseLine(callId(), routed.organizationId())));
        }
        cleanup.add(Async.procedure(() -> {
            openCall(request, steps.ledgerCleanup());
            steps.ledgerCleanup()
                    .closeCall(new CloseCall(
                            callId(),
                            ending.outcome(),
                            ending.endReason(),
                            answeredAt,
                            endedAt,
                            gpuHost,
                            ticketsCreated));
        }));
        for (Promise<Void> step : cleanup) {
            RuntimeException failure = step.getFailure();
            if (failure != null) {
                // Each step retries on its own (CLEANUP options); one that still failed is for an
                // operator, the semaphore's audit frees a line that was not released.
                log.error("a cleanup step failed for good", failure);
            }
        }
        Workflow.upsertTypedSearchAttributes(
                CallSearchAttributes.CALL_OUTCOME.valueSet(ending.outcome().name()));
        phase = CallPhase.ENDED;
        log.info("call ended: {} ({})", ending.outcome(), ending.endReason().wire());
        return new CallSummary(
                callId(),
                ending.outcome(),
                ending.endReason(),
                routed == null ? null : routed.organizationId(),
                routed == null ? null : routed.numberId(),
                startedAt,
                answeredAt,
                endedAt);
    }

    /**
     * The workflow was cancelled mid-session: the session's scope is cancelled with it. Wait (bounded
     * by the heartbeat timeout, after which the server gives up on the worker) for the worker to
     * report, so that the ledger learns whether the call was answered.
     */
    private void settleSession(CallPolicy policy) {
        if (session == null || session.isCompleted()) {
            return;
        }
        Workflow.await(policy.sessionHeartbeatTimeout().multipliedBy(2), session::isCompleted);
        if (session.isCompleted()) {
            noteSession(session);
        }
    }

    /** Opens the calls row once, with whatever facts the call has by now. */
    private void openCall(CallRequest request, LedgerActivities ledger) {
        if (callOpened) {
            return;
        }
        OpenCall open = joined == null
                ? new OpenCall(callId(), request.roomName(), null, null, "", null, null, null, null, now())
                : new OpenCall(
                        callId(),
                        request.roomName(),
                        routed == null ? null : routed.organizationId(),
                        routed == null ? null : routed.numberId(),
                        joined.calledNumber(),
                        joined.callerNumber(),
                        joined.sipCallId(),
                        joined.sipCallIdFull(),
                        joined.trunkId(),
                        now());
        ledger.openCall(open);
        callOpened = true;
    }

    private void tagCall() {
        List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
        String called = routed != null ? routed.phoneNumber() : joined.calledNumber();
        if (called != null && !called.isBlank()) {
            updates.add(CallSearchAttributes.CALLED_NUMBER.valueSet(called));
        }
        if (joined.callerNumber() != null && !joined.callerNumber().isBlank()) {
            updates.add(CallSearchAttributes.CALLER_NUMBER.valueSet(joined.callerNumber()));
        }
        if (routed != null) {
            updates.add(CallSearchAttributes.ORGANIZATION_ID.valueSet(routed.organizationId()));
        }
        if (!updates.isEmpty()) {
            Workflow.upsertTypedSearchAttributes(updates.toArray(new SearchAttributeUpdate<?>[0]));
        }
    }

    /**
     * The session runs once per attempt (the workflow decides about retries) and is cancelled with
     * WAIT_CANCELLATION_COMPLETED, so that after a hangup the worker's final report arrives before the
     * ledger is closed.
     */
    static ActivityOptions sessionOptions(CallPolicy policy, AgentConfig config) {
        Duration longest = config != null && config.maxCallSeconds() != null
                ? Duration.ofSeconds(config.maxCallSeconds()).plus(SESSION_MARGIN)
                : SESSION_WITHOUT_LIMIT;
        return ActivityOptions.newBuilder()
                .setTaskQueue(TaskQueues.agentSessions(policy.gpuPool()))
                .setScheduleToStartTimeout(policy.sessionScheduleToStart())
                .setStartToCloseTimeout(longest)
                .setHeartbeatTimeout(policy.sessionHeartbeatTimeout())
                .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
                .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                .build();
    }

    private static String callId() {
        return Workflow.getInfo().getWorkflowId();
    }

    private static Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis());
    }
}
