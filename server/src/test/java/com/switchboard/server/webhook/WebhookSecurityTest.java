package com.switchboard.server.webhook;

import static com.switchboard.db.Tables.LIVEKIT_WEBHOOK_EVENTS;
import static com.switchboard.server.ServerTestSupport.API_KEY;
import static com.switchboard.server.ServerTestSupport.API_SECRET;
import static com.switchboard.server.ServerTestSupport.fixture;
import static com.switchboard.server.ServerTestSupport.postWebhook;
import static com.switchboard.server.ServerTestSupport.workflowExists;
import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.server.ServerTestSupport;
import com.switchboard.workflows.WorkflowIds;
import io.livekit.server.AccessToken;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Requests LiveKit did not sign, or whose body changed after signing, start nothing. The bodies and
 * tokens are those LiveKit's own JavaScript SDK produced (shared/fixtures/livekit-webhooks).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookSecurityTest {
    private static final String FIXTURE_ROOM = "call-_+390551112223_x7Kq";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestSupport.register(registry);
        // Only the hand-over is under test here; the end-to-end tests run calls.
        registry.add("switchboard.worker.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    WorkflowClient client;

    @Autowired
    LiveKitWebhooks webhooks;

    @Autowired
    MeterRegistry registry;

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.shared().reset();
    }

    private void assertNothingStarted() {
        assertThat(workflowExists(client, WorkflowIds.call(FIXTURE_ROOM))).isFalse();
        assertThat(TestDatabase.shared().owner().fetchCount(LIVEKIT_WEBHOOK_EVENTS))
                .isZero();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aRequestWithoutAuthorizationIsUnauthorized() {
        HttpResponse<String> response = postWebhook(port, bytes(fixture("participant_joined.json")), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertNothingStarted();
    }

    @Test
    void aTokenSignedWithAnotherSecretIsUnauthorized() {
        String body = fixture("participant_joined.json");

        HttpResponse<String> response =
                postWebhook(port, bytes(body), sign(body, API_KEY, "someone-elses-secret-0123456789abcdef", null));

        assertThat(response.statusCode()).isEqualTo(401);
        assertNothingStarted();
    }

    @Test
    void aTokenIssuedByAnotherApiKeyIsUnauthorized() {
        String body = fixture("participant_joined.json");

        HttpResponse<String> response = postWebhook(port, bytes(body), sign(body, "APIother", API_SECRET, null));

        assertThat(response.statusCode()).isEqualTo(401);
        assertNothingStarted();
    }

    @Test
    void aBodyChangedAfterSigningIsUnauthorized() {
        String tampered = fixture("participant_joined.json").replace("+390557654321", "+390557654322");

        HttpResponse<String> response = postWebhook(port, bytes(tampered), fixture("participant_joined.authorization"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertNothingStarted();
    }

    @Test
    void anExpiredTokenIsUnauthorized() {
        String body = fixture("participant_joined.json");

        HttpResponse<String> response = postWebhook(
                port, bytes(body), sign(body, API_KEY, API_SECRET, new Date(System.currentTimeMillis() - 60_000)));

        assertThat(response.statusCode()).isEqualTo(401);
        assertNothingStarted();
    }

    @Test
    void aCorrectlySignedBodyThatIsNoWebhookEventIsABadRequest() {
        String body = "{\"event\": participant_joined";

        HttpResponse<String> response = postWebhook(port, bytes(body), sign(body, API_KEY, API_SECRET, null));

        assertThat(response.statusCode()).isEqualTo(400);
        assertNothingStarted();
    }

    @Test
    void anOversizedBodyIsRefusedUnread() {
        byte[] body = new byte[64 * 1024 + 1];
        Arrays.fill(body, (byte) ' ');

        HttpResponse<String> response = postWebhook(port, body, fixture("participant_joined.authorization"));

        assertThat(response.statusCode()).isEqualTo(413);
        assertNothingStarted();
    }

    @Test
    void onlyPostIsAnswered() throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/livekit/webhook"))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("POST");
        }
        assertNothingStarted();
    }

    /**
     * The endpoint answers ahead of the web stack (no Spring Security, no MVC dispatch), so its own
     * timer counts each request by outcome.
     */
    @Test
    void everyRequestIsTimedByOutcome() {
        double unauthorized = webhookCount("unauthorized");
        double ignored = webhookCount("ignored");
        String roomStarted = "{\"event\":\"room_started\",\"room\":{\"sid\":\"RM_t\",\"name\":\"lobby\"},"
                + "\"id\":\"EV_timed\",\"createdAt\":\"1795500000\"}";

        postWebhook(port, bytes(fixture("participant_joined.json")), null);
        postWebhook(port, bytes(roomStarted), sign(roomStarted, API_KEY, API_SECRET, null));

        assertThat(webhookCount("unauthorized")).isEqualTo(unauthorized + 1);
        assertThat(webhookCount("ignored")).isEqualTo(ignored + 1);
    }

    private double webhookCount(String outcome) {
        Timer timer =
                registry.find("switchboard.webhook").tag("outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void eventsThatConcernNoCallAreAcceptedAndIgnored() {
        String roomStarted = "{\"event\":\"room_started\",\"room\":{\"sid\":\"RM_x\",\"name\":\"" + FIXTURE_ROOM
                + "\"}," + "\"id\":\"EV_started\",\"createdAt\":\"1795500000\"}";
        String otherRoom = fixture("room_finished.json").replace(FIXTURE_ROOM, "lobby");

        assertThat(postWebhook(port, bytes(roomStarted), sign(roomStarted, API_KEY, API_SECRET, null))
                        .statusCode())
                .isEqualTo(200);
        assertThat(postWebhook(port, bytes(otherRoom), sign(otherRoom, API_KEY, API_SECRET, null))
                        .statusCode())
                .isEqualTo(200);
        assertThat(workflowExists(client, WorkflowIds.call("lobby"))).isFalse();
        assertNothingStarted();
    }

    @Test
    @DirtiesContext(methodMode = DirtiesContext.MethodMode.AFTER_METHOD)
    void liveKitsOwnSignedJoinStartsTheCallOnceHoweverOftenItArrives() {
        byte[] body = bytes(fixture("participant_joined.json"));
        String authorization = fixture("participant_joined.authorization");

        HttpResponse<String> first = postWebhook(port, body, authorization);
        HttpResponse<String> again = postWebhook(port, body, authorization);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("delivered participant_joined");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("duplicate of EV_fixture_join");
        assertThat(workflowExists(client, WorkflowIds.call(FIXTURE_ROOM))).isTrue();
        assertThat(TestDatabase.shared().owner().fetchCount(LIVEKIT_WEBHOOK_EVENTS))
                .isEqualTo(1);
    }

    @Test
    void eventIdsOlderThanTheRetentionAreForgotten() {
        DSLContext owner = TestDatabase.shared().owner();
        owner.insertInto(LIVEKIT_WEBHOOK_EVENTS)
                .set(LIVEKIT_WEBHOOK_EVENTS.EVENT_ID, "EV_old")
                .set(LIVEKIT_WEBHOOK_EVENTS.EVENT, "participant_joined")
                .set(LIVEKIT_WEBHOOK_EVENTS.RECEIVED_AT, Instant.now().minus(Duration.ofDays(2)))
                .execute();
        owner.insertInto(LIVEKIT_WEBHOOK_EVENTS)
                .set(LIVEKIT_WEBHOOK_EVENTS.EVENT_ID, "EV_recent")
                .set(LIVEKIT_WEBHOOK_EVENTS.EVENT, "participant_joined")
                .execute();

        webhooks.forgetOldEvents();

        assertThat(owner.select(LIVEKIT_WEBHOOK_EVENTS.EVENT_ID)
                        .from(LIVEKIT_WEBHOOK_EVENTS)
                        .fetch(LIVEKIT_WEBHOOK_EVENTS.EVENT_ID))
                .containsExactly("EV_recent");
    }

    /** A token the way LiveKit makes one: issuer = API key, sha256 claim = base64 SHA-256 of the body. */
    static String sign(String body, String apiKey, String secret, Date expiresAt) {
        AccessToken token = new AccessToken(apiKey, secret);
        token.setSha256(sha256(body));
        if (expiresAt != null) {
            token.setExpiration(expiresAt);
        }
        return token.toJwt();
    }

    private static String sha256(String body) {
        try {
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes(body)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
