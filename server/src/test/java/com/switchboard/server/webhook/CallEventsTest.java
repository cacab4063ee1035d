package com.switchboard.server.webhook;

import static com.switchboard.server.ServerTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.switchboard.workflows.call.CallerJoined;
import com.switchboard.workflows.call.Hangup.HangupSource;
import java.time.Instant;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitWebhook.WebhookEvent;
import org.junit.jupiter.api.Test;

class CallEventsTest {
    private static final String ROOM = "call-_+390551112223_x7Kq";

    private static WebhookEvent event(String fixture) throws InvalidProtocolBufferException {
        WebhookEvent.Builder builder = WebhookEvent.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(fixture(fixture), builder);
        return builder.build();
    }

    @Test
    void theSipCallersJoinCarriesTheDialedNumberTheCallerAndLiveKitsCallIds() throws Exception {
        CallSignal signal =
                CallEvents.from(event("participant_joined.json"), "call-").orElseThrow();

        assertThat(signal.roomName()).isEqualTo(ROOM);
        assertThat(signal)
                .isInstanceOfSatisfying(
                        CallSignal.Joined.class,
                        joined -> assertThat(joined.joined())
                                .isEqualTo(new CallerJoined(
                                        "+390557654321",
                                        "+390551112223",
                                        "SCL_fixture1",
                                        "8a7c1f2e@192.0.2.10",
                                        "ST_fixture",
                                        "sip_+390551112223",
                                        Instant.ofEpochSecond(1795500002))));
    }

    @Test
    void theSipCallerLeavingOrAbortingAndTheRoomFinishingAreHangups() throws Exception {
        WebhookEvent left = event("participant_left.json");
        WebhookEvent aborted =
                left.toBuilder().setEvent("participant_connection_aborted").build();

        assertThat(source(left)).isEqualTo(HangupSource.PARTICIPANT_LEFT);
        assertThat(source(aborted)).isEqualTo(HangupSource.PARTICIPANT_CONNECTION_ABORTED);
        assertThat(source(event("room_finished.json"))).isEqualTo(HangupSource.ROOM_FINISHED);
    }

    @Test
    void theAgentsComingsAndGoingsOtherEventsAndOtherRoomsAreNoCallsBusiness() throws Exception {
        WebhookEvent join = event("participant_joined.json");
        WebhookEvent agentJoin = join.toBuilder()
                .setParticipant(join.getParticipant().toBuilder().setKind(ParticipantInfo.Kind.AGENT))
                .build();
        WebhookEvent agentLeft =
                agentJoin.toBuilder().setEvent("participant_left").build();
        WebhookEvent trackPublished =
                join.toBuilder().setEvent("track_published").build();
        WebhookEvent otherRoom = join.toBuilder()
                .setRoom(join.getRoom().toBuilder().setName("lobby"))
                .build();

        assertThat(CallEvents.from(agentJoin, "call-")).isEmpty();
        assertThat(CallEvents.from(agentLeft, "call-")).isEmpty();
        assertThat(CallEvents.from(trackPublished, "call-")).isEmpty();
        assertThat(CallEvents.from(otherRoom, "call-")).isEmpty();
    }

    private static HangupSource source(WebhookEvent event) {
        return ((CallSignal.Gone) CallEvents.from(event, "call-").orElseThrow())
                .hangup()
                .source();
    }
}
