package com.switchboard.server;

import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.temporal.dev.SharedTemporal;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Objects;
import org.springframework.boot.SpringApplication;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What every server test needs: the shared PostgreSQL, the real Temporal server of this JVM (a
 * namespace of its own per Spring context), LiveKit's keys.
 */
public final class ServerTestSupport {
    /** The key pair the webhook fixtures were signed with by LiveKit's JavaScript SDK. */
    public static final String API_KEY = "APIfixture";

    public static final String API_SECRET = "fixture-secret-0123456789abcdef0123456789";

    private ServerTestSupport() {}

    /**
     * The shared test database, closed at exit only after every Spring context of this JVM has
     * closed (their scheduled tasks still use it while they stop).
     */
    public static TestDatabase database() {
        TestDatabase db = TestDatabase.shared();
        db.closeAtExitWith(SpringApplication.getShutdownHandlers()::add);
        return db;
    }

    /** Points the server at the shared test database (already migrated) and a fresh Temporal namespace. */
    public static void register(DynamicPropertyRegistry registry) {
        TestDatabase db = database();
        // The credential-free URL: a URL naming a user would beat switchboard.db.app-user and
        // connect the application pool as the superuser, past row-level security.
        registry.add("switchboard.db.url", db::appJdbcUrl);
        registry.add("switchboard.db.owner-user", () -> "postgres");
        registry.add("switchboard.db.owner-password", () -> "postgres");
        registry.add("switchboard.db.app-user", () -> TestDatabase.APP_USER);
        registry.add("switchboard.db.app-password", () -> TestDatabase.APP_PASSWORD);
        // One namespace per context, as one test service per context was: its workflow ids (call
        // rooms, organizations' semaphores) cannot meet another context's.
        String namespace = SharedTemporal.newNamespace("server");
        registry.add("spring.temporal.connection.target", SharedTemporal::target);
        registry.add("spring.temporal.namespace", () -> namespace);
        registry.add("switchboard.livekit.api-key", () -> API_KEY);
        registry.add("switchboard.livekit.api-secret", () -> API_SECRET);
    }

    public static String fixture(String name) {
        try {
            Path path = Paths.get(Objects.requireNonNull(
                            ServerTestSupport.class.getResource("/fixtures/livekit-webhooks/" + name), name)
                    .toURI());
            return Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts a webhook body as LiveKit does; a null authorization sends none. */
    public static HttpResponse<String> postWebhook(int port, byte[] body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/livekit/webhook"))
                .header("Content-Type", "application/webhook+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static boolean workflowExists(WorkflowClient client, String workflowId) {
        try {
            client.getWorkflowServiceStubs()
                    .blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build());
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }
}
