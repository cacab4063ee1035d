package com.switchboard.server.e2e;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.CALLS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;
import static com.switchboard.server.ServerTestSupport.workflowExists;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.db.tables.records.CallsRecord;
import com.switchboard.livekit.simulator.AgentBehaviour;
import com.switchboard.livekit.simulator.CallState;
import com.switchboard.livekit.simulator.Dispatch;
import com.switchboard.livekit.simulator.EndCause;
import com.switchboard.livekit.simulator.LiveKitSimulator;
import com.switchboard.livekit.simulator.SimulatedCall;
import com.switchboard.livekit.simulator.SimulatorConfig;
import com.switchboard.livekit.simulator.WebhookDelivery;
import com.switchboard.livekit.simulator.WebhookFaults;
import com.switchboard.server.ServerTestSupport;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.lines.LineWorkflow;
import com.switchboard.workflows.session.SessionHeartbeat;
import com.switchboard.workflows.session.SessionHeartbeat.SessionState;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Calls through the LiveKit simulator into the real server (webhooks, control-plane worker), on
 * the real Temporal server and PostgreSQL, with the real GPU worker of module gpu-workers holding the
 * agent sessions on CPU slots. The simulator duplicates and holds back webhooks at random (seeded),
 * as LiveKit may.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(EndToEndTest.GpuFleet.class)
class EndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** LiveKit SIP's media timeout, as deployed and as the simulator plays it by default. */
    private static final Duration MEDIA_TIMEOUT = SimulatorConfig.DEFAULT_MEDIA_TIMEOUT;

    private static final Duration HANGUP_GRACE = Duration.ofMillis(500);
    private static final String NO_SHOW_AGENT = "absent-receptionist";
    private static final LiveKitSimulator simulator = LiveKitSimulator.start(SimulatorConfig.defaults(
                    ServerTestSupport.API_KEY, ServerTestSupport.API_SECRET)
            .withAgentJoinDelay(Duration.ofMillis(100))
            .withMediaTimeout(MEDIA_TIMEOUT)
            .withSeed(2026)
            .withWebhookFaults(WebhookFaults.none().withDuplicateRate(0.3).withReorderRate(0.3)));

    private static final ObjectMapper JSON = new ObjectMapper();
    private static int tenants;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestSupport.register(registry);
        registry.add("switchboard.livekit.url", () -> simulator.url().toString());
        registry.add("switchboard.call.hangup-grace", HANGUP_GRACE::toString);
        registry.add("switchboard.call.agent-attempts", () -> "2");
    }

    @TestConfiguration
    static class GpuFleet {

        @Bean
        GpuHost gpuHost(WorkflowClient client) {
            return new GpuHost(client, simulator.url().toString());
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    WorkflowClient client;

    @Autowired
    GpuHost gpuHost;

    private final DSLContext db = TestDatabase.shared().owner();

    @BeforeAll
    static void emptyDatabase() {
        TestDatabase.shared().reset();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @BeforeEach
    void webhooksToThisServer() {
        simulator.setWebhookUrl(URI.create("http://127.0.0.1:" + port + "/livekit/webhook"));
    }

    private record Tenant(long organizationId, long numberId, String number) {}

    /** An organization whose agent greets in Italian, with one number whose override greets otherwise. */
    private Tenant tenant(int numberLimit, String greetingOverride) {
        return tenant(numberLimit, greetingOverride, "receptionist");
    }

    private Tenant tenant(int numberLimit, String greetingOverride, String agentName) {
        int n = ++tenants;
        long organizationId = db.insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.SLUG, "rossi-" + n)
                .set(ORGANIZATIONS.NAME, "Studio Rossi " + n)
                .set(
                        ORGANIZATIONS.AGENT_CONFIG,
                        JSONB.valueOf("{\"agentName\":\"" + agentName + "\",\"greeting\":\"Buongiorno\","
                                + "\"language\":\"it-IT\",\"maxCallSeconds\":600}"))
                .set(ORGANIZATIONS.MAX_CONCURRENT_CALLS, 5)
                .returningResult(ORGANIZATIONS.ID)
                .fetchSingle()
                .value1();
        String number = String.format("+3905576543%02d", n);
        long numberId = db.insertInto(SIP_NUMBERS)
                .set(SIP_NUMBERS.PHONE_NUMBER, number)
                .set(SIP_NUMBERS.ORGANIZATION_ID, organizationId)
                .set(SIP_NUMBERS.MAX_CONCURRENT_CALLS, numberLimit)
                .set(
                        SIP_NUMBERS.CONFIG_OVERRIDE,
                        JSONB.valueOf(greetingOverride == null ? "{}" : "{\"greeting\":\"" + greetingOverride + "\"}"))
                .returningResult(SIP_NUMBERS.ID)
                .fetchSingle()
                .value1();
        return new Tenant(organizationId, numberId, number);
    }

    private CallsRecord closedCall(String room) {
        return closedCall(room, WAIT);
    }

    private CallsRecord closedCall(String room, Duration within) {
        return await(
                () -> db.selectFrom(CALLS).where(CALLS.ROOM_NAME.eq(room)).fetchOne(),
                row -> row != null && row.getEndedAt() != null,
                "the calls row of " + room + " to be closed",
                within);
    }

    private static <T> T await(Supplier<T> probe, Predicate<T> done, String what) {
        return await(probe, done, what, WAIT);
    }

    private static <T> T await(Supplier<T> probe, Predicate<T> done, String what, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            T value = probe.get();
            if (done.test(value)) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what + "; last seen: " + value);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    /**
     * Waits until the GPU worker's heartbeat says it saw the agent answer and supervises the call:
     * a hangup before then would rightly make the call abandoned, not completed.
     */
    private void awaitSupervised(String room) {
        await(
                () -> sessionHeartbeat(room),
                beat -> beat != null && beat.state() == SessionState.SUPERVISING,
                "the" + " session of " + room + " to supervise its answered call");
    }

    /** The last heartbeat of the call's pending agent session, as Temporal holds it; null if none. */
    private SessionHeartbeat sessionHeartbeat(String room) {
        DescribeWorkflowExecutionResponse description = client.getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(WorkflowIds.call(room)))
                        .build());
        return description.getPendingActivitiesList().stream()
                .filter(PendingActivityInfo::hasHeartbeatDetails)
                .map(pending -> client.getOptions()
                        .getDataConverter()
                        .fromPayloads(
                                0,
                                Optional.of(pending.getHeartbeatDetails()),
                                SessionHeartbeat.class,
                                SessionHeartbeat.class))
                .findFirst()
                .orElse(null);
    }

    private int holders(long organizationId) {
        return client.newWorkflowStub(LineWorkflow.class, WorkflowIds.lines(organizationId))
                .state()
                .holders()
                .size();
    }

    @Test
    void aCallToATenantsNumberIsRoutedAdmittedAnsweredByItsAgentAndRecordedWhenItEnds() throws Exception {
        Tenant tenant = tenant(1, "Benvenuti allo Studio Rossi");

        SimulatedCall call = simulator.placeCall(tenant.number(), "+393331112222");
        SimulatedCall answered = simulator.awaitCallState(call.roomName(), CallState.ACTIVE, WAIT);

        Dispatch dispatch = simulator.dispatches(call.roomName()).get(0);
        assertThat(simulator.dispatches(call.roomName())).hasSize(1);
        assertThat(dispatch.agentName()).isEqualTo("receptionist");
        JsonNode metadata = JSON.readTree(dispatch.metadata());
        // The organization's config with the number's override merged in, and the call's facts.
        assertThat(metadata.path("config").path("greeting").asText()).isEqualTo("Benvenuti allo Studio Rossi");
        assertThat(metadata.path("config").path("language").asText()).isEqualTo("it-IT");
        assertThat(metadata.path("call").path("calledNumber").asText()).isEqualTo(tenant.number());
        assertThat(metadata.path("call").path("callerNumber").asText()).isEqualTo("+393331112222");
        assertThat(db.fetchCount(ACTIVE_CALLS, ACTIVE_CALLS.ROOM_NAME.eq(call.roomName())))
                .isEqualTo(1);

        awaitSupervised(call.roomName());
        simulator.hangup(call.roomName());

        CallsRecord row = closedCall(call.roomName());
        assertThat(row.getWorkflowId()).isEqualTo(WorkflowIds.call(call.roomName()));
        assertThat(row.getOutcome()).isEqualTo("completed");
        assertThat(row.getOrganizationId()).isEqualTo(tenant.organizationId());
        assertThat(row.getSipNumberId()).isEqualTo(tenant.numberId());
        assertThat(row.getCalledNumber()).isEqualTo(tenant.number());
        assertThat(row.getCallerNumber()).isEqualTo("+393331112222");
        assertThat(row.getSipCallId()).isEqualTo(answered.sipCallId());
        assertThat(row.getSipCallIdFull()).isEqualTo(answered.sipCallIdFull());
        assertThat(row.getTrunkId()).isEqualTo(answered.trunkId());
        assertThat(row.getAnsweredAt()).isNotNull();
        assertThat(row.getDurationSeconds()).isNotNull().isGreaterThanOrEqualTo(0);
        assertThat(row.getEndReason()).isNotBlank();
        assertThat(row.getGpuHost()).isEqualTo(gpuHost.sessionHost());
        assertThat(db.fetchCount(ACTIVE_CALLS, ACTIVE_CALLS.ROOM_NAME.eq(call.roomName())))
                .isZero();
        assertThat(await(() -> holders(tenant.organizationId()), h -> h == 0, "the line to be released"))
                .isZero();
        assertThat(simulator.call(call.roomName()).orElseThrow().state()).isEqualTo(CallState.ENDED);
    }

    @Test
    void aCallBeyondTheNumbersLimitIsRejectedWhileItRings() {
        Tenant tenant = tenant(1, null);
        SimulatedCall first = simulator.placeCall(tenant.number(), "+393331112223");
        simulator.awaitCallState(first.roomName(), CallState.ACTIVE, WAIT);

        SimulatedCall second = simulator.placeCall(tenant.number(), "+393331112224");

        SimulatedCall rejected = simulator.awaitCallState(second.roomName(), CallState.REJECTED_486, WAIT);
        assertThat(rejected.sipStatus()).isEqualTo(486);
        assertThat(rejected.answeredAt()).isNull();
        assertThat(simulator.dispatches(second.roomName())).isEmpty();
        CallsRecord row = closedCall(second.roomName());
        assertThat(row.getOutcome()).isEqualTo("busy_number");
        assertThat(row.getAnsweredAt()).isNull();
        assertThat(simulator.call(first.roomName()).orElseThrow().state()).isEqualTo(CallState.ACTIVE);

        awaitSupervised(first.roomName());
        simulator.hangup(first.roomName());
        assertThat(closedCall(first.roomName()).getOutcome()).isEqualTo("completed");
    }

    @Test
    void aCallToAnUnknownNumberIsRejectedWhileItRings() {
        SimulatedCall call = simulator.placeCall("+390550000001", "+393331112225");

        SimulatedCall rejected = simulator.awaitCallState(call.roomName(), CallState.REJECTED_486, WAIT);

        assertThat(rejected.sipStatus()).isEqualTo(486);
        assertThat(simulator.dispatches(call.roomName())).isEmpty();
        CallsRecord row = closedCall(call.roomName());
        assertThat(row.getOutcome()).isEqualTo("unrouted");
        assertThat(row.getOrganizationId()).isNull();
        assertThat(row.getCalledNumber()).isEqualTo("+390550000001");
    }

    @Test
    void webhooksDeliveredAgainAfterTheCallChangeNothing() {
        Tenant tenant = tenant(1, null);
        SimulatedCall call = simulator.placeCall(tenant.number(), "+393331112226");
        simulator.awaitCallState(call.roomName(), CallState.ACTIVE, WAIT);
        awaitSupervised(call.roomName());
        simulator.hangup(call.roomName());
        CallsRecord before = closedCall(call.roomName());
        assertThat(before.getOutcome()).isEqualTo("completed");
        assertThat(simulator.awaitWebhooksSettled(WAIT)).isTrue();
        List<WebhookDelivery> sent = roomWebhooks(call.roomName());

        List<WebhookDelivery> backwards = new ArrayList<>(sent);
        Collections.reverse(backwards);
        for (WebhookDelivery webhook : concat(backwards, sent)) {
            assertThat(simulator.resendWebhook(webhook.eventId())).isEqualTo(200);
        }

        assertThat(db.fetchCount(CALLS, CALLS.ROOM_NAME.eq(call.roomName()))).isEqualTo(1);
        CallsRecord after =
                db.selectFrom(CALLS).where(CALLS.ROOM_NAME.eq(call.roomName())).fetchSingle();
        assertThat(after.intoMap()).isEqualTo(before.intoMap());
        assertThat(db.fetchCount(ACTIVE_CALLS, ACTIVE_CALLS.ROOM_NAME.eq(call.roomName())))
                .isZero();
        assertThat(holders(tenant.organizationId())).isZero();
        assertThat(simulator.dispatches(call.roomName())).hasSize(1);
    }

    @Test
    void webhooksArrivingBackwardsAndTwiceEndTheCallOnceAsAbandoned() {
        Tenant tenant = tenant(1, null);
        simulator.setWebhookUrl(null);
        SimulatedCall call = simulator.placeCall(tenant.number(), "+393331112227");
        simulator.hangup(call.roomName());
        assertThat(simulator.awaitWebhooksSettled(WAIT)).isTrue();
        List<WebhookDelivery> held = roomWebhooks(call.roomName());
        assertThat(held)
                .extracting(WebhookDelivery::event)
                .containsExactly("room_started", "participant_joined", "participant_left", "room_finished");
        simulator.setWebhookUrl(URI.create("http://127.0.0.1:" + port + "/livekit/webhook"));

        List<WebhookDelivery> backwards = new ArrayList<>(held);
        Collections.reverse(backwards);
        for (WebhookDelivery webhook : concat(backwards, backwards)) {
            assertThat(simulator.resendWebhook(webhook.eventId())).isEqualTo(200);
        }

        CallsRecord row = closedCall(call.roomName());
        assertThat(row.getOutcome()).isEqualTo("abandoned");
        assertThat(db.fetchCount(CALLS, CALLS.ROOM_NAME.eq(call.roomName()))).isEqualTo(1);
        assertThat(db.fetchCount(ACTIVE_CALLS, ACTIVE_CALLS.ROOM_NAME.eq(call.roomName())))
                .isZero();
        assertThat(simulator.dispatches(call.roomName())).isEmpty();
        assertThat(workflowExists(client, WorkflowIds.call(call.roomName()))).isTrue();
    }

    @Test
    void aCallerWhoseAudioStopsIsHungUpAtTheMediaTimeoutRecordedAsAGhostAndItsLineReleased() {
        Tenant tenant = tenant(1, null);
        SimulatedCall call = simulator.placeCall(tenant.number(), "+393331112228");
        simulator.awaitCallState(call.roomName(), CallState.ACTIVE, WAIT);
        awaitSupervised(call.roomName());
        assertThat(holders(tenant.organizationId())).isEqualTo(1);

        // The PBX dies without a BYE: the agent reports the caller's audio lost, and LiveKit hangs up
        // after its media timeout with a participant_left just like a BYE's.
        Instant mediaStopped = Instant.now();
        simulator.stopMedia(call.roomName());

        CallsRecord row = closedCall(call.roomName(), MEDIA_TIMEOUT.plus(WAIT));
        SimulatedCall dropped = simulator.call(call.roomName()).orElseThrow();
        assertThat(dropped.endCause()).isEqualTo(EndCause.MEDIA_TIMEOUT);
        assertThat(row.getOutcome()).isEqualTo("ghost_reaped");
        assertThat(row.getEndReason()).isEqualTo("caller_media_timeout");
        assertThat(row.getAnsweredAt()).isNotNull();
        assertThat(row.getGpuHost()).isEqualTo(gpuHost.sessionHost());
        // Closed within a poll and the hangup grace of LiveKit's drop, so within 15 s of the silence.
        assertThat(Duration.between(mediaStopped, row.getEndedAt())).isLessThan(Duration.ofSeconds(15));
        assertThat(db.fetchCount(ACTIVE_CALLS, ACTIVE_CALLS.ROOM_NAME.eq(call.roomName())))
                .isZero();
        assertThat(await(() -> holders(tenant.organizationId()), h -> h == 0, "the line to be released"))
                .isZero();
        assertThat(simulator.roomExists(call.roomName())).isFalse();
    }

    @Test
    void aCallWhoseAgentNeverShowsUpFailsAfterItsAttemptsAndItsRoomIsDeleted() {
        simulator.setAgentBehaviour(NO_SHOW_AGENT, AgentBehaviour.neverJoins());
        Tenant tenant = tenant(1, null, NO_SHOW_AGENT);

        SimulatedCall call = simulator.placeCall(tenant.number(), "+393331112229");

        CallsRecord row = closedCall(call.roomName());
        assertThat(row.getOutcome()).isEqualTo("failed");
        assertThat(row.getEndReason()).isEqualTo("agent_no_show");
        assertThat(row.getAnsweredAt()).isNull();
        // One dispatch per attempt (switchboard.call.agent-attempts), each withdrawn when it failed.
        assertThat(simulator.dispatches(call.roomName()))
                .extracting(Dispatch::agentName)
                .containsExactly(NO_SHOW_AGENT, NO_SHOW_AGENT);
        assertThat(simulator.roomExists(call.roomName())).isFalse();
        SimulatedCall ended = simulator.call(call.roomName()).orElseThrow();
        assertThat(ended.answeredAt()).isNull();
        assertThat(ended.state()).isIn(CallState.REJECTED_486, CallState.ENDED);
        assertThat(db.fetchCount(ACTIVE_CALLS, ACTIVE_CALLS.ROOM_NAME.eq(call.roomName())))
                .isZero();
        assertThat(await(() -> holders(tenant.organizationId()), h -> h == 0, "the line to be released"))
                .isZero();
    }

    private static List<WebhookDelivery> roomWebhooks(String room) {
        return simulator.webhooks().stream()
                .filter(w -> w.roomName().equals(room))
                .toList();
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
