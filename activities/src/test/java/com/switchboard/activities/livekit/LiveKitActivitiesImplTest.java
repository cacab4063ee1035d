package com.switchboard.activities.livekit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.switchboard.livekit.simulator.CallState;
import com.switchboard.livekit.simulator.LiveKitSimulator;
import com.switchboard.livekit.simulator.SimulatedCall;
import com.switchboard.livekit.simulator.SimulatorConfig;
import com.switchboard.workflows.call.CallOutcome;
import com.switchboard.workflows.call.EndReason;
import com.switchboard.workflows.livekit.EndCall;
import com.switchboard.workflows.livekit.RejectCall;
import io.temporal.failure.ApplicationFailure;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LiveKitActivitiesImplTest {
    private static final String KEY = "APIactivities";
    private static final String SECRET = "activities-secret-0123456789abcdef0123456789";

    private LiveKitSimulator simulator;
    private LiveKitClients clients;
    private LiveKitActivitiesImpl activities;

    @BeforeEach
    void start() {
        simulator = LiveKitSimulator.start(SimulatorConfig.defaults(KEY, SECRET));
        clients = LiveKitClients.create(new LiveKitSettings(simulator.url(), KEY, SECRET));
        activities = new LiveKitActivitiesImpl(clients);
    }

    @AfterEach
    void stop() {
        clients.close();
        simulator.close();
    }

    @Test
    void rejectingARingingCallDeletesItsRoomAndLiveKitAnswers486() {
        SimulatedCall call = simulator.placeCall("+390557654321", "+390551112223");

        activities.rejectCall(new RejectCall(call.roomName(), CallOutcome.BUSY_NUMBER));

        assertThat(simulator.roomExists(call.roomName())).isFalse();
        assertThat(simulator.call(call.roomName()).orElseThrow().state()).isEqualTo(CallState.REJECTED_486);
    }

    @Test
    void rejectingTwiceIsHarmless() {
        SimulatedCall call = simulator.placeCall("+390557654321", "+390551112223");

        activities.rejectCall(new RejectCall(call.roomName(), CallOutcome.UNROUTED));
        activities.rejectCall(new RejectCall(call.roomName(), CallOutcome.UNROUTED));

        assertThat(simulator.apiCalls("DeleteRoom")).isEqualTo(2);
    }

    @Test
    void endingACallWhoseRoomIsAlreadyGoneSucceeds() {
        activities.endCall(new EndCall("call-_+390551112223_gone", EndReason.Fixed.HEARTBEAT_LOST));

        assertThat(simulator.apiCalls("DeleteRoom")).isEqualTo(1);
    }

    @Test
    void aLiveKitServerErrorIsARetryableFailure() {
        SimulatedCall call = simulator.placeCall("+390557654321", "+390551112223");
        simulator.failNextApiCalls("DeleteRoom", 503, 1);

        assertThatThrownBy(() -> activities.endCall(new EndCall(call.roomName(), new EndReason.HungUp(null))))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.getType()).isEqualTo(LiveKitCalls.UNAVAILABLE);
                    assertThat(f.isNonRetryable()).isFalse();
                });
        activities.endCall(new EndCall(call.roomName(), new EndReason.HungUp(null)));
        assertThat(simulator.roomExists(call.roomName())).isFalse();
    }

    @Test
    void aWrongSecretIsANonRetryableRejection() {
        SimulatedCall call = simulator.placeCall("+390557654321", "+390551112223");
        try (LiveKitClients impostor =
                LiveKitClients.create(new LiveKitSettings(simulator.url(), KEY, "not-the-secret-0123456789abcdef"))) {
            LiveKitActivitiesImpl wrong = new LiveKitActivitiesImpl(impostor);

            assertThatThrownBy(() -> wrong.rejectCall(new RejectCall(call.roomName(), CallOutcome.BUSY_NUMBER)))
                    .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                        assertThat(f.getType()).isEqualTo(LiveKitCalls.REJECTED);
                        assertThat(f.isNonRetryable()).isTrue();
                        assertThat(f.getOriginalMessage()).contains("401");
                    });
        }
        assertThat(simulator.roomExists(call.roomName())).isTrue();
    }

    @Test
    void anUnreachableLiveKitIsARetryableFailure() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (LiveKitClients nowhere =
                LiveKitClients.create(LiveKitSettings.of("ws://127.0.0.1:" + closedPort, KEY, SECRET))) {
            LiveKitActivitiesImpl unreachable = new LiveKitActivitiesImpl(nowhere);

            assertThatThrownBy(() -> unreachable.endCall(new EndCall("call-x", new EndReason.HungUp(null))))
                    .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                        assertThat(f.getType()).isEqualTo(LiveKitCalls.UNAVAILABLE);
                        assertThat(f.isNonRetryable()).isFalse();
                    });
        }
    }

    @Test
    void settingsTurnAWebSocketUrlIntoTheServerApiUrlAndHideTheSecret() {
        LiveKitSettings settings = LiveKitSettings.of("wss://livekit.example.com/", KEY, SECRET);

        assertThat(settings.url()).hasToString("https://livekit.example.com");
        assertThat(settings.toString()).doesNotContain(SECRET);
    }
}
