package com.switchboard.gpu.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.workflows.route.AgentConfig;
import com.switchboard.workflows.session.SessionRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DispatchMetadataTest {
    private static final SessionRequest REQUEST = new SessionRequest(
            "call-room-1",
            "room-1",
            7L,
            11L,
            "+390212345678",
            "+393331234567",
            "sip_+393331234567",
            new AgentConfig("receptionist", "Buongiorno", "it-IT", "You answer the phone.", "alloy", 600),
            Instant.parse("2026-01-01T09:00:00Z"));

    @Test
    void theAgentReadsTheMergedConfigAndTheCallsFactsBack() {
        DispatchMetadata written = DispatchMetadata.of(REQUEST, "gpu@host-a/cuda:0", "act-1", 1);

        DispatchMetadata read = DispatchMetadata.parse(written.toJson());

        assertThat(read).isEqualTo(written);
        assertThat(written.toJson()).contains("\"admittedAt\":\"2026-01-01T09:00:00Z\"");
    }

    @Test
    void aDispatchOfAnotherAttemptOfTheSameCallIsEarlierAndOneOfAnotherCallIsNot() {
        DispatchMetadata first = DispatchMetadata.of(REQUEST, "gpu@host-a/cpu", "act-1", 1);

        assertThat(first.isEarlierAttemptOf("call-room-1", "act-1", 2)).isTrue();
        assertThat(first.isEarlierAttemptOf("call-room-1", "act-2", 1)).isTrue();
        assertThat(first.isEarlierAttemptOf("call-room-1", "act-1", 1)).isFalse();
        assertThat(first.isEarlierAttemptOf("call-room-2", "act-9", 1)).isFalse();
    }

    @Test
    void metadataThatIsNotOursIsIgnored() {
        assertThat(DispatchMetadata.parse("{\"job\":\"someone else's\"}")).isNull();
        assertThat(DispatchMetadata.parse("not json")).isNull();
        assertThat(DispatchMetadata.parse("")).isNull();
    }
}
