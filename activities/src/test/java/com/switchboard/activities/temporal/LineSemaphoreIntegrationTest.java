package com.switchboard.activities.temporal;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.CALLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.switchboard.activities.lines.LineActivitiesImpl;
import com.switchboard.activities.temporal.ControlPlaneHarness.Tenant;
import com.switchboard.db.tables.records.CallsRecord;
import com.switchboard.temporal.dev.FreePorts;
import com.switchboard.temporal.dev.TemporalCli;
import com.switchboard.temporal.dev.TemporalDevServer;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.call.CallOutcome;
import com.switchboard.workflows.call.CallPolicy;
import com.switchboard.workflows.call.CallSummary;
import com.switchboard.workflows.call.CallWorkflow;
import com.switchboard.workflows.lines.AcquireLine;
import com.switchboard.workflows.lines.LineDecision;
import com.switchboard.workflows.lines.LineHolder;
import com.switchboard.workflows.lines.LineTuning;
import com.switchboard.workflows.lines.ReleaseLine;
import io.temporal.client.WorkflowStub;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The per-organization semaphore reached through the real line and audit activities. */
class LineSemaphoreIntegrationTest {

    @Test
    void aTerminatedCallsLineIsFreedByTheAuditAndItsLedgerClosed() throws Exception {
        // A short audit period: the terminated call's session keeps running until its next heartbeat
        // is refused, and the audit is what frees the line.
        LineTuning quickAudit = new LineTuning(Duration.ofSeconds(1), Duration.ofHours(1), 5_000);
        try (ControlPlaneHarness plane = ControlPlaneHarness.realTime(quickAudit)) {
            Tenant acme = plane.tenant("acme", 1, 1, 1);
            CallWorkflow call = plane.ring("doomed", acme.phoneNumbers().getFirst(), CallPolicy.defaults());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> plane.sessions.started.containsKey(WorkflowIds.call("doomed")));
            assertThat(plane.lineState(acme.organizationId()).holders())
                    .extracting(LineHolder::callWorkflowId)
                    .containsExactly(WorkflowIds.call("doomed"));

            // An operator terminates the call: no cleanup of its own runs, so nothing releases the line.
            WorkflowStub.fromTyped(call).terminate("operator terminated the call");
            await().atMost(Duration.ofSeconds(30))
                    .until(() ->
                            plane.lineState(acme.organizationId()).holders().isEmpty());

            assertThat(plane.db.owner().fetchCount(ACTIVE_CALLS)).isZero();
            CallsRecord row = plane.db.owner().fetchSingle(CALLS, CALLS.WORKFLOW_ID.eq(WorkflowIds.call("doomed")));
            assertThat(row.getOutcome()).isEqualTo("failed");
            assertThat(row.getEndReason()).isEqualTo("workflow_terminated");

            CallWorkflow next = plane.ring("next", acme.phoneNumbers().getFirst(), CallPolicy.defaults());
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> plane.sessions.started.containsKey(WorkflowIds.call("next")));
            ControlPlaneHarness.hangUp(next);
            assertThat(ControlPlaneHarness.result(next)
                            .get(30, TimeUnit.SECONDS)
                            .outcome())
                    .isEqualTo(CallOutcome.COMPLETED);
        }
    }

    @Test
    void continueAsNewKeepsTheHoldersAndTheirLedgerRows() throws Exception {
        LineTuning shortHistory = new LineTuning(Duration.ofMinutes(10), Duration.ofHours(1), 30);
        try (ControlPlaneHarness plane = ControlPlaneHarness.realTime(shortHistory)) {
            Tenant acme = plane.tenant("acme", 3, 1, 3);
            String number = acme.phoneNumbers().getFirst();
            List<CallWorkflow> held = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                held.add(plane.ring("held-" + i, number, CallPolicy.defaults()));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> plane.sessions.started.size() == 3);
            WorkflowStub semaphore = WorkflowStub.fromTyped(plane.lines(acme.organizationId()));
            String firstRun = semaphore.describe().getExecution().getRunId();

            // Every refused call still writes history; enough of them make the semaphore start afresh.
            for (int i = 0; i < 12; i++) {
                CallSummary busy = ControlPlaneHarness.result(plane.ring("busy-" + i, number, CallPolicy.defaults()))
                        .get(30, TimeUnit.SECONDS);
                assertThat(busy.outcome()).isEqualTo(CallOutcome.BUSY_NUMBER);
            }

            assertThat(semaphore.describe().getExecution().getRunId()).isNotEqualTo(firstRun);
            assertThat(plane.lineState(acme.organizationId()).holders())
                    .extracting(LineHolder::callWorkflowId)
                    .containsExactlyInAnyOrder(
                            WorkflowIds.call("held-0"), WorkflowIds.call("held-1"), WorkflowIds.call("held-2"));
            assertThat(plane.ledger.activeCalls(acme.organizationId())).isEqualTo(3);

            for (CallWorkflow call : held) {
                ControlPlaneHarness.hangUp(call);
                assertThat(ControlPlaneHarness.result(call)
                                .get(30, TimeUnit.SECONDS)
                                .outcome())
                        .isEqualTo(CallOutcome.COMPLETED);
            }
            assertThat(plane.lineState(acme.organizationId()).holders()).isEmpty();
            assertThat(plane.ledger.activeCalls(acme.organizationId())).isZero();
        }
    }

    @Test
    void aSemaphoreThatEndedIdleIsStartedAgainByTheNextAcquire() throws Exception {
        LineTuning shortIdle = new LineTuning(Duration.ofMinutes(10), Duration.ofMillis(500), 5_000);
        try (ControlPlaneHarness plane = ControlPlaneHarness.realTime(shortIdle)) {
            Tenant acme = plane.tenant("acme", 1, 1, 1);
            LineActivitiesImpl lines =
                    new LineActivitiesImpl(plane.client, LineActivitiesImpl.Backoff.DEFAULT, shortIdle);
            long number = acme.numberIds().getFirst();
            assertThat(lines.acquire(new AcquireLine("call-first", acme.organizationId(), number, 1, 1)))
                    .isEqualTo(LineDecision.GRANTED);
            lines.release(new ReleaseLine("call-first", acme.organizationId()));
            WorkflowStub semaphore = WorkflowStub.fromTyped(plane.lines(acme.organizationId()));
            String firstRun = semaphore.describe().getExecution().getRunId();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> semaphore.describe().getStatus()
                            == io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);

            assertThat(lines.acquire(new AcquireLine("call-second", acme.organizationId(), number, 1, 1)))
                    .isEqualTo(LineDecision.GRANTED);

            assertThat(semaphore.describe().getExecution().getRunId()).isNotEqualTo(firstRun);
            assertThat(plane.lineState(acme.organizationId()).holders())
                    .extracting(LineHolder::callWorkflowId)
                    .containsExactly("call-second");
            // Releasing into a semaphore that is gone is no error: nothing is held there.
            lines.release(new ReleaseLine("call-second", acme.organizationId()));
            lines.release(new ReleaseLine("call-never", 987_654L));
        }
    }

    @Test
    void fiftySimultaneousAcquiresToOneOrganizationAreAllAnswered() throws Exception {
        try (ControlPlaneHarness plane = ControlPlaneHarness.realTime()) {
            Tenant acme = plane.tenant("acme", 30, 5, 10);
            LineActivitiesImpl lines = new LineActivitiesImpl(plane.client);

            Map<LineDecision, Long> decisions = burst(acme, 50, lines);

            assertThat(decisions)
                    .containsEntry(LineDecision.GRANTED, 30L)
                    .containsEntry(LineDecision.BUSY_ORGANIZATION, 20L);
            assertThat(plane.lineState(acme.organizationId()).holders()).hasSize(30);
            releaseAll(plane, acme, 50, lines);
            assertThat(plane.lineState(acme.organizationId()).holders()).isEmpty();
        }
    }

    @Test
    void aBurstBeyondTheServersInFlightUpdateLimitIsRetriedUntilEveryCallerIsAnswered() throws Exception {
        // The real limit, made small enough that a burst of 50 must meet it.
        UpdateRefusals refusals = new UpdateRefusals();
        try (TemporalDevServer server = dedicatedServer("in-flight", Map.of("history.maxInFlightUpdates", "2"));
                ControlPlaneHarness plane =
                        ControlPlaneHarness.on(server, stubs -> stubs.setGrpcClientInterceptors(List.of(refusals)))) {
            Tenant acme = plane.tenant("acme", 30, 5, 10);
            LineActivitiesImpl lines = new LineActivitiesImpl(plane.client);

            Map<LineDecision, Long> decisions = burst(acme, 50, lines);

            assertThat(refusals.refused.get()).isPositive();
            assertThat(decisions)
                    .containsEntry(LineDecision.GRANTED, 30L)
                    .containsEntry(LineDecision.BUSY_ORGANIZATION, 20L);
            releaseAll(plane, acme, 50, lines);
            assertThat(plane.lineState(acme.organizationId()).holders()).isEmpty();
        }
    }

    @Test
    void theSemaphoreContinuesAsNewBeforeTheServersLimitOfUpdatesPerRun() throws Exception {
        // The real server refuses a run's updates past history.maxTotalUpdates (2,000 by default)
        // and suggests continue-as-new before; a small limit makes the suite reach it.
        try (TemporalDevServer server = dedicatedServer("update-limit", Map.of("history.maxTotalUpdates", "40"));
                ControlPlaneHarness plane = ControlPlaneHarness.on(server, stubs -> stubs)) {
            Tenant acme = plane.tenant("acme", 1, 1, 1);
            LineActivitiesImpl lines = new LineActivitiesImpl(plane.client);
            long number = acme.numberIds().getFirst();
            WorkflowStub semaphore = null;
            String firstRun = null;
            for (int i = 0; i < 100; i++) {
                String call = WorkflowIds.call("sequential-" + i);
                assertThat(lines.acquire(new AcquireLine(call, acme.organizationId(), number, 1, 1)))
                        .as("acquire %d", i)
                        .isEqualTo(LineDecision.GRANTED);
                assertThat(lines.acquire(new AcquireLine(call + "-second", acme.organizationId(), number, 1, 1)))
                        .as("second caller %d", i)
                        .isEqualTo(LineDecision.BUSY_NUMBER);
                if (semaphore == null) {
                    semaphore = WorkflowStub.fromTyped(plane.lines(acme.organizationId()));
                    firstRun = semaphore.describe().getExecution().getRunId();
                }
                lines.release(new ReleaseLine(call, acme.organizationId()));
                await().atMost(Duration.ofSeconds(30))
                        .until(() ->
                                plane.lineState(acme.organizationId()).holders().isEmpty());
            }

            assertThat(semaphore.describe().getExecution().getRunId()).isNotEqualTo(firstRun);
            assertThat(plane.lineState(acme.organizationId()).holders()).isEmpty();
        }
    }

    @Test
    void aBurstAcrossAContinueAsNewGrantsExactlyTheLimitAndLosesNoLine() throws Exception {
        // A history short enough that the semaphore continues as new in the middle of the burst. The
        // server's default of 10 updates in flight spreads the burst over several workflow tasks;
        // with Switchboard's 100 it may all land in one, and the semaphore only continues as new at
        // its next task, after the burst.
        LineTuning shortHistory = new LineTuning(Duration.ofMinutes(10), Duration.ofHours(1), 40);
        try (TemporalDevServer server =
                        dedicatedServer("burst-across-can", Map.of("history.maxInFlightUpdates", "10"));
                ControlPlaneHarness plane = ControlPlaneHarness.on(server, shortHistory)) {
            Tenant acme = plane.tenant("acme", 5, 5, 5);
            LineActivitiesImpl lines =
                    new LineActivitiesImpl(plane.client, LineActivitiesImpl.Backoff.DEFAULT, shortHistory);
            assertThat(lines.acquire(new AcquireLine(
                            "call-warm", acme.organizationId(), acme.numberIds().getFirst(), 5, 5)))
                    .isEqualTo(LineDecision.GRANTED);
            WorkflowStub semaphore = WorkflowStub.fromTyped(plane.lines(acme.organizationId()));
            String firstRun = semaphore.describe().getExecution().getRunId();

            Map<LineDecision, Long> decisions = burst(acme, 50, lines, 5, 5);

            assertThat(semaphore.describe().getExecution().getRunId()).isNotEqualTo(firstRun);
            assertThat(decisions).containsEntry(LineDecision.GRANTED, 4L);
            assertThat(decisions.values().stream().mapToLong(Long::longValue).sum())
                    .isEqualTo(50L);
            assertThat(plane.lineState(acme.organizationId()).holders()).hasSize(5);
            lines.release(new ReleaseLine("call-warm", acme.organizationId()));
            releaseAll(plane, acme, 50, lines);
            assertThat(plane.lineState(acme.organizationId()).holders()).isEmpty();
        }
    }

    /** A server of the test's own with other dynamic configuration; closed by the test. */
    private static TemporalDevServer dedicatedServer(String name, Map<String, String> dynamicConfig) {
        return TemporalDevServer.start(
                TemporalCli.locate(),
                TemporalDevServer.Settings.loopback(FreePorts.one(), Path.of("target", "temporal-" + name + ".log"))
                        .withDynamicConfig(dynamicConfig));
    }

    /** {@code calls} acquires at the same instant, spread over the tenant's numbers; every answer. */
    private static Map<LineDecision, Long> burst(Tenant tenant, int calls, LineActivitiesImpl lines) throws Exception {
        return burst(tenant, calls, lines, 10, 30);
    }

    private static Map<LineDecision, Long> burst(
            Tenant tenant, int calls, LineActivitiesImpl lines, int numberLimit, int organizationLimit)
            throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<CompletableFuture<LineDecision>> answers = new ArrayList<>();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < calls; i++) {
                AcquireLine request = new AcquireLine(
                        WorkflowIds.call("burst-" + i),
                        tenant.organizationId(),
                        tenant.numberIds().get(i % tenant.numberIds().size()),
                        numberLimit,
                        organizationLimit);
                answers.add(CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                gate.await();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new IllegalStateException(e);
                            }
                            return lines.acquire(request);
                        },
                        callers));
            }
            gate.countDown();
            List<LineDecision> decided = new ArrayList<>();
            for (CompletableFuture<LineDecision> answer : answers) {
                decided.add(answer.get(60, TimeUnit.SECONDS));
            }
            return decided.stream().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        }
    }

    private static void releaseAll(ControlPlaneHarness plane, Tenant tenant, int calls, LineActivitiesImpl lines)
            throws InterruptedException {
        for (int i = 0; i < calls; i++) {
            lines.release(new ReleaseLine(WorkflowIds.call("burst-" + i), tenant.organizationId()));
        }
        // Release is a signal: the semaphore applies it on its next workflow task.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> plane.lineState(tenant.organizationId()).holders().isEmpty());
    }
}
