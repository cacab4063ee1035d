package com.switchboard.server.webhook;

import static com.switchboard.db.Tables.LIVEKIT_WEBHOOK_EVENTS;
import static com.switchboard.server.ServerTestSupport.fixture;
import static com.switchboard.server.ServerTestSupport.postWebhook;
import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.server.ServerTestSupport;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With Temporal down, a webhook is answered 503 so that LiveKit retries, and is not marked as seen. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TemporalUnavailableTest {

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        ServerTestSupport.register(registry);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        registry.add("spring.temporal.test-server.enabled", () -> "false");
        registry.add("spring.temporal.connection.target", () -> "127.0.0.1:" + closedPort);
        registry.add("switchboard.temporal.rpc-timeout", () -> "PT2S");
        registry.add("switchboard.worker.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Test
    void aWebhookTemporalCannotTakeIsAnswered503AndLeftForLiveKitsRetry() {
        TestDatabase.shared().reset();

        HttpResponse<String> response = postWebhook(
                port,
                fixture("participant_joined.json").getBytes(StandardCharsets.UTF_8),
                fixture("participant_joined.authorization"));

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(TestDatabase.shared().owner().fetchCount(LIVEKIT_WEBHOOK_EVENTS))
                .isZero();
    }
}
