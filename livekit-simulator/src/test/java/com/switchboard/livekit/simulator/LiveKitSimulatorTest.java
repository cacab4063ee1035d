package com.switchboard.livekit.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.livekit.server.AgentDispatchServiceClient;
import io.livekit.server.CreateSipDispatchRuleOptions;
import io.livekit.server.CreateSipInboundTrunkOptions;
import io.livekit.server.RoomServiceClient;
import io.livekit.server.SipDispatchRuleIndividual;
import io.livekit.server.SipServiceClient;
import io.livekit.server.UpdateSipDispatchRuleOptions;
import io.livekit.server.UpdateSipInboundTrunkOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import livekit.LivekitAgentDispatch;
import livekit.LivekitModels;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitSip;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import retrofit2.Response;

class LiveKitSimulatorTest {
    private static final String KEY = "APIsimulator";
    private static final String SECRET = "simulator-secret-0123456789abcdef0123456789";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private RecordingReceiver receiver;
    private LiveKitSimulator simulator;

    @BeforeEach
    void start() throws IOException {
        receiver = new RecordingReceiver(KEY, SECRET);
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
        receiver.close();
    }

    private LiveKitSimulator simulator(SimulatorConfig config) {
        simulator = LiveKitSimulator.start(config.withWebhookUrl(receiver.url()));
        return simulator;
    }

    /** A simulator whose agents and media timeouts wait for {@code timers} to be advanced. */
    private LiveKitSimulator simulator(SimulatorConfig config, ManualTimers timers) {
        simulator = LiveKitSimulator.start(config.withWebhookUrl(receiver.url()), 0, timers);
        return simulator;
    }

    private LiveKitSimulator simulator() {
        return simulator(SimulatorConfig.defaults(KEY, SECRET));
    }

    private RoomServiceClient rooms() {
        return RoomServiceClient.createClient(simulator.url().toString(), KEY, SECRET);
    }

    @Test
    void roomServiceClientCreatesListsAndDeletesRooms() throws IOException {
        simulator();
        RoomServiceClient rooms = rooms();

        Response<LivekitModels.Room> created = rooms.createRoom("lobby").execute();
        assertThat(created.isSuccessful()).isTrue();
        assertThat(created.body().getName()).isEqualTo("lobby");
        assertThat(rooms.listRooms().execute().body())
                .extracting(LivekitModels.Room::getName)
                .containsExactly("lobby");

        assertThat(rooms.deleteRoom("lobby").execute().isSuccessful()).isTrue();
        assertThat(rooms.listRooms().execute().body()).isEmpty();
        assertThat(rooms.deleteRoom("lobby").execute().code()).isEqualTo(404);
    }

    @Test
    void requestsSignedWithAnotherSecretAreUnauthenticated() throws IOException {
        simulator();
        RoomServiceClient impostor =
                RoomServiceClient.createClient(simulator.url().toString(), KEY, "another-secret-0123456789abcdef");

        Response<List<LivekitModels.Room>> response = impostor.listRooms().execute();

        assertThat(response.code()).isEqualTo(401);
        assertThat(response.errorBody().string()).contains("\"code\":\"unauthenticated\"");
    }

    @Test
    void jsonRequestsAreServedAsWellAsProtobuf() throws Exception {
        simulator();
        rooms().createRoom("json-room").execute();
        io.livekit.server.AccessToken token = new io.livekit.server.AccessToken(KEY, SECRET);
        token.addGrants(new io.livekit.server.RoomList(true));

        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(simulator.url() + "/twirp/livekit.RoomService/ListRooms"))
                            .header("Content-Type", "application/json")
                            .header("Authorization", "Bearer " + token.toJwt())
                            .POST(HttpRequest.BodyPublishers.ofString("{}"))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(response.body()).contains("\"name\": \"json-room\"");
        }
    }

    @Test
    void callerRingsInARoomOfItsOwnWithLiveKitsSipAttributes() throws IOException {
        simulator();

        SimulatedCall call = simulator.placeCall("+390557654321", "+390551112223");

        assertThat(call.state()).isEqualTo(CallState.RINGING);
        assertThat(call.roomName()).startsWith("call-_+390551112223_");
        List<ParticipantInfo> participants =
                rooms().listParticipants(call.roomName()).execute().body();
        assertThat(participants).hasSize(1);
        ParticipantInfo caller = participants.get(0);
        assertThat(caller.getKind()).isEqualTo(ParticipantInfo.Kind.SIP);
        assertThat(caller.getIdentity()).isEqualTo("sip_+390551112223");
        assertThat(caller.getAttributesMap())
                .containsEntry("sip.trunkPhoneNumber", "+390557654321")
                .containsEntry("sip.phoneNumber", "+390551112223")
                .containsEntry("sip.callID", call.sipCallId())
                .containsEntry("sip.callIDFull", call.sipCallIdFull())
                .containsEntry("sip.trunkID", call.trunkId())
                .containsEntry("sip.callStatus", "ringing");

        assertThat(simulator.awaitWebhooksSettled(WAIT)).isTrue();
        assertThat(receiver.eventsOf(call.roomName())).containsExactly("room_started", "participant_joined");
        WebhookEvent joined = receiver.events().get(1);
        assertThat(joined.getParticipant().getKind()).isEqualTo(ParticipantInfo.Kind.SIP);
        assertThat(receiver.rejectedSignatures()).isZero();
    }

    @Test
    void deletingTheRoomOfARingingCallAnswers486() throws IOException {
        simulator();
        SimulatedCall call = simulator.placeCall("+390557654321", "+390551112223");

        assertThat(rooms().deleteRoom(call.roomName()).execute().isSuccessful()).isTrue();

        SimulatedCall rejected = simulator.call(call.roomName()).orElseThrow();
        assertThat(rejected.state()).isEqualTo(CallState.REJECTED_486);
        assertThat(rejected.sipStatus()).isEqualTo(486);
        assertThat(rejected.answeredAt()).isNull();
        assertThat(simulator.awaitWebhooksSettled(WAIT)).isTrue();
        assertThat(receiver.eventsOf(call.roomName()))
                .containsExactly("room_started", "participant_joined", "participant_left", "room_finished");
    }

    @Test
    void dispatchedAgentJoinsAndTheCallIsAnswered() throws IOException {
        simulator(SimulatorConfig.defaults(KEY, SECRET).withAgentJoinDelay(Duration.ofMillis(50)));
        SimulatedCall call = simulator.placeCall("+390557654321", "+390551112223");
        AgentDispatchServiceClient agents =
                AgentDispatchServiceClient.createClient(simulator.url().toString(), KEY, SECRET);

        Response<LivekitAgentDispatch.AgentDispatch> dispatch = agents.createDispatch(
                        call.roomName(), "receptionist", "{\"greeting\":\"Ciao\"}", null)
                .execute();
        assertThat(dispatch.isSuccessful()).isTrue();

        SimulatedCall answered = simulator.awaitCallState(call.roomName(), CallState.ACTIVE, WAIT);
        assertThat(answered.answeredAt()).isNotNull();
        assertThat(answered.sipStatus()).isEqualTo(200);
        assertThat(simulator.dispatches(call.roomName())).singleElement().satisfies(d -> {
            assertThat(d.agentName()).isEqualTo("receptionist");
            assertThat(d.metadata()).isEqualTo("{\"greeting\":\"Ciao\"}");
        });
        assertThat(agents.listDispatch(call.roomName()).execute().body()).hasSize(1);
        assertThat(rooms().listParticipants(call.roomName()).execute().body())
                .extracting(ParticipantInfo::getKind)
                .containsExactly(ParticipantInfo.Kind.SIP, ParticipantInfo.Kind.AGENT);
        assertThat(rooms().getParticipant(call.roomName(), call.callerIdentity())
                        .execute()
                        .body()
                        .getAttributesMap())
                .containsEntry("sip.callStatus", "active");
    }

    @Test
    void anAgentThatNeverJoinsLeavesTheCallerRinging() throws Exception {
        ManualTimers timers = new ManualTimers();
        simulator(SimulatorConfig.defaults(KEY, SECRET), timers);
        simulator.setAgentBehaviour("ghost", AgentBehaviour.neverJoins());
        SimulatedCall call = simulator.placeCall("+390557654321", "+390551112223");

        AgentDispatchServiceClient.createClient(simulator.url().toString(), KEY, SECRET)
                .createDispatch(call.roomName(), "ghost", "{}", null)
                .execute();
        timers.advance(Duration.ofMinutes(10));

        assertThat(simulator.call(call.roomName()).orElseThrow().state()).isEqualTo(CallState.RINGING);
        assertThat(simulator.participants(call.roomName())).hasSize(1);
    }

    @Test
    void hangupSendsParticipantLeftThenTheAgentsLeaveAndTheRoomFinishes() throws IOException {
        simulator(SimulatorConfig.defaults(KEY, SECRET).withAgentJoinDelay(Duration.ZERO));
        SimulatedCall call = simulator.placeCall("+390557654321", "+390551112223");
        AgentDispatchServiceClient.createClient(simulator.url().toString(), KEY, SECRET)
                .createDispatch(call.roomName(), "receptionist", "{}", null)
                .execute();
        simulator.awaitCallState(call.roomName(), CallState.ACTIVE, WAIT);

        simulator.hangup(call.roomName());

        SimulatedCall ended = simulator.call(call.roomName()).orElseThrow();
        assertThat(ended.state()).isEqualTo(CallState.ENDED);
        assertThat(ended.endCause()).isEqualTo(EndCause.CALLER_HANGUP);
        assertThat(simulator.roomExists(call.roomName())).isFalse();
        assertThat(simulator.awaitWebhooksSettled(WAIT)).isTrue();
        assertThat(receiver.eventsOf(call.roomName()))
                .containsExactly(
                        "room_started",
                        "participant_joined",
                        "participant_joined",
                        "participant_left",
                        "participant_left",
                        "room_finished");
        WebhookEvent callerLeft = receiver.events().stream()
                .filter(e -> e.getEvent().equals("participant_left"))
                .findFirst()
                .orElseThrow();
        assertThat(callerLeft.getParticipant().getKind()).isEqualTo(ParticipantInfo.Kind.SIP);
        assertThat(callerLeft.getParticipant().getAttributesMap()).containsEntry("sip.callStatus", "hangup");
    }

    @Test
    void lostMediaIsReportedByTheAgentThenHungUpAsAHangupAfterTheMediaTimeout() throws Exception {
        ManualTimers timers = new ManualTimers();
        simulator(
                SimulatorConfig.defaults(KEY, SECRET)
                        .withAgentJoinDelay(Duration.ZERO)
                        .withMediaTimeout(Duration.ofMillis(1200)),
                timers);
        SimulatedCall call = simulator.placeCall("+390557654321", "+390551112223");
        AgentDispatchServiceClient.createClient(simulator.url().toString(), KEY, SECRET)
                .createDispatch(call.roomName(), "receptionist", "{}", null)
                .execute();
        timers.advance(Duration.ZERO);
        assertThat(simulator.call(call.roomName()).orElseThrow().state()).isEqualTo(CallState.ACTIVE);

        simulator.stopMedia(call.roomName());

        timers.advance(Duration.ofMillis(599));
        assertThat(agentReportsAudioLost(call)).as("before the agent notices").isFalse();
        timers.advance(Duration.ofMillis(1));
        assertThat(agentReportsAudioLost(call))
                .as("the agent reported the caller's audio lost at half the media timeout")
                .isTrue();
        timers.advance(Duration.ofMillis(599));
        assertThat(simulator.call(call.roomName()).orElseThrow().state())
                .as("before the media timeout")
                .isEqualTo(CallState.ACTIVE);
        timers.advance(Duration.ofMillis(1));
        SimulatedCall ended = simulator.call(call.roomName()).orElseThrow();
        assertThat(ended.state()).isEqualTo(CallState.ENDED);
        assertThat(ended.endCause()).isEqualTo(EndCause.MEDIA_TIMEOUT);
        assertThat(simulator.awaitWebhooksSettled(WAIT)).isTrue();
        assertThat(receiver.eventsOf(call.roomName())).contains("participant_left", "room_finished");
    }

    private boolean agentReportsAudioLost(SimulatedCall call) throws IOException {
        return rooms().listParticipants(call.roomName()).execute().body().stream()
                .anyMatch(p -> p.getKind() == ParticipantInfo.Kind.AGENT
                        && "lost".equals(p.getAttributesOrDefault("switchboard.callerAudio", "")));
    }

    @Test
    void failedDeliveriesAreRetriedUntilTheReceiverAccepts() {
        simulator();
        receiver.answerNext(503, 500);

        simulator.placeCall("+390557654321", "+390551112223");

        assertThat(simulator.awaitWebhooksSettled(WAIT)).isTrue();
        WebhookDelivery first = simulator.webhooks().get(0);
        assertThat(first.statuses()).containsExactly(503, 500, 200);
        assertThat(first.outcome()).isEqualTo(WebhookDelivery.Outcome.DELIVERED);
        assertThat(receiver.events()).hasSize(2);
    }

    @Test
    void aClientErrorIsNotRetried() {
        simulator();
        receiver.answerNext(400);

        simulator.placeCall("+390557654321", "+390551112223");

        assertThat(simulator.awaitWebhooksSettled(WAIT)).isTrue();
        assertThat(simulator.webhooks().get(0).outcome()).isEqualTo(WebhookDelivery.Outcome.REJECTED);
        assertThat(simulator.webhooks().get(0).statuses()).containsExactly(400);
    }

    @Test
    void everyEventIsLostAtALossRateOfOne() {
        simulator(SimulatorConfig.defaults(KEY, SECRET)
                .withWebhookFaults(WebhookFaults.none().withLossRate(1)));

        simulator.placeCall("+390557654321", "+390551112223");

        assertThat(simulator.awaitWebhooksSettled(WAIT)).isTrue();
        assertThat(simulator.webhooks())
                .extracting(WebhookDelivery::outcome)
                .containsOnly(WebhookDelivery.Outcome.LOST);
        assertThat(receiver.events()).isEmpty();
    }

    @Test
    void everyEventArrivesTwiceAtADuplicateRateOfOne() {
        simulator(SimulatorConfig.defaults(KEY, SECRET)
                .withWebhookFaults(WebhookFaults.none().withDuplicateRate(1)));

        SimulatedCall call = simulator.placeCall("+390557654321", "+390551112223");

        assertThat(simulator.awaitWebhooksSettled(WAIT)).isTrue();
        assertThat(receiver.eventsOf(call.roomName()))
                .containsExactly("room_started", "room_started", "participant_joined", "participant_joined");
        assertThat(receiver.events().get(2).getId())
                .isEqualTo(receiver.events().get(3).getId());
    }

    @Test
    void reorderedDeliveryStillKeepsEachRoomInOrder() throws IOException {
        simulator(SimulatorConfig.defaults(KEY, SECRET)
                .withSeed(7)
                .withWebhookFaults(WebhookFaults.none().withReorderRate(1)));
        List<String> roomNames = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            SimulatedCall call = simulator.placeCall("+390557654321", "+39055111222" + i);
            roomNames.add(call.roomName());
        }
        for (String room : roomNames) {
            rooms().deleteRoom(room).execute();
        }

        assertThat(simulator.awaitWebhooksSettled(WAIT)).isTrue();
        for (String room : roomNames) {
            assertThat(receiver.eventsOf(room))
                    .containsExactly("room_started", "participant_joined", "participant_left", "room_finished");
        }
        List<String> arrivalOrder = receiver.events().stream()
                .filter(e -> e.getEvent().equals("room_started"))
                .map(e -> e.getRoom().getName())
                .toList();
        assertThat(arrivalOrder).containsExactlyInAnyOrderElementsOf(roomNames);
    }

    @Test
    void injectedApiFailuresReachTheClientAsTwirpErrors() throws IOException {
        simulator();
        simulator.failNextApiCalls("DeleteRoom", 503, 1);
        rooms().createRoom("flaky").execute();

        Response<Void> first = rooms().deleteRoom("flaky").execute();
        Response<Void> second = rooms().deleteRoom("flaky").execute();

        assertThat(first.code()).isEqualTo(503);
        assertThat(first.errorBody().string()).contains("\"code\":\"unavailable\"");
        assertThat(second.isSuccessful()).isTrue();
        assertThat(simulator.apiCalls("DeleteRoom")).isEqualTo(2);
    }

    @Test
    void sipTrunksAndDispatchRulesAreManagedThroughTheSdk() throws IOException {
        simulator();
        SipServiceClient sip = SipServiceClient.createClient(simulator.url().toString(), KEY, SECRET);

        CreateSipInboundTrunkOptions trunkOptions = new CreateSipInboundTrunkOptions();
        trunkOptions.setAllowedAddresses(List.of("198.51.100.7"));
        LivekitSip.SIPInboundTrunkInfo trunk = sip.createSipInboundTrunk("switchboard-pbx", List.of(), trunkOptions)
                .execute()
                .body();
        UpdateSipInboundTrunkOptions trunkUpdate = new UpdateSipInboundTrunkOptions();
        trunkUpdate.setAllowedAddresses(List.of("198.51.100.0/24"));
        sip.updateSipInboundTrunk(trunk.getSipTrunkId(), trunkUpdate).execute();

        CreateSipDispatchRuleOptions ruleOptions = new CreateSipDispatchRuleOptions();
        ruleOptions.setName("switchboard-pbx");
        ruleOptions.setTrunkIds(List.of(trunk.getSipTrunkId()));
        ruleOptions.setMetadata("{\"managedBy\":\"switchboard\"}");
        LivekitSip.SIPDispatchRuleInfo rule = sip.createSipDispatchRule(
                        new SipDispatchRuleIndividual("call-", null), ruleOptions)
                .execute()
                .body();
        UpdateSipDispatchRuleOptions ruleUpdate = new UpdateSipDispatchRuleOptions();
        ruleUpdate.setRule(new SipDispatchRuleIndividual("inbound", null));
        sip.updateSipDispatchRule(rule.getSipDispatchRuleId(), ruleUpdate).execute();

        assertThat(sip.listSipInboundTrunk().execute().body()).singleElement().satisfies(t -> {
            assertThat(t.getNumbersList()).isEmpty();
            assertThat(t.getAllowedAddressesList()).containsExactly("198.51.100.0/24");
        });
        assertThat(sip.listSipDispatchRule().execute().body()).singleElement().satisfies(r -> {
            assertThat(r.getTrunkIdsList()).containsExactly(trunk.getSipTrunkId());
            assertThat(r.getRule().getDispatchRuleIndividual().getRoomPrefix()).isEqualTo("inbound");
        });

        SimulatedCall fromPbx = simulator.placeCall("+390557654321", "+390551112223", "198.51.100.7");
        SimulatedCall fromElsewhere = simulator.placeCall("+390557654321", "+390551112223", "203.0.113.9");
        assertThat(fromPbx.state()).isEqualTo(CallState.RINGING);
        assertThat(fromPbx.roomName()).startsWith("inbound_+390551112223_");
        assertThat(fromPbx.trunkId()).isEqualTo(trunk.getSipTrunkId());
        assertThat(fromElsewhere.state()).isEqualTo(CallState.NOT_ACCEPTED);
        assertThat(fromElsewhere.sipStatus())
                .as("dropped without a final response")
                .isNull();
        assertThat(fromElsewhere.roomName()).isNull();
        assertThat(simulator.participants(fromPbx.roomName()))
                .singleElement()
                .satisfies(caller -> assertThat(caller.getMetadata()).isEqualTo("{\"managedBy\":\"switchboard\"}"));

        assertThat(sip.deleteSipDispatchRule(rule.getSipDispatchRuleId())
                        .execute()
                        .isSuccessful())
                .isTrue();
        assertThat(sip.deleteSipTrunk(trunk.getSipTrunkId()).execute().isSuccessful())
                .isTrue();
        assertThat(sip.deleteSipTrunk(trunk.getSipTrunkId()).execute().code()).isEqualTo(404);
        assertThat(simulator.inboundTrunks()).isEmpty();
    }

    @Test
    void anUpdateThatChangesNoListIsRefusedAsLiveKitDoes() throws IOException {
        simulator();
        SipServiceClient sip = SipServiceClient.createClient(simulator.url().toString(), KEY, SECRET);
        LivekitSip.SIPInboundTrunkInfo trunk = sip.createSipInboundTrunk("t", List.of("+390557654321"), null)
                .execute()
                .body();
        UpdateSipInboundTrunkOptions emptyNumbers = new UpdateSipInboundTrunkOptions();
        emptyNumbers.setNumbers(List.of());

        Response<LivekitSip.SIPInboundTrunkInfo> response =
                sip.updateSipInboundTrunk(trunk.getSipTrunkId(), emptyNumbers).execute();

        assertThat(response.code()).isEqualTo(400);
    }
}
