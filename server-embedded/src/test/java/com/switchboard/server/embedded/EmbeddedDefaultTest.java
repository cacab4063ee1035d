package com.switchboard.server.embedded;

import static com.switchboard.db.Tables.APP_USERS;
import static com.switchboard.db.Tables.CALLS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.count;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.switchboard.temporal.dev.FreePorts;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The embedded default as a user starts it (the server's {@code --embedded} entry point, here with
 * free ports, a temporary data folder and a brisk call rate): simulated calls run through the
 * whole platform into the call history, including busy rejections and reaped ghosts, the
 * operations endpoints answer, every call is a workflow of the real Temporal server that Temporal
 * UI shows and its search attributes find, and a second start on the same data folder keeps
 * everything, seeds nothing twice and closes the calls the first run left in progress through
 * supervision (their rooms died with the first run's simulator).
 */
class EmbeddedDefaultTest {
    private static final Duration WAIT = Duration.ofSeconds(75);

    @TempDir
    Path dataDir;

    @Test
    void simulatedCallsReachTheHistoryAndARestartKeepsTheData() throws Exception {
        // Fixed ports for both starts, taken at once and outside the ephemeral range (a port the
        // kernel handed out as free may be some connection's local port by the second start).
        int[] ports = FreePorts.take(5);
        String[] args = {
            EmbeddedSwitchboard.FLAG,
            "--server.port=0",
            "--switchboard.embedded.data-dir=" + dataDir,
            "--switchboard.embedded.temporal-port=" + ports[0],
            "--switchboard.embedded.temporal-ui-port=" + ports[1],
            "--switchboard.embedded.temporal-http-port=" + ports[2],
            "--switchboard.embedded.temporal-metrics-port=" + ports[3],
            "--switchboard.embedded.live-kit-port=" + ports[4],
            "--switchboard.embedded.calls-per-minute=60",
            "--switchboard.embedded.ghost-percent=30",
            "--switchboard.embedded.shortest-call=PT4S",
            "--switchboard.embedded.longest-call=PT6S"
        };

        Map<String, Integer> firstRun;
        MdcCapture logs;
        try (EmbeddedSwitchboard first = EmbeddedSwitchboard.start(args)) {
            // After the start: Spring's logging set-up replaces the appenders of the root logger.
            logs = MdcCapture.attach();
            firstRun = awaitOutcomes(
                    first,
                    o -> o.containsKey("completed") && o.containsKey("busy_number") && o.containsKey("ghost_reaped"));

            assertThat(get(first, "/actuator/health/readiness")).contains("\"UP\"");
            assertThat(get(first, "/actuator/health/liveness")).contains("\"UP\"");
            awaitText(
                    first,
                    "/actuator/prometheus",
                    List.of(
                            "switchboard_calls_admitted_total",
                            "switchboard_calls_rejected_total{",
                            "reason=\"busy_number\"",
                            "switchboard_calls_ghosts_reaped_total",
                            "switchboard_call_setup_seconds_bucket",
                            "switchboard_calls_active{",
                            "switchboard_gpu_slots{",
                            // The Temporal SDK's own metrics, through the same registry.
                            "temporal_"));
            assertThat(rows(first, ORGANIZATIONS)).isEqualTo(2);
            assertThat(rows(first, SIP_NUMBERS)).isEqualTo(4);
            assertThat(rows(first, APP_USERS)).isEqualTo(2);
            assertThat(logIn(first, DemoData.TENANT))
                    .as("the banner's tenant login works")
                    .isTrue();

            // Temporal UI is up, and the calls are there to find by their search attributes.
            String ui = first.context().getEnvironment().getRequiredProperty("switchboard.web.temporal-ui-url");
            assertThat(status(URI.create(ui + "/namespaces/default/workflows"))).isEqualTo(200);
            WorkflowClient client = first.context().getBean(WorkflowClient.class);
            assertThat(workflows(client, "CallOutcome = 'COMPLETED'")).isPositive();
            assertThat(workflows(client, "CallOutcome = 'BUSY_NUMBER' AND OrganizationId IS NOT NULL"))
                    .isPositive();
        }

        logs.detach();
        assertThat(logs.contexts())
                .as(
                        "a line logged while a call ran names the call and its organization; call lines: %s",
                        logs.contexts().stream()
                                .filter(mdc ->
                                        mdc.getOrDefault("WorkflowId", "").startsWith("call-"))
                                .limit(5)
                                .toList())
                .anyMatch(mdc ->
                        mdc.getOrDefault("WorkflowId", "").startsWith("call-") && mdc.containsKey("organizationId"));

        Instant restarted = Instant.now();
        try (EmbeddedSwitchboard second = EmbeddedSwitchboard.start(args)) {
            assertThat(rows(second, ORGANIZATIONS)).isEqualTo(2);
            assertThat(rows(second, SIP_NUMBERS)).isEqualTo(4);
            assertThat(rows(second, APP_USERS)).isEqualTo(2);
            assertThat(logIn(second, DemoData.OPERATOR))
                    .as("the banner's operator login works")
                    .isTrue();
            Map<String, Integer> kept = outcomes(second);
            firstRun.forEach((outcome, calls) -> assertThat(kept.get(outcome)).isGreaterThanOrEqualTo(calls));
            // Calls still up when the first run stopped kept their workflows (Temporal's state is on
            // disk); their rooms died with the simulator, so supervision closes them, none left live.
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (EmbeddedDefaultTest.<Integer>db(
                            second,
                            tx -> tx.fetchCount(CALLS, CALLS.ENDED_AT.isNull().and(CALLS.STARTED_AT.lt(restarted))))
                    > 0) {
                assertThat(System.nanoTime())
                        .as("calls of the first run still open")
                        .isLessThan(deadline);
                Thread.sleep(500);
            }
            assertThat(EmbeddedDefaultTest.<Integer>db(
                            second, tx -> tx.fetchCount(CALLS, CALLS.END_REASON.eq("embedded_restart"))))
                    .isZero();
            awaitOutcomes(second, o -> o.getOrDefault("completed", 0) > firstRun.get("completed"));
        }
    }

    // ------------------------------------------------------------------ helpers

    private static long workflows(WorkflowClient client, String query) {
        return client.getWorkflowServiceStubs()
                .blockingStub()
                .countWorkflowExecutions(CountWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setQuery(query)
                        .build())
                .getCount();
    }

    private static int status(URI uri) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        }
    }

    private static Map<String, Integer> awaitOutcomes(EmbeddedSwitchboard app, Predicate<Map<String, Integer>> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<String, Integer> outcomes = outcomes(app);
        while (!done.test(outcomes)) {
            assertThat(System.nanoTime())
                    .as("closed calls by outcome after %s: %s", WAIT, outcomes)
                    .isLessThan(deadline);
            Thread.sleep(500);
            outcomes = outcomes(app);
        }
        return outcomes;
    }

    private static int rows(EmbeddedSwitchboard app, Table<?> table) {
        return EmbeddedDefaultTest.<Integer>db(app, tx -> tx.fetchCount(table));
    }

    private static Map<String, Integer> outcomes(EmbeddedSwitchboard app) {
        return db(
                app,
                tx -> tx.select(CALLS.OUTCOME, count())
                        .from(CALLS)
                        .where(CALLS.OUTCOME.isNotNull())
                        .groupBy(CALLS.OUTCOME)
                        .fetchMap(CALLS.OUTCOME, count()));
    }

    private static void awaitText(EmbeddedSwitchboard app, String path, List<String> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String body = get(app, path);
        while (!expected.stream().allMatch(body::contains) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            body = get(app, path);
        }
        for (String text : expected) {
            assertThat(body).contains(text);
        }
    }

    /** Logs in through the dashboard's form, as a browser does: true when it lands on the dashboard. */
    private static boolean logIn(EmbeddedSwitchboard app, DemoData.Login login) throws Exception {
        try (HttpClient http = HttpClient.newBuilder()
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            URI loginPage = URI.create("http://127.0.0.1:" + app.port() + "/login");
            String page = http.send(HttpRequest.newBuilder(loginPage).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            Matcher csrf =
                    Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"").matcher(page);
            assertThat(csrf.find()).as("the login page carries a CSRF token").isTrue();
            String form = "email=" + URLEncoder.encode(login.email(), StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(login.password(), StandardCharsets.UTF_8) + "&_csrf="
                    + URLEncoder.encode(csrf.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> answer = http.send(
                    HttpRequest.newBuilder(loginPage)
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            String target = answer.headers().firstValue("Location").orElse("");
            return answer.statusCode() == 302 && !target.contains("error");
        }
    }

    private static String get(EmbeddedSwitchboard app, String path) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** As the schema owner: the test reads across organizations. */
    private static <T> T db(EmbeddedSwitchboard app, Function<DSLContext, T> query) {
        try (Connection c = DriverManager.getConnection(app.postgresUrl(), "postgres", "postgres")) {
            return query.apply(DSL.using(c, SQLDialect.POSTGRES));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The MDC of every log line, copied when it is logged (an event reads the MDC lazily otherwise). */
    private static final class MdcCapture extends AppenderBase<ILoggingEvent> {
        private final List<Map<String, String>> contexts = new CopyOnWriteArrayList<>();

        static MdcCapture attach() {
            MdcCapture capture = new MdcCapture();
            capture.start();
            root().addAppender(capture);
            return capture;
        }

        @Override
        protected void append(ILoggingEvent event) {
            contexts.add(Map.copyOf(event.getMDCPropertyMap()));
        }

        List<Map<String, String>> contexts() {
            return contexts;
        }

        void detach() {
            root().detachAppender(this);
        }

        private static Logger root() {
            return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        }
    }
}
