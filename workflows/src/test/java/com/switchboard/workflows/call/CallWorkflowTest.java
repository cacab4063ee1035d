package com.switchboard.workflows.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.switchboard.workflows.CallSearchAttributes;
import com.switchboard.workflows.ControlPlaneWorkflows;
import com.switchboard.workflows.ControlPlaneWorkflows.StepMode;
import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.call.CallStatus.CallPhase;
import com.switchboard.workflows.call.EndReason.Fixed;
import com.switchboard.workflows.ledger.CloseCall;
import com.switchboard.workflows.ledger.OpenCall;
import com.switchboard.workflows.lines.LineDecision;
import com.switchboard.workflows.livekit.RejectCall;
import com.switchboard.workflows.route.AgentConfig;
import com.switchboard.workflows.route.Route;
import com.switchboard.workflows.session.SessionEndReason;
import com.switchboard.workflows.testing.FixedRoutes;
import com.switchboard.workflows.testing.Histories;
import com.switchboard.workflows.testing.RecordingLedger;
import com.switchboard.workflows.testing.RecordingLiveKit;
import com.switchboard.workflows.testing.ScriptedLines;
import com.switchboard.workflows.testing.ScriptedSessions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CallWorkflow on the time-skipping test service, one test per outcome. The control-plane steps and
 * the GPU worker are stand-ins that record what the workflow asked of them.
 */
class CallWorkflowTest {
    static final long ORGANIZATION = 7;
    static final long NUMBER = 70;
    static final String DIALED = "+390212345678";
    static final String CALLER = "+393331234567";
    static final Route.Routed ROUTED = new Route.Routed(
            ORGANIZATION,
            NUMBER,
            DIALED,
            "Reception",
            new AgentConfig("reception", "Buongiorno", "it-IT", "You answer the phone.", "alloy", 600),
            2,
            5);
    /**
     * Timeouts the session activity is subject to run on the wall clock (the test service does not
     * skip time while an activity is pending), so they are short, with room for a slow machine to
     * pick a session up; timers (join timeout, hangup grace) are skipped.
     */
    static final CallPolicy POLICY = new CallPolicy(
            Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(2), 2, Duration.ofSeconds(3), "");

    private final FixedRoutes routes = new FixedRoutes(ROUTED);
    private final RecordingLedger ledger = new RecordingLedger();
    private final ScriptedLines lines = new ScriptedLines();
    private final RecordingLiveKit liveKit = new RecordingLiveKit();
    private final ScriptedSessions sessions = new ScriptedSessions();
    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @AfterEach
    void stop() {
        sessions.shutdown.countDown();
        if (env != null) {
            env.close();
        }
    }

    @Test
    void hangupDuringAnAnsweredSessionCompletesTheCall() throws InterruptedException {
        sessions.play(sessions.supervisesUntilCancelled(true));
        start(true);
        CallWorkflow call = joinedCall("room-completed");
        awaitSupervising();
        assertThat(call.status().phase()).isEqualTo(CallPhase.IN_SESSION);
        assertThat(call.status().organizationId()).isEqualTo(ORGANIZATION);

        call.hangup(new Hangup(Hangup.HangupSource.PARTICIPANT_LEFT, Instant.now()));
        CallSummary summary = result(call);

        assertThat(summary.outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(summary.endReason()).isEqualTo(new EndReason.HungUp(Hangup.HangupSource.PARTICIPANT_LEFT));
        assertThat(summary.answeredAt()).isEqualTo(ScriptedSessions.ANSWERED_AT);
        assertThat(summary.organizationId()).isEqualTo(ORGANIZATION);
        assertThat(summary.numberId()).isEqualTo(NUMBER);
        assertThat(ledger.admitted).singleElement().satisfies(admit -> {
            assertThat(admit.callWorkflowId()).isEqualTo(WorkflowIds.call("room-completed"));
            assertThat(admit.sipCallId()).isEqualTo("SCL_room-completed");
        });
        assertThat(sessions.attempts).singleElement().satisfies(session -> {
            assertThat(session.config()).isEqualTo(ROUTED.config());
            assertThat(session.calledNumber()).isEqualTo(DIALED);
            assertThat(session.callerNumber()).isEqualTo(CALLER);
        });
        CloseCall close = closedOnce("room-completed", CallOutcome.COMPLETED);
        assertThat(close.gpuHost()).isEqualTo(ScriptedSessions.GPU_HOST);
        assertThat(close.answeredAt()).isEqualTo(ScriptedSessions.ANSWERED_AT);
        assertRoomEnded("room-completed");
        assertLineReleased("room-completed");
        assertThat(call.status()).isEqualTo(new CallStatus(CallPhase.ENDED, ORGANIZATION, CallOutcome.COMPLETED));

        SearchAttributes tags = WorkflowStub.fromTyped(call).describe().getTypedSearchAttributes();
        assertThat(tags.get(CallSearchAttributes.ORGANIZATION_ID)).isEqualTo(ORGANIZATION);
        assertThat(tags.get(CallSearchAttributes.CALLED_NUMBER)).isEqualTo(DIALED);
        assertThat(tags.get(CallSearchAttributes.CALLER_NUMBER)).isEqualTo(CALLER);
        assertThat(tags.get(CallSearchAttributes.CALL_OUTCOME)).isEqualTo("COMPLETED");
        // call-completed-by-hangup.json is this call before hangup-lets-worker-finish.
        record("room-completed", "call-completed-by-hangup-worker-cancelled-after-grace");
        record("room-completed", "call-completed-by-hangup-worker-cancelled-after-grace-all-local-steps");
    }

    @Test
    void callerLeavingAnAnsweredCallCompletesIt() {
        sessions.play(sessions.answersThenEnds(SessionEndReason.CALLER_LEFT));
        start(true);
        CallSummary summary = result(joinedCall("room-caller-left"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(summary.endReason()).isEqualTo(Fixed.CALLER_LEFT);
        closedOnce("room-caller-left", CallOutcome.COMPLETED);
        assertRoomEnded("room-caller-left");
        assertLineReleased("room-caller-left");
        record("room-caller-left", "call-completed-caller-left");
    }

    /**
     * LiveKit's webhooks for a rejected room (participant_left, room_finished) reach the workflow
     * while the task that rejected it still runs: the call stays busy, and no step runs twice.
     */
    @Test
    void hangupWebhooksDuringTheRejectLeaveTheCallBusyAndEveryStepDoneOnce() {
        lines.answer(LineDecision.BUSY_NUMBER);
        start(true);
        liveKit.afterReject = reject -> {
            client.newWorkflowStub(CallWorkflow.class, WorkflowIds.call(reject.roomName()))
                    .hangup(new Hangup(Hangup.HangupSource.PARTICIPANT_LEFT, Instant.now()));
            try {
                Thread.sleep(100); // the signal is in the workflow before this task ends
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CallSummary summary = result(joinedCall("room-busy-hangup"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.BUSY_NUMBER);
        assertRejected("room-busy-hangup", CallOutcome.BUSY_NUMBER);
        assertThat(routes.requests).as("routed once").hasSize(1);
        assertThat(lines.acquires).as("asked the semaphore once").hasSize(1);
        closedOnce("room-busy-hangup", CallOutcome.BUSY_NUMBER);
        record("room-busy-hangup", "call-busy-number-hangup-during-reject-all-local-steps");
    }

    @Test
    void busyNumberAnswers486() {
        lines.answer(LineDecision.BUSY_NUMBER);
        sessions.play(sessions.answersThenEnds(SessionEndReason.CALLER_LEFT));
        start(true);
        CallSummary summary = result(joinedCall("room-busy-number"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.BUSY_NUMBER);
        assertRejected("room-busy-number", CallOutcome.BUSY_NUMBER);
        assertThat(ledger.admitted).isEmpty();
        assertThat(sessions.attempts).isEmpty();
        assertThat(lines.releases).as("a refused call holds no line").isEmpty();
        closedOnce("room-busy-number", CallOutcome.BUSY_NUMBER);
        record("room-busy-number", "call-busy-number");
        record("room-busy-number", "call-busy-number-all-local-steps");
    }

    @Test
    void aSetupStepFailingAfterTheCallerHungUpWhileRingingAbandonsTheCall() throws InterruptedException {
        CountDownLatch gate = new CountDownLatch(1);
        lines.failWhenOpened(gate);
        start(true);
        CallWorkflow call = joinedCall("room-outage");
        while (lines.acquires.isEmpty()) {
            Thread.sleep(20);
        }
        call.hangup(new Hangup(Hangup.HangupSource.PARTICIPANT_LEFT, Instant.now()));
        Thread.sleep(200); // the hangup signal is in the workflow before the step fails
        gate.countDown();
        CallSummary summary = result(call);

        assertThat(summary.outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(closedOnce("room-outage", CallOutcome.ABANDONED).endReason())
                .isEqualTo(Fixed.HANGUP_BEFORE_ADMISSION);
        assertThat(lines.releases)
                .as("an acquire whose answer is unknown is released")
                .hasSize(1);
        record("room-outage", "call-abandoned-after-failed-setup");
    }

    @Test
    void aSetupStepFailingWhileTheCallerStillRingsFailsTheCall() {
        lines.failWhenOpened(new CountDownLatch(0));
        start(true);
        CallSummary summary = result(joinedCall("room-step-failed"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.FAILED);
        assertThat(closedOnce("room-step-failed", CallOutcome.FAILED).endReason())
                .isEqualTo(new EndReason.StepFailed("Acquire"));
        record("room-step-failed", "call-failed-setup-step");
        record("room-step-failed", "call-failed-setup-step-all-local-steps");
    }

    @Test
    void busyOrganizationAnswers486() {
        lines.answer(LineDecision.BUSY_ORGANIZATION);
        start(true);
        CallSummary summary = result(joinedCall("room-busy-org"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.BUSY_ORGANIZATION);
        assertThat(summary.endReason()).isEqualTo(Fixed.ORGANIZATION_BUSY);
        assertRejected("room-busy-org", CallOutcome.BUSY_ORGANIZATION);
        assertThat(sessions.attempts).isEmpty();
        closedOnce("room-busy-org", CallOutcome.BUSY_ORGANIZATION);
        record("room-busy-org", "call-busy-organization");
    }

    @Test
    void unroutedNumberIsRejectedWithoutAskingForALine() {
        routes.answer(new Route.Unrouted(DIALED, Route.UnroutedReason.UNKNOWN_NUMBER));
        start(true);
        CallWorkflow call = joinedCall("room-unrouted");
        CallSummary summary = result(call);

        assertThat(summary.outcome()).isEqualTo(CallOutcome.UNROUTED);
        assertThat(summary.endReason()).isEqualTo(new EndReason.NotRouted(Route.UnroutedReason.UNKNOWN_NUMBER));
        assertThat(summary.organizationId()).isNull();
        assertRejected("room-unrouted", CallOutcome.UNROUTED);
        assertThat(lines.acquires).isEmpty();
        OpenCall open = openedOnce("room-unrouted");
        assertThat(open.organizationId()).isNull();
        assertThat(open.calledNumber()).isEqualTo(DIALED);
        closedOnce("room-unrouted", CallOutcome.UNROUTED);
        SearchAttributes tags = WorkflowStub.fromTyped(call).describe().getTypedSearchAttributes();
        assertThat(tags.get(CallSearchAttributes.CALL_OUTCOME)).isEqualTo("UNROUTED");
        assertThat(tags.containsKey(CallSearchAttributes.ORGANIZATION_ID)).isFalse();
        record("room-unrouted", "call-unrouted");
        record("room-unrouted", "call-unrouted-all-local-steps");
    }

    @Test
    void hangupBeforeTheJoinAbandonsTheCallAndClosesTheLedger() {
        start(true);
        CallWorkflow call = newCall("room-early-hangup");
        BatchRequest batch = client.newSignalWithStartRequest();
        batch.add(call::run, new CallRequest("room-early-hangup", POLICY));
        batch.add(call::hangup, new Hangup(Hangup.HangupSource.ROOM_FINISHED, Instant.now()));
        client.signalWithStart(batch);
        CallSummary summary = result(call);

        assertThat(summary.outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(summary.endReason()).isEqualTo(Fixed.HANGUP_BEFORE_JOIN);
        assertThat(routes.requests).isEmpty();
        assertThat(lines.acquires).isEmpty();
        assertThat(lines.releases).isEmpty();
        OpenCall open = openedOnce("room-early-hangup");
        assertThat(open.roomName()).isEqualTo("room-early-hangup");
        assertThat(open.calledNumber()).isEmpty();
        assertThat(open.organizationId()).isNull();
        closedOnce("room-early-hangup", CallOutcome.ABANDONED);
        record("room-early-hangup", "call-abandoned-before-join");
    }

    @Test
    void callWhoseJoinNeverArrivesIsAbandonedAfterTheJoinTimeout() {
        start(true);
        CallWorkflow call = newCall("room-no-join");
        WorkflowClient.start(call::run, new CallRequest("room-no-join", POLICY));
        CallSummary summary = result(call);

        assertThat(summary.outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(summary.endReason()).isEqualTo(Fixed.JOIN_TIMEOUT);
        closedOnce("room-no-join", CallOutcome.ABANDONED);
        assertRoomEnded("room-no-join");
        record("room-no-join", "call-abandoned-join-timeout");
    }

    @Test
    void hangupBeforeTheAgentAnswersAbandonsTheCall() throws InterruptedException {
        sessions.play(sessions.supervisesUntilCancelled(false));
        start(true);
        CallWorkflow call = joinedCall("room-abandoned");
        awaitSupervising();
        call.hangup(new Hangup(Hangup.HangupSource.PARTICIPANT_LEFT, Instant.now()));
        CallSummary summary = result(call);

        assertThat(summary.outcome()).isEqualTo(CallOutcome.ABANDONED);
        assertThat(summary.answeredAt()).isNull();
        closedOnce("room-abandoned", CallOutcome.ABANDONED);
        assertRoomEnded("room-abandoned");
        assertLineReleased("room-abandoned");
        // call-abandoned-before-answer.json is this call before hangup-lets-worker-finish.
        record("room-abandoned", "call-abandoned-before-answer-worker-cancelled-after-grace");
    }

    @Test
    void sessionWhoseWorkerStopsHeartbeatingIsReapedAndItsLineFreed() {
        sessions.play(sessions.answersThenGoesSilent());
        start(true);
        CallSummary summary = result(joinedCall("room-ghost"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.GHOST_REAPED);
        assertThat(summary.endReason()).isEqualTo(Fixed.HEARTBEAT_LOST);
        assertThat(summary.answeredAt()).as("taken from the last heartbeat").isEqualTo(ScriptedSessions.ANSWERED_AT);
        CloseCall close = closedOnce("room-ghost", CallOutcome.GHOST_REAPED);
        assertThat(close.gpuHost()).isEqualTo(ScriptedSessions.GPU_HOST);
        assertRoomEnded("room-ghost");
        assertLineReleased("room-ghost");
        record("room-ghost", "call-ghost-heartbeat-lost");
        record("room-ghost", "call-ghost-heartbeat-lost-all-local-steps");
    }

    @Test
    void callerWhoseMediaIsLostIsReapedAsAGhost() {
        sessions.play(sessions.answersThenEnds(SessionEndReason.CALLER_MEDIA_LOST));
        start(true);
        CallSummary summary = result(joinedCall("room-media-lost"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.GHOST_REAPED);
        assertThat(summary.endReason()).isEqualTo(Fixed.CALLER_MEDIA_LOST);
        closedOnce("room-media-lost", CallOutcome.GHOST_REAPED);
        assertRoomEnded("room-media-lost");
        assertLineReleased("room-media-lost");
        // call-ghost-media-lost.json is this call before media-lost-waits-for-hangup.
        record("room-media-lost", "call-ghost-media-lost-no-hangup-within-grace");
    }

    @Test
    void aCallerWhoseAudioStoppedIsAGhostThoughLiveKitReportsTheMediaTimeoutAsAHangup() throws Exception {
        CountDownLatch hungUp = new CountDownLatch(1);
        sessions.play(sessions.answersThenEndsAfter(hungUp, SessionEndReason.CALLER_MEDIA_TIMEOUT));
        start(true);
        CallWorkflow call = joinedCall("room-media-timeout");
        awaitSupervising();

        // LiveKit SIP's media timeout: participant_left as after a BYE, before the worker's next look.
        call.hangup(new Hangup(Hangup.HangupSource.PARTICIPANT_LEFT, Instant.now()));
        hungUp.countDown();
        CallSummary summary = result(call);

        assertThat(summary.outcome()).isEqualTo(CallOutcome.GHOST_REAPED);
        assertThat(summary.endReason()).isEqualTo(Fixed.CALLER_MEDIA_TIMEOUT);
        closedOnce("room-media-timeout", CallOutcome.GHOST_REAPED);
        assertRoomEnded("room-media-timeout");
        assertLineReleased("room-media-timeout");
        record("room-media-timeout", "call-ghost-media-timeout-after-hangup");
    }

    @Test
    void hangupWebhookArrivingJustAfterTheWorkerSawTheCallerVanishCompletesTheCall() {
        sessions.play(sessions.answersThenEnds(SessionEndReason.CALLER_MEDIA_LOST));
        start(true);
        // In workflow time, well within the hangup grace window after the session ended.
        env.registerDelayedCallback(
                Duration.ofSeconds(1),
                () -> client.newWorkflowStub(CallWorkflow.class, WorkflowIds.call("room-late-hangup"))
                        .hangup(new Hangup(Hangup.HangupSource.PARTICIPANT_LEFT, Instant.now())));
        CallSummary summary = result(joinedCall("room-late-hangup"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(summary.endReason()).isEqualTo(new EndReason.HungUp(Hangup.HangupSource.PARTICIPANT_LEFT));
        closedOnce("room-late-hangup", CallOutcome.COMPLETED);
        assertLineReleased("room-late-hangup");
        record("room-late-hangup", "call-completed-by-hangup-within-grace-after-media-lost");
    }

    @Test
    void aGpuWorkerShuttingDownUnderTheCallHandsItToAnotherWorker() {
        sessions.play(sessions.workerShutsDown(), sessions.answersThenEnds(SessionEndReason.CALLER_LEFT));
        start(true);
        CallSummary summary = result(joinedCall("room-worker-drained"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(sessions.attempts).hasSize(2);
        closedOnce("room-worker-drained", CallOutcome.COMPLETED);
        assertLineReleased("room-worker-drained");
        record("room-worker-drained", "call-completed-after-worker-shutdown");
    }

    @Test
    void aGpuWorkerLostBeforeTheAnswerHandsTheRingingCallerToAnotherWorker() {
        sessions.play(sessions.ringsThenGoesSilent(), sessions.answersThenEnds(SessionEndReason.CALLER_LEFT));
        start(true);
        CallSummary summary = result(joinedCall("room-lost-while-ringing"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(sessions.attempts).hasSize(2);
        closedOnce("room-lost-while-ringing", CallOutcome.COMPLETED);
        assertLineReleased("room-lost-while-ringing");
        record("room-lost-while-ringing", "call-completed-after-heartbeat-lost-while-ringing");
    }

    @Test
    void gpuWorkersShuttingDownOnEveryAttemptReapTheCall() {
        sessions.play(sessions.workerShutsDown(), sessions.workerShutsDown());
        start(true);
        CallSummary summary = result(joinedCall("room-workers-gone"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.GHOST_REAPED);
        assertThat(summary.endReason()).isEqualTo(Fixed.WORKER_SHUTDOWN);
        assertRoomEnded("room-workers-gone");
        assertLineReleased("room-workers-gone");
        record("room-workers-gone", "call-ghost-worker-shutdown-on-every-attempt");
    }

    @Test
    void noGpuWorkerTakingTheSessionRejectsTheCallWhileRinging() {
        start(false);
        CallSummary summary = result(joinedCall("room-no-gpu"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.NO_GPU_CAPACITY);
        assertRejected("room-no-gpu", CallOutcome.NO_GPU_CAPACITY);
        assertThat(liveKit.ended).isEmpty();
        closedOnce("room-no-gpu", CallOutcome.NO_GPU_CAPACITY);
        assertLineReleased("room-no-gpu");
        record("room-no-gpu", "call-no-gpu-capacity");
    }

    @Test
    void agentThatNeverShowsUpFailsTheCallAfterEveryAttempt() {
        sessions.play(sessions.noShow());
        start(true);
        CallSummary summary = result(joinedCall("room-no-show"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.FAILED);
        assertThat(summary.endReason()).isEqualTo(Fixed.AGENT_NO_SHOW);
        assertThat(sessions.attempts).hasSize(POLICY.agentAttempts());
        closedOnce("room-no-show", CallOutcome.FAILED);
        assertRoomEnded("room-no-show");
        assertLineReleased("room-no-show");
        record("room-no-show", "call-failed-agent-no-show");
    }

    @Test
    void agentNoShowOnTheFirstAttemptIsRetriedAndTheCallCompletes() {
        sessions.play(sessions.noShow(), sessions.answersThenEnds(SessionEndReason.CALLER_LEFT));
        start(true);
        CallSummary summary = result(joinedCall("room-second-try"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(sessions.attempts).hasSize(2);
        assertThat(ledger.admitted).hasSize(1);
        closedOnce("room-second-try", CallOutcome.COMPLETED);
        assertLineReleased("room-second-try");
        record("room-second-try", "call-completed-after-no-show");
    }

    @Test
    void cancelledWorkflowStillEndsTheRoomReleasesTheLineAndClosesTheLedger() throws InterruptedException {
        sessions.play(sessions.supervisesUntilCancelled(true));
        start(true);
        CallWorkflow call = joinedCall("room-cancelled");
        awaitSupervising();
        WorkflowStub.fromTyped(call).cancel();

        assertThatThrownBy(() -> result(call))
                .isInstanceOf(WorkflowFailedException.class)
                .hasCauseInstanceOf(CanceledFailure.class);
        CloseCall close = closedOnce("room-cancelled", CallOutcome.COMPLETED);
        assertThat(close.endReason()).isEqualTo(Fixed.WORKFLOW_CANCELLED);
        assertThat(close.answeredAt())
                .as("the session reported back before the ledger closed")
                .isEqualTo(ScriptedSessions.ANSWERED_AT);
        assertRoomEnded("room-cancelled");
        assertLineReleased("room-cancelled");
        record("room-cancelled", "call-cancelled");
        record("room-cancelled", "call-cancelled-all-local-steps");
    }

    /** The join's webhook starts the call with the join in the start request (for eager start). */
    @Test
    void aCallStartedByItsJoinNeedsNoSignal() {
        sessions.play(sessions.answersThenEnds(SessionEndReason.CALLER_LEFT));
        start(true);
        CallWorkflow call = newCall("room-joined-at-start");
        WorkflowClient.start(
                call::run, new CallRequest("room-joined-at-start", POLICY, joined("room-joined-at-start")));

        assertThat(result(call).outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(openedOnce("room-joined-at-start").callerNumber()).isEqualTo(CALLER);
        assertThat(sessions.attempts).hasSize(1);
        assertThat(client.fetchHistory(WorkflowIds.call("room-joined-at-start")).getEvents())
                .noneSatisfy(event ->
                        assertThat(event.getEventType()).isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED));
        record("room-joined-at-start", "call-completed-join-in-start-request-all-local-steps");
    }

    @Test
    void duplicateJoinWebhookIsOneCall() {
        sessions.play(sessions.answersThenEnds(SessionEndReason.CALLER_LEFT));
        start(true);
        CallWorkflow call = joinedCall("room-duplicate");
        joinedCall("room-duplicate");

        assertThat(result(call).outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(routes.requests).hasSize(1);
        assertThat(sessions.attempts).hasSize(1);
    }

    @Test
    void newCallsRunEveryControlPlaneStepAsALocalActivityByVersion() {
        sessions.play(sessions.answersThenEnds(SessionEndReason.CALLER_LEFT));
        start(true);
        CallSummary summary = result(joinedCall("room-local-by-version"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.COMPLETED);
        var events =
                client.fetchHistory(WorkflowIds.call("room-local-by-version")).getEvents();
        assertThat(events)
                .as("the version marker of the change")
                .anySatisfy(event -> assertThat(
                                event.getMarkerRecordedEventAttributes().toString())
                        .contains(CallWorkflowImpl.LOCAL_ROUTE_AND_LEDGER));
        assertThat(events)
                .filteredOn(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .as("the agent session is the only regular activity")
                .extracting(event -> event.getActivityTaskScheduledEventAttributes()
                        .getActivityType()
                        .getName())
                .containsExactly("RunSession");
        assertThat(events)
                .filteredOn(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
                .as("workflow tasks: the ringing path, the hangup, the session's end (cleanup included)")
                .hasSizeLessThanOrEqualTo(3);
        assertThat(ledger.admitted).hasSize(1);
        closedOnce("room-local-by-version", CallOutcome.COMPLETED);
        assertLineReleased("room-local-by-version");
        record("room-local-by-version", "call-completed-all-local-steps");
    }

    @Test
    void routeAndLedgerAsLocalActivitiesGiveTheSameCall() {
        sessions.play(sessions.answersThenEnds(SessionEndReason.CALLER_LEFT));
        start(true, StepMode.LOCAL);
        CallSummary summary = result(joinedCall("room-local"));

        assertThat(summary.outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(routes.requests).hasSize(1);
        assertThat(ledger.admitted).hasSize(1);
        closedOnce("room-local", CallOutcome.COMPLETED);
        assertLineReleased("room-local");
        assertThat(client.fetchHistory(WorkflowIds.call("room-local")).getEvents())
                .as("local activities are markers, not scheduled activities")
                .anySatisfy(event -> assertThat(event.getEventType()).isEqualTo(EventType.EVENT_TYPE_MARKER_RECORDED));
    }

    // ---- harness ----

    private void start(boolean gpuWorker) {
        start(gpuWorker, ControlPlaneWorkflows.STEP_MODE);
    }

    private void start(boolean gpuWorker, StepMode mode) {
        env = TestWorkflowEnvironment.newInstance();
        for (SearchAttributeKey<?> key : CallSearchAttributes.ALL) {
            env.registerSearchAttribute(key.getName(), key.getValueType());
        }
        Worker calls = env.newWorker(TaskQueues.CALLS);
        ControlPlaneWorkflows.register(calls, mode);
        calls.registerActivitiesImplementations(routes, ledger, lines, liveKit);
        if (gpuWorker) {
            // Learn of a cancellation within 100 ms instead of 80 % of the heartbeat timeout.
            Worker gpu = env.newWorker(
                    TaskQueues.AGENT_SESSIONS,
                    WorkerOptions.newBuilder()
                            .setMaxHeartbeatThrottleInterval(Duration.ofMillis(100))
                            .build());
            gpu.registerActivitiesImplementations(sessions);
        }
        env.start();
        client = env.getWorkflowClient();
    }

    private CallWorkflow newCall(String room) {
        return client.newWorkflowStub(
                CallWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(WorkflowIds.call(room))
                        .setTaskQueue(TaskQueues.CALLS)
                        .build());
    }

    private CallWorkflow joinedCall(String room) {
        CallWorkflow call = newCall(room);
        BatchRequest batch = client.newSignalWithStartRequest();
        batch.add(call::run, new CallRequest(room, POLICY));
        batch.add(call::callerJoined, joined(room));
        client.signalWithStart(batch);
        return client.newWorkflowStub(CallWorkflow.class, WorkflowIds.call(room));
    }

    private static CallerJoined joined(String room) {
        return new CallerJoined(
                DIALED, CALLER, "SCL_" + room, room + "@pbx", "ST_trunk", "sip_" + CALLER, Instant.now());
    }

    private static CallSummary result(CallWorkflow call) {
        return WorkflowStub.fromTyped(call).getResult(CallSummary.class);
    }

    private void awaitSupervising() throws InterruptedException {
        assertThat(sessions.supervising.await(10, TimeUnit.SECONDS))
                .as("the session started")
                .isTrue();
    }

    private OpenCall openedOnce(String room) {
        return assertThat(ledger.opened)
                .filteredOn(open -> open.callWorkflowId().equals(WorkflowIds.call(room)))
                .singleElement()
                .actual();
    }

    private CloseCall closedOnce(String room, CallOutcome outcome) {
        openedOnce(room);
        CloseCall close = assertThat(ledger.closed)
                .filteredOn(c -> c.callWorkflowId().equals(WorkflowIds.call(room)))
                .singleElement()
                .actual();
        assertThat(close.outcome()).isEqualTo(outcome);
        assertThat(close.endedAt()).isNotNull();
        return close;
    }

    private void assertRejected(String room, CallOutcome why) {
        assertThat(liveKit.rejected).containsExactly(new RejectCall(room, why));
        assertThat(liveKit.ended).isEmpty();
    }

    private void assertRoomEnded(String room) {
        assertThat(liveKit.rejected).isEmpty();
        assertThat(liveKit.ended)
                .singleElement()
                .satisfies(end -> assertThat(end.roomName()).isEqualTo(room));
    }

    private void assertLineReleased(String room) {
        String callId = WorkflowIds.call(room);
        assertThat(lines.acquires)
                .anySatisfy(acquire -> assertThat(acquire.callWorkflowId()).isEqualTo(callId));
        assertThat(lines.releases)
                .anySatisfy(release -> assertThat(release.callWorkflowId()).isEqualTo(callId));
        assertThat(lines.held).doesNotContain(callId);
    }

    private void record(String room, String name) {
        Histories.record(client, WorkflowIds.call(room), name);
    }
}
