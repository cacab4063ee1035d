package com.switchboard.gpu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.gpu.e2e.SessionHarness.ControlPlane;
import com.switchboard.gpu.e2e.SessionHarness.Host;
import com.switchboard.gpu.testing.FakeGpus;
import com.switchboard.livekit.simulator.AgentBehaviour;
import com.switchboard.livekit.simulator.CallState;
import com.switchboard.livekit.simulator.Dispatch;
import com.switchboard.livekit.simulator.EndCause;
import com.switchboard.livekit.simulator.SimulatedCall;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.call.CallOutcome;
import com.switchboard.workflows.call.CallPolicy;
import com.switchboard.workflows.call.CallSummary;
import com.switchboard.workflows.call.CallWorkflow;
import com.switchboard.workflows.call.Hangup;
import com.switchboard.workflows.ledger.CloseCall;
import com.switchboard.workflows.route.Route;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real CallWorkflow and LineWorkflow (routing, ledger and line activities are the workflows
 * module's recording stand-ins) with GPU workers and the LiveKit simulator: the end-to-end
 * cases, observed as call outcomes.
 */
class CallWorkflowEndToEndTest {
    private static final String CALLED = "+390212345678";
    private static final String CALLER = "+393331234567";
    private static final Duration CALL_SETUP = Duration.ofSeconds(15);
    private static final CallPolicy POLICY = new CallPolicy(
            Duration.ofSeconds(30),
            Duration.ofSeconds(15),
            SessionHarness.HEARTBEAT_TIMEOUT,
            2,
            Duration.ofSeconds(1),
            "");
    private static final Route.Routed ROUTED =
            new Route.Routed(7L, 70L, CALLED, "Reception", SessionHarness.agent("receptionist", null), 2, 5);

    private SessionHarness harness;
    private ControlPlane plane;

    @BeforeEach
    void start() {
        harness = new SessionHarness(SessionHarness.simulator());
        plane = harness.startControlPlane(ROUTED);
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Host cpuHost(String name, Map<String, String> settings) {
        return harness.startHost(name, new FakeGpus(), settings);
    }

    private static CallSummary summary(CallWorkflow call) throws Exception {
        return WorkflowStub.fromTyped(call).getResult(60, TimeUnit.SECONDS, CallSummary.class);
    }

    private CloseCall closed(SimulatedCall call) {
        return assertThat(plane.ledger().closed)
                .filteredOn(close -> close.callWorkflowId().equals(WorkflowIds.call(call.roomName())))
                .singleElement()
                .actual();
    }

    private void assertLineReleased(SimulatedCall call) {
        String id = WorkflowIds.call(call.roomName());
        assertThat(plane.lines().acquires)
                .anySatisfy(a -> assertThat(a.callWorkflowId()).isEqualTo(id));
        assertThat(plane.lines().releases)
                .anySatisfy(r -> assertThat(r.callWorkflowId()).isEqualTo(id));
        assertThat(plane.lines().held).doesNotContain(id);
    }

    private void awaitSupervised(SimulatedCall call) {
        harness.awaitPendingSession(call, SessionHarness::supervising, CALL_SETUP);
        assertThat(harness.livekit.call(call.roomName()).orElseThrow().state()).isEqualTo(CallState.ACTIVE);
    }

    @Test
    void aCallerWhoHangsUpCompletesTheCallAndFreesTheLine() throws Exception {
        Host host = cpuHost("gpu@host-a", Map.of());
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);
        CallWorkflow workflow = harness.joined(call, POLICY);
        awaitSupervised(call);

        // The hangup webhooks are left out: the session alone sees the call end (LiveKit closes
        // the room once only agents are left).
        harness.livekit.hangup(call.roomName());

        CallSummary summary = summary(workflow);
        assertThat(summary.outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(summary.endReason().wire()).isEqualTo("room_gone");
        assertThat(summary.answeredAt()).isNotNull();
        CloseCall close = closed(call);
        assertThat(close.outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(close.gpuHost()).isEqualTo(host.worker.identity() + "/cpu");
        assertLineReleased(call);
    }

    @Test
    void aHangupWebhookCancelsTheSessionWhichEndsTheRoom() throws Exception {
        cpuHost("gpu@host-a", Map.of());
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);
        CallWorkflow workflow = harness.joined(call, POLICY);
        awaitSupervised(call);

        // What the webhook endpoint does with participant_left (here ahead of the session's look).
        workflow.hangup(new Hangup(Hangup.HangupSource.PARTICIPANT_LEFT, Instant.now()));

        CallSummary summary = summary(workflow);
        assertThat(summary.outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(summary.endReason().wire()).isEqualTo("participant_left");
        assertThat(harness.livekit.roomExists(call.roomName())).isFalse();
        assertThat(closed(call).gpuHost()).isEqualTo("gpu@host-a/cpu");
        assertLineReleased(call);
    }

    @Test
    void aCallerWhoseAudioStopsIsAGhostThoughLiveKitReportsTheMediaTimeoutAsAHangup() throws Exception {
        cpuHost("gpu@host-a", Map.of());
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);
        CallWorkflow workflow = harness.joined(call, POLICY);
        awaitSupervised(call);

        harness.livekit.stopMedia(call.roomName());

        CallSummary summary = summary(workflow);
        SimulatedCall dropped = harness.livekit.call(call.roomName()).orElseThrow();
        assertThat(dropped.endCause()).isEqualTo(EndCause.MEDIA_TIMEOUT);
        assertThat(summary.outcome()).isEqualTo(CallOutcome.GHOST_REAPED);
        assertThat(summary.endReason().wire()).isEqualTo("caller_media_timeout");
        assertThat(Duration.between(dropped.endedAt(), summary.endedAt())).isLessThan(Duration.ofSeconds(15));
        assertThat(plane.liveKit().ended)
                .anySatisfy(end -> assertThat(end.roomName()).isEqualTo(call.roomName()));
        assertLineReleased(call);
    }

    @Test
    void aGpuWorkerStoppedMidCallIsReapedByTheHeartbeatTimeoutAndItsLineIsFreeAgain() throws Exception {
        Host host = cpuHost("gpu@host-a", Map.of());
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);
        CallWorkflow workflow = harness.joined(call, POLICY);
        awaitSupervised(call);

        Instant halted = Instant.now();
        host.halt();

        CallSummary summary = summary(workflow);
        assertThat(summary.outcome()).isEqualTo(CallOutcome.GHOST_REAPED);
        assertThat(summary.endReason().wire()).isEqualTo("heartbeat_lost");
        assertThat(summary.answeredAt()).as("known from the last heartbeat").isNotNull();
        assertThat(Duration.between(halted, summary.endedAt()))
                .isLessThan(SessionHarness.HEARTBEAT_TIMEOUT.plusSeconds(10));
        assertThat(closed(call).gpuHost()).isEqualTo("gpu@host-a/cpu");
        assertThat(plane.liveKit().ended)
                .anySatisfy(end -> assertThat(end.roomName()).isEqualTo(call.roomName()));
        assertLineReleased(call);
    }

    @Test
    void anAgentThatDoesNotShowUpOnOneWorkerIsTakenByAnother() throws Exception {
        harness.livekit.setAgentBehaviour("receptionist-host-a", AgentBehaviour.neverJoins());
        cpuHost(
                "gpu@host-a",
                Map.of("AGENT_NAME_SUFFIX", "-host-a", "AGENT_JOIN_TIMEOUT_SECONDS", "2", "GPU_CPU_SLOTS", "1"));
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);
        CallWorkflow workflow = harness.joined(call, POLICY);
        // Host A has the first attempt; host B joins the fleet while A waits for its agent.
        harness.awaitPendingSession(
                call, pending -> !harness.livekit.dispatches(call.roomName()).isEmpty(), CALL_SETUP);
        Host hostB = cpuHost("gpu@host-b", Map.of("AGENT_NAME_SUFFIX", "-host-b"));

        awaitSupervised(call);
        assertThat(harness.livekit.dispatches(call.roomName()))
                .extracting(Dispatch::agentName)
                .containsExactly("receptionist-host-a", "receptionist-host-b");
        harness.livekit.hangup(call.roomName());

        CallSummary summary = summary(workflow);
        assertThat(summary.outcome()).isEqualTo(CallOutcome.COMPLETED);
        assertThat(closed(call).gpuHost()).isEqualTo(hostB.worker.identity() + "/cpu");
        assertLineReleased(call);
    }
}
