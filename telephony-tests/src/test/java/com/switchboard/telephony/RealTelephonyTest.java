package com.switchboard.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.switchboard.activities.livekit.LiveKitCalls;
import com.switchboard.bench.Percentiles;
import com.switchboard.db.tables.records.CallsRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitModels.Room;
import livekit.LivekitSip.SIPDispatchRuleInfo;
import livekit.LivekitSip.SIPInboundTrunkInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The promises made to a caller, on the real components: LiveKit server and LiveKit SIP as
 * deploy/livekit/ configures them, sipp as the Yeastar P550 (G.711 with RTP), the reference agent,
 * the server against a real Temporal and PostgreSQL, and a GPU worker. One stack serves all
 * scenarios, in the order where one depends on another (provisioning first, the GPU worker
 * killed last).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealTelephonyTest {
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final String GREETING_OF_A = "Ready to take your order";
    private static final Pattern HEARTBEAT_ANSWERED = Pattern.compile("\"answeredAt\"\\s*:\\s*\"\\d");

    private TelephonyStack stack;
    private long pizzeria;
    private long numberA;
    private long numberB;
    private long studio;
    private final Map<Long, Integer> organizationLimits = new ConcurrentHashMap<>();
    private final Map<Long, Integer> numberLimits = new ConcurrentHashMap<>();

    @BeforeAll
    void startTheStack() throws Exception {
        stack = TelephonyStack.start(this::seed);
    }

    @AfterAll
    void stopTheStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    private void seed(TestDatabase db) {
        pizzeria = organization(db, "pizzeria", 3, """
                {"agentName":"reference-agent","greeting":"Welcome to the pizzeria","language":"it-IT",
                 "systemPrompt":"You take pizza orders.","maxCallSeconds":600}""");
        numberA = number(db, pizzeria, "1001", 1, "{\"greeting\":\"" + GREETING_OF_A + "\"}");
        numberB = number(db, pizzeria, "1002", 2, null);
        studio = organization(
                db,
                "studio",
                1,
                "{\"agentName\":\"reference-agent\",\"greeting\":\"Studio Rossi\",\"language\":\"en-GB\"}");
        number(db, studio, "2001", 1, null);
        number(db, studio, "2002", 1, null);
        // Nobody answers for this agent name: its calls ring until the caller gives up.
        long quiet = organization(db, "quiet", 2, "{\"agentName\":\"nobody-answers\",\"greeting\":\"-\"}");
        number(db, quiet, "1003", 2, null);
        String loadConfig = "{\"agentName\":\"reference-agent\",\"greeting\":\"Load\"}";
        long loadA = organization(db, "load-a", 2, loadConfig);
        number(db, loadA, "3001", 1, null);
        number(db, loadA, "3002", 2, null);
        long loadB = organization(db, "load-b", 1, loadConfig);
        number(db, loadB, "3101", 1, null);
        long loadC = organization(db, "load-c", 3, loadConfig);
        number(db, loadC, "3201", 2, null);
        number(db, loadC, "3202", 2, null);
    }

    private long organization(TestDatabase db, String slug, int limit, String config) {
        long id = db.organization(slug, limit, config.replace("\n", ""));
        organizationLimits.put(id, limit);
        return id;
    }

    private long number(TestDatabase db, long organization, String phone, int limit, String override) {
        long id = db.number(organization, phone, limit, override);
        numberLimits.put(id, limit);
        return id;
    }

    // ------------------------------------------------------------------------------------------

    @Test
    @Order(1)
    @DisplayName("1. livekit provision creates the PBX's trunk and dispatch rule; run again, it duplicates nothing")
    void provisioningCreatesTheTrunkAndRuleOnceAndARerunChangesNothing() {
        TelephonyStack.Provisioning first = stack.provision();
        assertThat(first.exitStatus()).as(first.output()).isZero();
        assertThat(first.output()).contains("(switchboard-yeastar): created");

        TelephonyStack.Provisioning second = stack.provision();
        assertThat(second.exitStatus()).as(second.output()).isZero();
        assertThat(second.output()).contains("already as configured").doesNotContain(": created");

        List<SIPInboundTrunkInfo> trunks =
                LiveKitCalls.execute(stack.liveKit.sip().listSipInboundTrunk(), "list trunks");
        assertThat(trunks).singleElement().satisfies(trunk -> {
            assertThat(trunk.getName()).isEqualTo("switchboard-yeastar");
            assertThat(trunk.getAllowedAddressesList()).containsExactly("127.0.0.1");
            assertThat(trunk.getNumbersList()).isEmpty();
        });
        List<SIPDispatchRuleInfo> rules =
                LiveKitCalls.execute(stack.liveKit.sip().listSipDispatchRule(), "list rules");
        assertThat(rules).singleElement().satisfies(rule -> {
            assertThat(rule.getTrunkIdsList()).containsExactly(trunks.get(0).getSipTrunkId());
            assertThat(rule.getRule().getDispatchRuleIndividual().getRoomPrefix())
                    .isEqualTo("call-");
            assertThat(rule.hasRoomConfig()).as("no agents in the rule").isFalse();
        });
    }

    @Test
    @Order(2)
    @DisplayName("2. a call to A is answered by the agent with A's greeting, is live, and BYE closes it as completed")
    void anAdmittedCallIsAnsweredWithItsNumbersGreetingAndEndsCompletedWithItsDuration() {
        String caller = "+390551110002";
        Sipp.Run run = stack.sipp.start(
                "call.xml", List.of(new Sipp.Call(caller, "1001", "4000")), Sipp.Options.one(CALL_TIMEOUT));

        JsonNode live = ChildProcess.await("the call is live in /api/v1/calls/active", Duration.ofSeconds(30), () -> {
            for (JsonNode call : stack.api("/api/v1/calls/active")) {
                if (caller.equals(call.path("callerNumber").asText())) {
                    return Optional.of(call);
                }
            }
            return Optional.empty();
        });
        assertThat(live.path("calledNumber").asText()).isEqualTo("1001");
        assertThat(live.path("numberId").asLong()).isEqualTo(numberA);
        assertThat(live.path("organizationId").asLong()).isEqualTo(pizzeria);

        ParticipantInfo agent = ChildProcess.await(
                "the agent is in the caller's room",
                Duration.ofSeconds(20),
                () -> agentOf(caller)
                        .filter(a -> a.getAttributesMap().containsKey("switchboard.received.config.greeting")));
        Map<String, String> received = agent.getAttributesMap();
        assertThat(received)
                .containsEntry("switchboard.received.config.greeting", GREETING_OF_A)
                .containsEntry("switchboard.received.config.language", "it-IT")
                .containsEntry("switchboard.received.config.systemPrompt", "You take pizza orders.")
                .containsEntry("switchboard.received.config.maxCallSeconds", "600")
                .containsEntry("switchboard.received.config.agentName", TelephonyStack.AGENT_NAME)
                .containsEntry("switchboard.received.call.organizationId", String.valueOf(pizzeria))
                .containsEntry("switchboard.received.call.numberId", String.valueOf(numberA))
                .containsEntry("switchboard.received.call.calledNumber", "1001")
                .containsEntry("switchboard.received.call.callerNumber", caller);

        SippTrace.Call call = run.await(CALL_TIMEOUT).single();
        assertThat(call.finalStatus()).isEqualTo(200);
        assertThat(call.byeSent()).as("sipp hung up").isNotNull();
        System.out.printf(
                "scenario 2: INVITE -> 200 OK %d ms%n",
                Duration.between(call.inviteSent(), call.finalAt()).toMillis());

        CallsRecord row = closedRow(call.callId());
        assertThat(row.getOutcome()).isEqualTo("completed");
        assertThat(row.getAnsweredAt()).isNotNull();
        assertThat(row.getDurationSeconds()).isBetween(3, 10);
        awaitTrue("the line is free again", Duration.ofSeconds(10), () -> !stack.database.holdsLine(call.callId()));
    }

    @Test
    @Order(3)
    @DisplayName(
            "3. a second call to a full number, a call over the organization's limit and one to nobody's number hear 486")
    void callsOverANumbersOrTheOrganizationsLimitOrToNobodysNumberHearBusy() {
        Sipp.Run holdingA = stack.sipp.start(
                "call.xml", List.of(new Sipp.Call("+390551110031", "1001", "9000")), Sipp.Options.one(CALL_TIMEOUT));
        Sipp.Run holdingStudio = stack.sipp.start(
                "call.xml", List.of(new Sipp.Call("+390551110032", "2001", "9000")), Sipp.Options.one(CALL_TIMEOUT));
        awaitTrue("both calls hold a line", Duration.ofSeconds(30), () -> {
            Map<Long, Integer> byOrganization = stack.database.activeByOrganization();
            return byOrganization.getOrDefault(pizzeria, 0) == 1 && byOrganization.getOrDefault(studio, 0) == 1;
        });

        Sipp.Run secondToA = stack.sipp.start(
                "call.xml", List.of(new Sipp.Call("+390551110033", "1001", "1000")), Sipp.Options.one(CALL_TIMEOUT));
        Sipp.Run overStudio = stack.sipp.start(
                "call.xml", List.of(new Sipp.Call("+390551110034", "2002", "1000")), Sipp.Options.one(CALL_TIMEOUT));
        Sipp.Run nobodys = stack.sipp.start(
                "call.xml", List.of(new Sipp.Call("+390551110035", "9999", "1000")), Sipp.Options.one(CALL_TIMEOUT));

        for (var probe : List.of(
                Map.entry(secondToA, "busy_number"),
                Map.entry(overStudio, "busy_organization"),
                Map.entry(nobodys, "unrouted"))) {
            SippTrace.Call call = probe.getKey().await(CALL_TIMEOUT).single();
            assertThat(call.finalStatus())
                    .as("final response of the %s call", probe.getValue())
                    .isEqualTo(486);
            System.out.printf(
                    "scenario 3: %s INVITE -> 486 %d ms%n",
                    probe.getValue(),
                    Duration.between(call.inviteSent(), call.finalAt()).toMillis());
            assertThat(closedRow(call.callId()).getOutcome()).isEqualTo(probe.getValue());
        }

        for (Sipp.Run holder : List.of(holdingA, holdingStudio)) {
            SippTrace.Call call = holder.await(CALL_TIMEOUT).single();
            assertThat(call.finalStatus()).isEqualTo(200);
            assertThat(closedRow(call.callId()).getOutcome()).isEqualTo("completed");
        }
        awaitTrue("every line is free again", Duration.ofSeconds(10), () -> stack.database.activeCalls() == 0);
    }

    @Test
    @Order(4)
    @DisplayName(
            "6. an INVITE from an address outside the trunk's allowlist gets no call: no room, no history, no line")
    void anInviteFromOutsideTheAllowlistGetsNoCall() {
        String caller = "+390551110060";
        Sipp.Run stranger = stack.sipp.start(
                "call.xml",
                List.of(new Sipp.Call(caller, "1001", "1000")),
                new Sipp.Options("127.0.0.2", 1, 1, Duration.ofSeconds(6)));
        boolean sawRoom = stack.roomOrLineSeenWhile(stranger, caller);
        SippTrace.Call call = stranger.await(Duration.ofSeconds(20)).single();
        assertThat(call.finalStatus())
                .as("LiveKit SIP drops it without a final response")
                .isZero();
        assertThat(sawRoom)
                .as("a room or a line while the stranger's INVITE was pending")
                .isFalse();
        assertThat(stack.database.callsFrom(caller)).isEmpty();
        System.out.printf(
                "scenario 6: responses to the stranger: %s%n",
                call.messages().stream()
                        .filter(m -> !m.sent())
                        .map(SippTrace.Message::firstLine)
                        .toList());
    }

    @Test
    @Order(5)
    @DisplayName("8. a caller who hangs up while it still rings (CANCEL) leaves no line behind and is abandoned")
    void aCallerWhoHangsUpWhileRingingLeavesNoLineAndIsAbandoned() {
        String caller = "+390551110080";
        Sipp.Run run = stack.sipp.start(
                "cancel.xml", List.of(new Sipp.Call(caller, "1003", "3000")), Sipp.Options.one(CALL_TIMEOUT));
        AtomicBoolean heldLine = new AtomicBoolean();
        long deadline = System.nanoTime() + CALL_TIMEOUT.toNanos();
        while (run.running() && System.nanoTime() < deadline) {
            heldLine.compareAndSet(false, stack.database.activeCalls() > 0);
            ChildProcess.sleep(100);
        }
        SippTrace.Call call = run.await(CALL_TIMEOUT).single();
        assertThat(call.finalStatus()).isEqualTo(487);
        assertThat(heldLine)
                .as("the call was admitted before the caller gave up")
                .isTrue();
        CallsRecord row = closedRow(call.callId());
        assertThat(row.getOutcome()).isEqualTo("abandoned");
        awaitTrue("no line is held", Duration.ofSeconds(10), () -> stack.database.activeCalls() == 0);
    }

    @Test
    @Order(6)
    @DisplayName(
            "7. 30 calls over 3 organizations: no limit is ever exceeded, each call gets 200 or 486, nothing leaks")
    void underSteadyLoadNoLimitIsExceededAndEveryCallIsAnsweredOrBusy() {
        String[] numbers = {"3001", "3002", "3101", "3201", "3202", "3001", "3101", "3202"};
        List<Sipp.Call> calls = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int holdMillis = 1000 + (i * 7919) % 4000;
            calls.add(new Sipp.Call(
                    String.format("+3905522200%02d", i), numbers[i % numbers.length], String.valueOf(holdMillis)));
        }
        List<String> violations = new ArrayList<>();
        AtomicBoolean sampling = new AtomicBoolean(true);
        int[] samples = {0};
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get()) {
                Map<Long, Integer> byOrganization = stack.database.activeByOrganization();
                Map<Long, Integer> byNumber = stack.database.activeByNumber();
                byOrganization.forEach((org, n) -> {
                    if (n > organizationLimits.getOrDefault(org, 0)) {
                        violations.add("organization " + org + " held " + n + " lines at " + Instant.now());
                    }
                });
                byNumber.forEach((number, n) -> {
                    if (n > numberLimits.getOrDefault(number, 0)) {
                        violations.add("number " + number + " held " + n + " lines at " + Instant.now());
                    }
                });
                samples[0]++;
                ChildProcess.sleep(200);
            }
        });

        SippTrace trace;
        try {
            trace = stack.sipp
                    .start("call.xml", calls, new Sipp.Options("127.0.0.1", 3, 40, Duration.ofSeconds(120)))
                    .await(Duration.ofSeconds(150));
        } finally {
            sampling.set(false);
        }
        awaitTrue("nothing holds a line", Duration.ofSeconds(15), () -> stack.database.activeCalls() == 0);
        try {
            sampler.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }

        assertThat(trace.calls()).hasSize(calls.size());
        List<Double> answered = new ArrayList<>();
        List<Double> busy = new ArrayList<>();
        for (SippTrace.Call call : trace.calls().values()) {
            double setup = Duration.between(call.inviteSent(), call.finalAt()).toMillis();
            String outcome = closedRow(call.callId()).getOutcome();
            switch (call.finalStatus()) {
                case 200 -> {
                    answered.add(setup);
                    assertThat(outcome)
                            .as("outcome of answered call %s", call.callId())
                            .isEqualTo("completed");
                }
                case 486 -> {
                    busy.add(setup);
                    assertThat(outcome)
                            .as("outcome of rejected call %s", call.callId())
                            .isIn("busy_number", "busy_organization");
                }
                default -> throw new AssertionError("call " + call.callId() + " got " + call.finalStatus());
            }
        }
        assertThat(violations).as("limits exceeded in %d samples", samples[0]).isEmpty();
        assertThat(answered).isNotEmpty();
        assertThat(busy).isNotEmpty();
        assertThat(stack.rooms().stream().filter(r -> r.getNumParticipants() > 0))
                .as("rooms still with someone in them")
                .isEmpty();
        Percentiles toAnswer = Percentiles.of(answered);
        Percentiles toBusy = Percentiles.of(busy);
        System.out.printf(
                "scenario 7: %d calls, %d answered (INVITE -> 200 p50 %.0f ms, p99 %.0f ms), %d busy (INVITE -> 486 p50"
                        + " %.0f ms, p99 %.0f ms), %d samples without a limit exceeded%n",
                calls.size(),
                answered.size(),
                toAnswer.p50(),
                toAnswer.p99(),
                busy.size(),
                toBusy.p50(),
                toBusy.p99(),
                samples[0]);
    }

    @Test
    @Order(7)
    @DisplayName(
            "4. a ghost (RTP stops, no BYE) is hung up by LiveKit's media timeout, its line freed within 15 s, recorded a ghost")
    void aGhostIsHungUpByTheMediaTimeoutAndItsLineFreed() {
        String caller = "+390551110040";
        Sipp.Run run = stack.sipp.start(
                "ghost.xml", List.of(new Sipp.Call(caller, "1002", "-")), Sipp.Options.one(Duration.ofSeconds(90)));
        LineWatch line = LineWatch.start(stack.database, caller);
        SippTrace.Call call = run.await(Duration.ofSeconds(100)).single();
        Instant freed = line.awaitFreed(Duration.ofSeconds(30));
        assertThat(call.finalStatus()).isEqualTo(200);
        assertThat(call.byeReceived()).as("LiveKit hung up on the PBX").isNotNull();
        Instant lastRtp = call.ackSent().plus(Pcap.duration(Tools.G711_PCAP));
        double toBye = seconds(lastRtp, call.byeReceived());
        double toFree = seconds(lastRtp, freed);
        CallsRecord row = closedRow(call.callId());
        System.out.printf(
                "scenario 4: last RTP -> LiveKit's BYE %.1f s, -> line free %.1f s; history %s / %s%n",
                toBye, toFree, row.getOutcome(), row.getEndReason());
        assertThat(toBye)
                .as("BYE after the last RTP packet (media_timeout 10s in deploy/livekit/sip.yaml)")
                .isBetween(9.0, 12.0);
        assertThat(toFree).as("line free within 15 s of the last RTP packet").isBetween(9.0, 15.0);
        // LiveKit reports its media timeout as the caller leaving (participant_left, sip.callStatus
        // hangup, CLIENT_INITIATED), exactly like a BYE; the agent's report that no RTP arrived any
        // more is what makes it a ghost.
        assertThat(row.getOutcome()).isEqualTo("ghost_reaped");
        assertThat(row.getEndReason()).isEqualTo("caller_media_timeout");
    }

    @Test
    @Order(8)
    @DisplayName(
            "5. a GPU worker SIGKILLed during an answered call: its heartbeat timeout reaps the call and LiveKit hangs up")
    void aCallWhoseGpuWorkerDiesIsReapedAndHungUp() {
        String caller = "+390551110050";
        Sipp.Run run = stack.sipp.start(
                "held.xml", List.of(new Sipp.Call(caller, "1002", "10")), Sipp.Options.one(Duration.ofSeconds(90)));
        LineWatch line = LineWatch.start(stack.database, caller);
        ChildProcess.await(
                "the caller is answered",
                Duration.ofSeconds(30),
                () -> callerOf(caller)
                        .filter(p -> "active".equals(p.getAttributesMap().get("sip.callStatus"))));
        // The worker tells Temporal of the answer with its next heartbeat (SESSION_HEARTBEAT_SECONDS,
        // 3 s); killed before that, the call counts as unanswered and another worker is tried.
        String workflowId = "call-" + roomOf(caller);
        awaitTrue(
                "the call's workflow knows the answer from a heartbeat",
                Duration.ofSeconds(20),
                () -> HEARTBEAT_ANSWERED
                        .matcher(stack.describeWorkflow(workflowId))
                        .find());

        Instant killed = Instant.now();
        stack.gpuWorker().kill();
        Instant freed = line.awaitFreed(Duration.ofSeconds(60));
        SippTrace.Call call = run.await(Duration.ofSeconds(60)).single();
        assertThat(call.byeReceived()).as("LiveKit hung up on the PBX").isNotNull();
        CallsRecord row = closedRow(call.callId());
        System.out.printf(
                "scenario 5: GPU worker killed -> line free %.1f s, -> PBX got BYE %.1f s; history %s / %s%n",
                seconds(killed, freed), seconds(killed, call.byeReceived()), row.getOutcome(), row.getEndReason());
        assertThat(row.getOutcome()).isEqualTo("ghost_reaped");
        assertThat(row.getEndReason()).isEqualTo("heartbeat_lost");
        assertThat(seconds(killed, freed))
                .as("reaped within the heartbeat timeout (15 s) and a margin")
                .isLessThan(30);
    }

    // ------------------------------------------------------------------------------------------

    private String roomOf(String caller) {
        return stack.rooms().stream()
                .map(Room::getName)
                .filter(name -> name.contains(caller))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no room of " + caller));
    }

    private List<ParticipantInfo> participantsOfCaller(String caller) {
        for (Room room : stack.rooms()) {
            if (room.getName().contains(caller)) {
                return LiveKitCalls.execute(stack.liveKit.rooms().listParticipants(room.getName()), "participants");
            }
        }
        return List.of();
    }

    private Optional<ParticipantInfo> agentOf(String caller) {
        return participantsOfCaller(caller).stream()
                .filter(p -> p.getKind() == ParticipantInfo.Kind.AGENT)
                .findFirst();
    }

    private Optional<ParticipantInfo> callerOf(String caller) {
        return participantsOfCaller(caller).stream()
                .filter(p -> p.getKind() == ParticipantInfo.Kind.SIP)
                .findFirst();
    }

    /** The call's history row once it is closed. */
    private CallsRecord closedRow(String sipCallId) {
        return ChildProcess.await(
                "the history row of " + sipCallId + " is closed",
                Duration.ofSeconds(30),
                () -> stack.database.callBySipCallId(sipCallId).filter(r -> r.getOutcome() != null));
    }

    private static void awaitTrue(String what, Duration within, Supplier<Boolean> probe) {
        ChildProcess.await(what, within, () -> probe.get() ? Optional.of(true) : Optional.empty());
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toMillis() / 1000.0;
    }
}
