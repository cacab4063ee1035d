package com.switchboard.gpu.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.switchboard.gpu.e2e.SessionHarness.Host;
import com.switchboard.gpu.status.GpuFleetReport;
import com.switchboard.gpu.testing.FakeGpus;
import com.switchboard.livekit.simulator.AgentBehaviour;
import com.switchboard.livekit.simulator.CallState;
import com.switchboard.livekit.simulator.Dispatch;
import com.switchboard.livekit.simulator.EndCause;
import com.switchboard.livekit.simulator.SimulatedCall;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.session.AgentSessionActivities;
import com.switchboard.workflows.session.SessionEndReason;
import com.switchboard.workflows.session.SessionHeartbeat;
import com.switchboard.workflows.session.SessionHeartbeat.SessionState;
import io.livekit.server.AgentDispatchServiceClient;
import io.livekit.server.RoomServiceClient;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.client.WorkflowStub;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import livekit.LivekitModels.ParticipantInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GPU workers against Temporal's test server and the LiveKit simulator, through the real SDK
 * clients, in real time.
 */
class AgentSessionEndToEndTest {
    private static final String CALLED = "+390212345678";
    private static final String CALLER = "+393331234567";
    private static final Duration CALL_SETUP = Duration.ofSeconds(15);
    private static final Duration RESULT = Duration.ofSeconds(30);

    private SessionHarness harness;

    @BeforeEach
    void start() {
        harness = new SessionHarness(SessionHarness.simulator());
    }

    @AfterEach
    void stop() {
        harness.close();
    }

    private Host cpuHost(String name, Map<String, String> settings) {
        return harness.startHost(name, new FakeGpus(), settings);
    }

    private static SessionProbeWorkflow.Outcome outcome(SessionProbeWorkflow probe) throws Exception {
        return WorkflowStub.fromTyped(probe)
                .getResult(RESULT.toSeconds(), TimeUnit.SECONDS, SessionProbeWorkflow.Outcome.class);
    }

    private static SessionHeartbeat heartbeat(PendingActivityInfo pending) {
        return SessionHarness.heartbeat(pending);
    }

    private static boolean supervising(PendingActivityInfo pending) {
        return SessionHarness.supervising(pending);
    }

    private ParticipantInfo agentIn(String room) {
        return harness.livekit.participants(room).stream()
                .filter(p -> p.getKind() == ParticipantInfo.Kind.AGENT)
                .findFirst()
                .orElseThrow();
    }

    private RoomServiceClient rooms() {
        return RoomServiceClient.createClient(
                harness.livekit.url().toString(), SessionHarness.API_KEY, SessionHarness.API_SECRET);
    }

    private static GpuFleetReport status(Host host) throws Exception {
        // The server's way in: the port is the last part of the poller identity.
        String identity = host.worker.identity();
        String port = identity.substring(identity.lastIndexOf(':') + 1);
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/status"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().findAndRegisterModules().readValue(response.body(), GpuFleetReport.class);
    }

    @Test
    void theTenantsAgentIsDispatchedWithTheCallsFactsAndSupervisedUntilTheCallerHangsUp() throws Exception {
        Host host = cpuHost("gpu@host-a", Map.of("GPU_STATUS_PORT", "0"));
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);
        String room = call.roomName();

        SessionProbeWorkflow probe = harness.startSession(call, SessionHarness.agent("receptionist", null), "", 1);

        harness.livekit.awaitCallState(room, CallState.ACTIVE, CALL_SETUP);
        Dispatch dispatch = harness.livekit.dispatches(room).getFirst();
        assertThat(dispatch.agentName()).isEqualTo("receptionist");
        JsonNode metadata = new ObjectMapper().readTree(dispatch.metadata());
        assertThat(metadata.at("/config/agentName").asText()).isEqualTo("receptionist");
        assertThat(metadata.at("/config/language").asText()).isEqualTo("it-IT");
        assertThat(metadata.at("/call/callWorkflowId").asText()).isEqualTo(WorkflowIds.call(room));
        assertThat(metadata.at("/call/calledNumber").asText()).isEqualTo(call.calledNumber());
        assertThat(metadata.at("/call/callerNumber").asText()).isEqualTo(call.callerNumber());
        assertThat(metadata.at("/call/organizationId").asLong()).isEqualTo(7L);
        assertThat(metadata.at("/gpuHost").asText()).isEqualTo(host.worker.identity() + "/cpu");

        SessionHeartbeat beat =
                heartbeat(harness.awaitPendingSession(call, AgentSessionEndToEndTest::supervising, CALL_SETUP));
        assertThat(beat.agentPresent()).isTrue();
        assertThat(beat.callerPresent()).isTrue();
        assertThat(beat.answeredAt()).isNotNull();
        assertThat(beat.gpuHost()).isEqualTo(host.worker.identity() + "/cpu");

        GpuFleetReport during = status(host);
        assertThat(during.mode()).isEqualTo("cpu");
        assertThat(during.slotsUsed()).isEqualTo(1);
        assertThat(during.sessions())
                .singleElement()
                .satisfies(s -> assertThat(s.callWorkflowId()).isEqualTo(WorkflowIds.call(room)));

        harness.livekit.hangup(room);

        SessionProbeWorkflow.Outcome outcome = outcome(probe);
        // Like LiveKit once only agents are left, the simulator closes the room at the hangup; the
        // call workflow learns the hangup itself from the participant_left webhook.
        assertThat(outcome.result().reason()).isEqualTo(SessionEndReason.ROOM_GONE);
        assertThat(outcome.result().answeredAt()).isNotNull();
        assertThat(outcome.result().gpuHost()).isEqualTo(host.worker.identity() + "/cpu");
        assertThat(harness.livekit.call(room).orElseThrow().endCause()).isEqualTo(EndCause.CALLER_HANGUP);
        awaitSlotsUsed(host, 0);
    }

    @Test
    void aCallerWhoseAudioTheAgentReportedLostEndsTheSessionAsAMediaTimeout() throws Exception {
        cpuHost("gpu@host-a", Map.of());
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);
        SessionProbeWorkflow probe = harness.startSession(call, SessionHarness.agent("receptionist", null), "", 1);
        harness.livekit.awaitCallState(call.roomName(), CallState.ACTIVE, CALL_SETUP);

        harness.livekit.stopMedia(call.roomName());

        SessionProbeWorkflow.Outcome outcome = outcome(probe);
        SimulatedCall dropped = harness.livekit.call(call.roomName()).orElseThrow();
        assertThat(dropped.endCause()).isEqualTo(EndCause.MEDIA_TIMEOUT);
        assertThat(outcome.result().reason()).isEqualTo(SessionEndReason.CALLER_MEDIA_TIMEOUT);
        assertThat(Duration.between(dropped.endedAt(), outcome.result().endedAt()))
                .isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void anAgentThatLeavesMakesTheWorkerEndTheCallByDeletingTheRoom() throws Exception {
        cpuHost("gpu@host-a", Map.of());
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);
        SessionProbeWorkflow probe = harness.startSession(call, SessionHarness.agent("receptionist", null), "", 1);
        harness.awaitPendingSession(call, AgentSessionEndToEndTest::supervising, CALL_SETUP);

        assertThat(rooms().removeParticipant(
                                call.roomName(), agentIn(call.roomName()).getIdentity())
                        .execute()
                        .isSuccessful())
                .isTrue();

        assertThat(outcome(probe).result().reason()).isEqualTo(SessionEndReason.AGENT_LEFT);
        assertThat(harness.livekit.roomExists(call.roomName())).isFalse();
        assertThat(harness.livekit.call(call.roomName()).orElseThrow().endCause())
                .isEqualTo(EndCause.ROOM_DELETED);
    }

    @Test
    void theMaximumCallDurationEndsTheCall() throws Exception {
        cpuHost("gpu@host-a", Map.of());
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);

        SessionProbeWorkflow probe = harness.startSession(call, SessionHarness.agent("receptionist", 3), "", 1);

        SessionProbeWorkflow.Outcome outcome = outcome(probe);
        assertThat(outcome.result().reason()).isEqualTo(SessionEndReason.MAX_DURATION);
        assertThat(outcome.result().answeredAt()).isNotNull();
        assertThat(harness.livekit.roomExists(call.roomName())).isFalse();
    }

    @Test
    void aCancelledSessionEndsTheCallAndReportsCancelled() throws Exception {
        cpuHost("gpu@host-a", Map.of());
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);
        SessionProbeWorkflow probe = harness.startSession(call, SessionHarness.agent("receptionist", null), "", 1);
        harness.awaitPendingSession(call, AgentSessionEndToEndTest::supervising, CALL_SETUP);

        probe.hangup();

        SessionProbeWorkflow.Outcome outcome = outcome(probe);
        assertThat(outcome.result()).isNotNull();
        assertThat(outcome.result().reason()).isEqualTo(SessionEndReason.CANCELLED);
        assertThat(harness.livekit.roomExists(call.roomName())).isFalse();
    }

    @Test
    void aWorkerStoppedMidCallIsReapedByTheHeartbeatTimeout() throws Exception {
        Host host = cpuHost("gpu@host-a", Map.of());
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);
        SessionProbeWorkflow probe = harness.startSession(call, SessionHarness.agent("receptionist", null), "", 1);
        harness.awaitPendingSession(call, AgentSessionEndToEndTest::supervising, CALL_SETUP);

        Instant halted = Instant.now();
        host.halt();

        SessionProbeWorkflow.Outcome outcome = outcome(probe);
        assertThat(outcome.failure()).isEqualTo("TIMEOUT_TYPE_HEARTBEAT");
        assertThat(outcome.lastHeartbeat().state()).isEqualTo(SessionState.SUPERVISING);
        assertThat(outcome.lastHeartbeat().gpuHost()).isEqualTo("gpu@host-a/cpu");
        assertThat(outcome.lastHeartbeat().answeredAt()).isNotNull();
        assertThat(Duration.between(halted, Instant.now()))
                .isLessThan(SessionHarness.HEARTBEAT_TIMEOUT.plusSeconds(10));
        // Nobody ended the call: that is the call workflow's job once it sees the timeout.
        assertThat(harness.livekit.call(call.roomName()).orElseThrow().state()).isEqualTo(CallState.ACTIVE);
    }

    @Test
    void anAgentNoShowOnOneWorkerFailsThatAttemptAndAnotherWorkerTakesTheCall() throws Exception {
        harness.livekit.setAgentBehaviour("receptionist-host-a", AgentBehaviour.neverJoins());
        Host hostA = cpuHost("gpu@host-a", Map.of("AGENT_NAME_SUFFIX", "-host-a", "AGENT_JOIN_TIMEOUT_SECONDS", "2"));
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);
        SessionProbeWorkflow probe = harness.startSession(call, SessionHarness.agent("receptionist", null), "", 4);

        PendingActivityInfo retrying = harness.awaitPendingSession(
                call,
                pending -> pending.getAttempt() >= 2
                        && pending.hasLastFailure()
                        && AgentSessionActivities.AGENT_NO_SHOW.equals(pending.getLastFailure()
                                .getApplicationFailureInfo()
                                .getType()),
                CALL_SETUP);
        assertThat(retrying.getLastFailure().getMessage()).contains("receptionist-host-a");
        hostA.halt();
        cpuHost("gpu@host-b", Map.of("AGENT_NAME_SUFFIX", "-host-b"));

        harness.awaitPendingSession(call, AgentSessionEndToEndTest::supervising, CALL_SETUP);
        // Host A withdrew its dispatch when its agent did not come; only host B's is left.
        List<String> dispatched = harness.livekit.dispatches(call.roomName()).stream()
                .map(Dispatch::agentName)
                .toList();
        assertThat(dispatched).startsWith("receptionist-host-a").endsWith("receptionist-host-b");
        var live = AgentDispatchServiceClient.createClient(
                        harness.livekit.url().toString(), SessionHarness.API_KEY, SessionHarness.API_SECRET)
                .listDispatch(call.roomName())
                .execute()
                .body();
        assertThat(live).extracting(d -> d.getAgentName()).containsExactly("receptionist-host-b");

        harness.livekit.hangup(call.roomName());
        SessionProbeWorkflow.Outcome outcome = outcome(probe);
        assertThat(outcome.result().gpuHost()).isEqualTo("gpu@host-b/cpu");
        assertThat(outcome.result().answeredAt()).isNotNull();
    }

    @Test
    void aHostTakesOnlyTheSessionsItsGpuMemoryHoldsAndTheNextWhenOneEnds() throws Exception {
        FakeGpus gpus = new FakeGpus().gpu("NVIDIA GeForce RTX 3090", 24_576, 7_000);
        // One 4000 MiB session fits in 7000 MiB; a second would not while the first is loading.
        Host host = harness.startHost(
                "gpu@host-a",
                gpus,
                Map.of("GPU_SESSION_MIB", "4000", "GPU_MAX_SESSIONS_PER_GPU", "4", "GPU_MEMORY_SETTLE_SECONDS", "600"));
        SimulatedCall first = harness.livekit.placeCall(CALLED, CALLER);
        SessionProbeWorkflow firstProbe =
                harness.startSession(first, SessionHarness.agent("receptionist", null), "", 1);
        harness.livekit.awaitCallState(first.roomName(), CallState.ACTIVE, CALL_SETUP);

        SimulatedCall second = harness.livekit.placeCall(CALLED, "+393339999999");
        SessionProbeWorkflow secondProbe =
                harness.startSession(second, SessionHarness.agent("receptionist", null), "", 1);
        SessionHarness.sleep(Duration.ofSeconds(2));
        assertThat(harness.livekit.dispatches(second.roomName())).isEmpty();
        assertThat(harness.livekit.call(second.roomName()).orElseThrow().state())
                .isEqualTo(CallState.RINGING);
        GpuFleetReport report = host.worker.report();
        assertThat(report.mode()).isEqualTo("gpu");
        assertThat(report.slotsUsed()).isEqualTo(1);
        assertThat(report.slotsFree()).isZero();
        assertThat(report.devices()).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo("cuda:0");
            assertThat(d.name()).isEqualTo("NVIDIA GeForce RTX 3090");
        });

        harness.livekit.hangup(first.roomName());
        assertThat(outcome(firstProbe).result().gpuHost()).isEqualTo("gpu@host-a/cuda:0");

        harness.livekit.awaitCallState(second.roomName(), CallState.ACTIVE, CALL_SETUP);
        harness.livekit.hangup(second.roomName());
        assertThat(outcome(secondProbe).result().reason()).isEqualTo(SessionEndReason.ROOM_GONE);
    }

    @Test
    void aRoomThatIsGoneBeforeTheSessionStartsIsReportedWithoutADispatch() throws Exception {
        cpuHost("gpu@host-a", Map.of());
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);
        harness.livekit.hangup(call.roomName());

        SessionProbeWorkflow probe = harness.startSession(call, SessionHarness.agent("receptionist", null), "", 1);

        assertThat(outcome(probe).result().reason()).isEqualTo(SessionEndReason.ROOM_GONE);
        assertThat(harness.livekit.dispatches(call.roomName())).isEmpty();
    }

    @Test
    void aBriefLiveKitOutageDoesNotEndASupervisedCall() throws Exception {
        cpuHost("gpu@host-a", Map.of());
        SimulatedCall call = harness.livekit.placeCall(CALLED, CALLER);
        SessionProbeWorkflow probe = harness.startSession(call, SessionHarness.agent("receptionist", null), "", 1);
        harness.awaitPendingSession(call, AgentSessionEndToEndTest::supervising, CALL_SETUP);
        int looks = harness.livekit.apiCalls("ListParticipants");

        harness.livekit.failNextApiCalls("ListParticipants", 503, 5);
        while (harness.livekit.apiCalls("ListParticipants") < looks + 7) {
            SessionHarness.sleep(Duration.ofMillis(50));
        }

        assertThat(harness.awaitPendingSession(call, AgentSessionEndToEndTest::supervising, CALL_SETUP))
                .isNotNull();
        assertThat(harness.livekit.call(call.roomName()).orElseThrow().state()).isEqualTo(CallState.ACTIVE);
        harness.livekit.hangup(call.roomName());
        assertThat(outcome(probe).result().reason()).isEqualTo(SessionEndReason.ROOM_GONE);
    }

    @Test
    void aGracefulStopLetsTheRunningCallFinishAndTakesNoNewOne() throws Exception {
        Host host = cpuHost("gpu@host-a", Map.of());
        SimulatedCall running = harness.livekit.placeCall(CALLED, CALLER);
        SessionProbeWorkflow probe = harness.startSession(running, SessionHarness.agent("receptionist", null), "", 1);
        harness.awaitPendingSession(running, AgentSessionEndToEndTest::supervising, CALL_SETUP);

        Thread stopping = Thread.ofPlatform().start(() -> host.worker.shutdown(Duration.ofSeconds(20)));
        SessionHarness.sleep(Duration.ofSeconds(1));
        SimulatedCall late = harness.livekit.placeCall(CALLED, "+393339999999");
        harness.startSession(late, SessionHarness.agent("receptionist", null), "", 1);
        // The running call keeps heartbeating past the heartbeat timeout while the worker drains.
        SessionHarness.sleep(SessionHarness.HEARTBEAT_TIMEOUT.plusSeconds(1));
        assertThat(stopping.isAlive()).isTrue();
        harness.livekit.hangup(running.roomName());

        SessionProbeWorkflow.Outcome outcome = outcome(probe);
        assertThat(outcome.result().reason()).isEqualTo(SessionEndReason.ROOM_GONE);
        stopping.join(Duration.ofSeconds(10));
        assertThat(stopping.isAlive()).isFalse();
        assertThat(harness.livekit.dispatches(late.roomName())).isEmpty();
    }

    private static void awaitSlotsUsed(Host host, int used) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (host.worker.report().slotsUsed() != used) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "slots used stayed at " + host.worker.report().slotsUsed());
            }
            SessionHarness.sleep(Duration.ofMillis(50));
        }
    }
}
