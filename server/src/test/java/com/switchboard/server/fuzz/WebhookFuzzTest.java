package com.switchboard.server.fuzz;

import static com.switchboard.db.Tables.LIVEKIT_WEBHOOK_EVENTS;
import static com.switchboard.server.ServerTestSupport.API_KEY;
import static com.switchboard.server.ServerTestSupport.API_SECRET;
import static com.switchboard.server.ServerTestSupport.fixture;
import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.server.ServerTestSupport;
import io.livekit.server.AccessToken;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A bounded, seeded fuzzing run against {@code POST /livekit/webhook}: mutated bodies and headers
 * built from LiveKit's own signed fixtures. Whatever arrives, the answer is never a 5xx, and no call
 * starts unless its body carried a valid signature. A failing run is repeated with the same seed
 * (printed), and the first request of each kind that broke a rule is printed.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class WebhookFuzzTest {
    private static final long SEED = Long.getLong("fuzz.seed", 20261126L);
    private static final int REQUESTS = Integer.getInteger("fuzz.requests", 2_000);
    private static final int MAX_BODY = 64 * 1024;
    private static final List<String> FIXTURES = List.of("participant_joined", "participant_left", "room_finished");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestSupport.register(registry);
        // Calls are started (signal-with-start), not run: what started is what is counted.
        registry.add("switchboard.worker.enabled", () -> "false");
    }

    @LocalServerPort
    int port;

    @Autowired
    WorkflowClient client;

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** What one fuzzed request was: how it was made and whether its body carries a valid signature. */
    private record Attempt(
            String kind, String method, String contentType, byte[] body, String authorization, boolean validlySigned) {}

    @BeforeEach
    void emptyDatabase() {
        TestDatabase.shared().reset();
    }

    @Test
    void mutatedBodiesAndHeadersNeverGetA5xxAndStartNothingWithoutAValidSignature() throws Exception {
        Random random = new Random(SEED);
        Map<String, byte[]> bodies = new TreeMap<>();
        Map<String, String> authorizations = new TreeMap<>();
        for (String name : FIXTURES) {
            bodies.put(name, fixture(name + ".json").getBytes(StandardCharsets.UTF_8));
            authorizations.put(name, fixture(name + ".authorization"));
        }
        // Every body that went out with a valid signature: a call may start only from one of these.
        List<String> signedBodies = new ArrayList<>();
        Map<String, Integer> byKindAndStatus = new TreeMap<>();
        Map<String, String> firstFailure = new TreeMap<>();

        for (int i = 0; i < REQUESTS; i++) {
            Attempt attempt = mutate(random, bodies, authorizations);
            if (attempt.validlySigned()) {
                signedBodies.add(new String(attempt.body(), StandardCharsets.UTF_8));
            }
            int status = send(attempt);
            byKindAndStatus.merge(attempt.kind() + " -> " + status, 1, Integer::sum);
            boolean serverError = status >= 500 || status < 0;
            boolean acceptedUnsigned = !attempt.validlySigned() && status >= 200 && status < 300;
            if (serverError || acceptedUnsigned) {
                firstFailure.putIfAbsent(
                        attempt.kind() + " " + status,
                        "request " + i + ": " + attempt.method() + " content-type=" + attempt.contentType()
                                + " authorization=" + abbreviate(attempt.authorization()) + " body="
                                + abbreviate(new String(attempt.body(), StandardCharsets.UTF_8)));
            }
        }

        System.out.printf("webhook fuzz: seed %d, %d requests%n", SEED, REQUESTS);
        byKindAndStatus.forEach((k, n) -> System.out.printf("  %-40s %5d%n", k, n));
        firstFailure.forEach((k, v) -> System.out.printf("  FAILED %s: %s%n", k, v));
        assertThat(firstFailure)
                .as("requests answered 5xx or accepted without a signature")
                .isEmpty();

        // The event log records each event handed to a call, in the same transaction as the hand-over.
        List<String> recordedEvents = TestDatabase.shared()
                .owner()
                .select(LIVEKIT_WEBHOOK_EVENTS.EVENT_ID)
                .from(LIVEKIT_WEBHOOK_EVENTS)
                .fetch(LIVEKIT_WEBHOOK_EVENTS.EVENT_ID);
        for (String eventId : recordedEvents) {
            assertThat(signedBodies)
                    .as("event %s came in a validly signed body", eventId)
                    .anyMatch(body -> body.contains("\"" + eventId + "\""));
        }
        // And Temporal itself: every call workflow there is named after a room of a signed body.
        List<String> workflowIds = workflowIds();
        System.out.printf(
                "  calls started: %d (%s); webhook events recorded: %d%n",
                workflowIds.size(), workflowIds, recordedEvents.size());
        for (String workflowId : workflowIds) {
            String room = workflowId.substring("call-".length());
            assertThat(signedBodies)
                    .as("call %s was started by a validly signed body", workflowId)
                    .anyMatch(body -> body.contains("\"" + room + "\""));
        }
    }

    private List<String> workflowIds() {
        String namespace = client.getOptions().getNamespace();
        var stub = client.getWorkflowServiceStubs().blockingStub();
        Stream<WorkflowExecutionInfo> open = stub
                .listOpenWorkflowExecutions(ListOpenWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace)
                        .setMaximumPageSize(1000)
                        .build())
                .getExecutionsList()
                .stream();
        Stream<WorkflowExecutionInfo> closed = stub
                .listClosedWorkflowExecutions(ListClosedWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace)
                        .setMaximumPageSize(1000)
                        .build())
                .getExecutionsList()
                .stream();
        return Stream.concat(open, closed)
                .map(info -> info.getExecution().getWorkflowId())
                .filter(id -> id.startsWith("call-"))
                .distinct()
                .sorted()
                .toList();
    }

    private Attempt mutate(Random random, Map<String, byte[]> bodies, Map<String, String> authorizations) {
        String name = FIXTURES.get(random.nextInt(FIXTURES.size()));
        byte[] body = bodies.get(name);
        String auth = authorizations.get(name);
        String json = "application/webhook+json";
        return switch (random.nextInt(16)) {
            case 0 -> new Attempt("bit flips, fixture token", "POST", json, flipBits(random, body), auth, false);
            case 1 -> new Attempt("truncated, fixture token", "POST", json, truncate(random, body), auth, false);
            case 2 -> new Attempt("one byte changed", "POST", json, changeOneByte(random, body), auth, false);
            case 3 -> {
                String other = FIXTURES.get((FIXTURES.indexOf(name) + 1 + random.nextInt(2)) % FIXTURES.size());
                yield new Attempt("token of another body", "POST", json, body, authorizations.get(other), false);
            }
            case 4 -> new Attempt("no authorization", "POST", json, body, null, false);
            case 5 -> new Attempt("garbage authorization", "POST", json, body, garbageToken(random), false);
            case 6 -> new Attempt("unsigned token (alg none)", "POST", json, body, unsignedToken(body), false);
            case 7 ->
                new Attempt(
                        "token from another secret",
                        "POST",
                        json,
                        body,
                        sign(body, API_KEY, "not-the-secret-0123456789abcdef0123456789", null),
                        false);
            case 8 ->
                new Attempt(
                        "expired token",
                        "POST",
                        json,
                        body,
                        sign(body, API_KEY, API_SECRET, new Date(System.currentTimeMillis() - 120_000)),
                        false);
            case 9 -> {
                byte[] bad = malformedJson(random, body);
                yield new Attempt(
                        "signed malformed JSON", "POST", json, bad, sign(bad, API_KEY, API_SECRET, null), true);
            }
            case 10 -> {
                byte[] odd = oddJson(random);
                yield new Attempt("signed odd JSON", "POST", json, odd, sign(odd, API_KEY, API_SECRET, null), true);
            }
            case 11 -> {
                byte[] huge = hugeJson(random);
                yield new Attempt("huge JSON, signed", "POST", json, huge, sign(huge, API_KEY, API_SECRET, null), true);
            }
            case 12 -> {
                String type = List.of(
                                "text/plain",
                                "application/json",
                                "application/x-www-form-urlencoded",
                                "multipart/form-data; boundary=x",
                                "application/octet-stream",
                                "")
                        .get(random.nextInt(6));
                // The pristine fixture with its own token: valid whatever the content type says.
                yield new Attempt("other content type, valid", "POST", type, body, auth, true);
            }
            case 13 -> new Attempt("replayed fixture", "POST", json, body, auth, true);
            case 14 -> new Attempt("oversized body", "POST", json, oversized(random), auth, false);
            default ->
                new Attempt(
                        "other method",
                        List.of("PUT", "GET", "DELETE", "PATCH").get(random.nextInt(4)),
                        json,
                        body,
                        auth,
                        false);
        };
    }

    private int send(Attempt attempt) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/livekit/webhook"))
                .timeout(Duration.ofSeconds(20));
        if (!attempt.contentType().isEmpty()) {
            request.header("Content-Type", attempt.contentType());
        }
        if (attempt.authorization() != null) {
            request.header("Authorization", attempt.authorization());
        }
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofByteArray(attempt.body());
        request.method(
                attempt.method(), attempt.method().equals("GET") ? HttpRequest.BodyPublishers.noBody() : publisher);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            // Tomcat may close the connection on a body it refuses unread (413): no status, no 5xx.
            return attempt.kind().equals("oversized body") ? 413 : -1;
        }
    }

    private static byte[] flipBits(Random random, byte[] body) {
        byte[] out = body.clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            int at = random.nextInt(out.length);
            out[at] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
    }

    private static byte[] truncate(Random random, byte[] body) {
        return java.util.Arrays.copyOf(body, random.nextInt(body.length));
    }

    private static byte[] changeOneByte(Random random, byte[] body) {
        byte[] out = body.clone();
        int at = random.nextInt(out.length);
        byte replacement;
        do {
            replacement = (byte) (0x20 + random.nextInt(0x5f));
        } while (replacement == out[at]);
        out[at] = replacement;
        return out;
    }

    /** JSON that cannot be a webhook event: truncated, bit-flipped, wrong types, or no JSON at all. */
    private static byte[] malformedJson(Random random, byte[] body) {
        return switch (random.nextInt(6)) {
            case 0 -> truncate(random, body);
            case 1 -> flipBits(random, body);
            case 2 ->
                new String(body, StandardCharsets.UTF_8)
                        .replace("\"participant_joined\"", "12")
                        .replace("\"participant_left\"", "[]")
                        .replace("\"room_finished\"", "{}")
                        .getBytes(StandardCharsets.UTF_8);
            case 3 ->
                new String(body, StandardCharsets.UTF_8)
                        .replace("\"createdAt\":\"", "\"createdAt\":\"not-a-number")
                        .getBytes(StandardCharsets.UTF_8);
            case 4 -> randomBytes(random, 1 + random.nextInt(512));
            default ->
                new String(body, StandardCharsets.UTF_8)
                        .replace("\"kind\":\"SIP\"", "\"kind\":\"NOT_A_KIND\"")
                        .replace("{\"sid\"", "{\"sid\":{\"x\":1},\"sid2\"")
                        .getBytes(StandardCharsets.UTF_8);
        };
    }

    private static byte[] oddJson(Random random) {
        List<String> odd = List.of(
                "",
                "null",
                "[]",
                "\"participant_joined\"",
                "{}",
                "{\"event\":null}",
                "{\"event\":\"participant_joined\"}",
                "{\"event\":\"participant_joined\",\"id\":\"EV_odd\",\"room\":{\"name\":\"\"}}",
                "{\"event\":\"participant_joined\",\"id\":\"EV_odd2\",\"room\":{\"name\":\"call-\u0000\u202e'; DROP TABLE calls;--\"},"
                        + "\"participant\":{\"kind\":\"SIP\",\"identity\":\"<script>alert(1)</script>\"}}",
                "{\"event\":\"participant_left\",\"id\":\"" + "E".repeat(5000) + "\",\"room\":{\"name\":\"call-x\"}}",
                "{\"event\":\"room_finished\",\"createdAt\":\"99999999999999999999999999\",\"id\":\"EV_big\"}",
                "{\"event\":\"participant_joined\",\"event\":\"room_finished\",\"id\":\"EV_dup\"}",
                "{\"event\":\"\\ud800\",\"id\":\"\\udfff\"}",
                "{\"numParticipants\":-1e400}",
                "\ufeff{\"event\":\"room_started\"}");
        return odd.get(random.nextInt(odd.size())).getBytes(StandardCharsets.UTF_8);
    }

    /** Just under the size limit: deep nesting, a long string or many unknown fields. */
    private static byte[] hugeJson(Random random) {
        int size = MAX_BODY - 64 - random.nextInt(1024);
        String json = switch (random.nextInt(3)) {
            case 0 -> "{\"event\":\"room_started\",\"x\":" + "[".repeat(size / 2) + "]".repeat(size / 2) + "}";
            case 1 ->
                "{\"event\":\"participant_joined\",\"id\":\"EV_long\",\"room\":{\"name\":\"call-"
                        + "9".repeat(size - 80) + "\"}}";
            default -> {
                StringBuilder s = new StringBuilder("{\"event\":\"room_started\"");
                for (int i = 0; s.length() < size - 40; i++) {
                    s.append(",\"k").append(i).append("\":").append(i);
                }
                yield s.append('}').toString();
            }
        };
        return json.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] oversized(Random random) {
        byte[] body = new byte[MAX_BODY + 1 + random.nextInt(MAX_BODY)];
        java.util.Arrays.fill(body, (byte) ' ');
        return body;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] out = new byte[n];
        random.nextBytes(out);
        return out;
    }

    /** Printable garbage of many shapes (HTTP headers cannot carry control characters). */
    private static String garbageToken(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> "";
            case 1 -> "Bearer " + Base64.getEncoder().encodeToString(randomBytes(random, 48));
            case 2 -> "a.b.c";
            case 3 -> "x".repeat(1 + random.nextInt(6000));
            default ->
                Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(random, 20)) + "."
                        + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(random, 40)) + ".";
        };
    }

    /** A JWT with algorithm "none" and the right claims: must never be taken for a signed one. */
    private static String unsignedToken(byte[] body) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64.encodeToString(
                ("{\"iss\":\"" + API_KEY + "\",\"sha256\":\"" + sha256(body) + "\",\"exp\":4102444800}")
                        .getBytes(StandardCharsets.UTF_8));
        return header + "." + claims + ".";
    }

    private static String sign(byte[] body, String apiKey, String secret, Date expiresAt) {
        AccessToken token = new AccessToken(apiKey, secret);
        token.setSha256(sha256(body));
        if (expiresAt != null) {
            token.setExpiration(expiresAt);
        }
        return token.toJwt();
    }

    /** As the server sees the body: decoded as UTF-8, then hashed. */
    private static String sha256(byte[] body) {
        try {
            byte[] asReceived = new String(body, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
            return Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(asReceived));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "<none>";
        }
        return s.length() <= 160 ? s : s.substring(0, 160) + "...(" + s.length() + " chars)";
    }
}
