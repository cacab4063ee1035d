package com.switchboard.activities.temporal;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.CALLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.jooq.impl.DSL.count;

import com.switchboard.activities.temporal.ControlPlaneHarness.Tenant;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.call.CallOutcome;
import com.switchboard.workflows.call.CallPolicy;
import com.switchboard.workflows.call.CallSummary;
import com.switchboard.workflows.call.CallWorkflow;
import com.switchboard.workflows.lines.LineHolder;
import com.switchboard.workflows.lines.LineState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Calls admitted through the real CallWorkflow, LineWorkflow and ledger: the limits hold at every
 * instant, under a burst of simultaneous calls, and no line or live row outlives its call.
 */
class CallAdmissionIntegrationTest {

    @Test
    void aHundredSimultaneousCallsGetExactlyTheLinesTheLimitsAllowAndLeaveNothingBehind() throws Exception {
        try (ControlPlaneHarness plane = ControlPlaneHarness.realTime()) {
            Tenant acme = plane.tenant("acme", 5, 3, 2);
            CallPolicy policy = CallPolicy.defaults();

            Sampler sampler = new Sampler(plane, acme);
            sampler.start();
            List<CallWorkflow> calls = new ArrayList<>();
            CountDownLatch gate = new CountDownLatch(1);
            try (ExecutorService ringers = Executors.newVirtualThreadPerTaskExecutor()) {
                List<CompletableFuture<CallWorkflow>> started = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    String room = "burst-" + i;
                    String number =
                            acme.phoneNumbers().get(i % acme.phoneNumbers().size());
                    started.add(CompletableFuture.supplyAsync(
                            () -> {
                                awaitGate(gate);
                                return plane.ring(room, number, policy);
                            },
                            ringers));
                }
                gate.countDown();
                for (CompletableFuture<CallWorkflow> call : started) {
                    calls.add(call.get(60, TimeUnit.SECONDS));
                }
            }
            List<CompletableFuture<CallSummary>> results =
                    calls.stream().map(ControlPlaneHarness::result).toList();

            // Every call is decided: turned away (its workflow ended) or in its agent session.
            await().atMost(Duration.ofSeconds(90))
                    .until(() ->
                            results.stream().filter(CompletableFuture::isDone).count() + plane.sessions.started.size()
                                    == 100);
            Thread.sleep(300); // a late, wrong grant would show up now

            assertThat(plane.sessions.started).hasSize(5);
            assertThat(results.stream().filter(CompletableFuture::isDone)).hasSize(95);
            assertThat(plane.ledger.activeCalls(acme.organizationId())).isEqualTo(5);
            assertThat(plane.lineState(acme.organizationId()).holders()).hasSize(5);

            for (int i = 0; i < calls.size(); i++) {
                if (plane.sessions.started.containsKey(WorkflowIds.call("burst-" + i))) {
                    ControlPlaneHarness.hangUp(calls.get(i));
                }
            }
            List<CallSummary> summaries = new ArrayList<>();
            for (CompletableFuture<CallSummary> result : results) {
                summaries.add(result.get(60, TimeUnit.SECONDS));
            }
            sampler.stop();

            Map<CallOutcome, Long> outcomes =
                    summaries.stream().collect(Collectors.groupingBy(CallSummary::outcome, Collectors.counting()));
            assertThat(outcomes.get(CallOutcome.COMPLETED)).isEqualTo(5);
            assertThat(outcomes.getOrDefault(CallOutcome.BUSY_NUMBER, 0L)
                            + outcomes.getOrDefault(CallOutcome.BUSY_ORGANIZATION, 0L))
                    .isEqualTo(95);
            assertThat(outcomes.keySet())
                    .containsOnly(CallOutcome.COMPLETED, CallOutcome.BUSY_NUMBER, CallOutcome.BUSY_ORGANIZATION);
            assertThat(plane.liveKit.rejected).hasSize(95);

            // Never more than the limits at any instant: as the sessions saw it, as the semaphore
            // and the ledger said while the calls ran.
            assertThat(plane.sessions.maxForOrganization(acme.organizationId())).isEqualTo(5);
            for (long numberId : acme.numberIds()) {
                assertThat(plane.sessions.maxForNumber(numberId)).isLessThanOrEqualTo(2);
            }
            assertThat(sampler.samples.get()).isPositive();
            assertThat(sampler.violations).isEmpty();

            // Nothing left behind: no holder, no live row, one closed history row per call.
            assertThat(plane.lineState(acme.organizationId()).holders()).isEmpty();
            assertThat(plane.db.owner().fetchCount(ACTIVE_CALLS)).isZero();
            assertThat(plane.db.owner().fetchCount(CALLS)).isEqualTo(100);
            assertThat(plane.db.owner().fetchCount(CALLS, CALLS.ENDED_AT.isNull()))
                    .isZero();
            assertThat(plane.db
                            .owner()
                            .select(CALLS.OUTCOME, count())
                            .from(CALLS)
                            .groupBy(CALLS.OUTCOME)
                            .fetchMap(CALLS.OUTCOME, count()))
                    .containsEntry("completed", 5)
                    .containsOnlyKeys("completed", "busy_number", "busy_organization");

            // What an operator finds in Temporal UI: the calls by organization and by outcome.
            String organization = "OrganizationId = " + acme.organizationId();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> plane.count(organization + " AND ExecutionStatus = 'Completed'") == 100);
            assertThat(plane.count(organization + " AND CallOutcome = 'COMPLETED'"))
                    .isEqualTo(5);
            assertThat(plane.count(organization + " AND CallOutcome IN ('BUSY_NUMBER', 'BUSY_ORGANIZATION')"))
                    .isEqualTo(95);
            assertThat(plane.count("OrganizationId = " + (acme.organizationId() + 1)))
                    .isZero();
        }
    }

    @Test
    void aSessionWhoseWorkerFallsSilentIsReapedWithinItsHeartbeatTimeoutAndItsLineServesTheNextCall() throws Exception {
        Duration heartbeatTimeout = Duration.ofSeconds(3);
        try (ControlPlaneHarness plane = ControlPlaneHarness.realTime()) {
            Tenant solo = plane.tenant("solo", 1, 1, 1);
            CallPolicy policy = ControlPlaneHarness.policy(heartbeatTimeout);
            String number = solo.phoneNumbers().getFirst();

            plane.sessions.silent.add(WorkflowIds.call("ghost"));
            CallWorkflow ghost = plane.ring("ghost", number, policy);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> plane.sessions.startedAtNanos.containsKey(WorkflowIds.call("ghost")));
            long silentSince = plane.sessions.startedAtNanos.get(WorkflowIds.call("ghost"));

            CallSummary reaped = ControlPlaneHarness.result(ghost).get(60, TimeUnit.SECONDS);
            long reapedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - silentSince);

            assertThat(reaped.outcome()).isEqualTo(CallOutcome.GHOST_REAPED);
            assertThat(reaped.endReason().wire()).isEqualTo("heartbeat_lost");
            // The heartbeat timeout plus the cleanup's few activities; far below any other timer.
            assertThat(reapedAfterMillis)
                    .isLessThan(heartbeatTimeout.plusSeconds(5).toMillis());
            assertThat(plane.lineState(solo.organizationId()).holders()).isEmpty();
            assertThat(plane.db.owner().fetchCount(ACTIVE_CALLS)).isZero();
            assertThat(plane.db
                            .owner()
                            .fetchSingle(CALLS, CALLS.WORKFLOW_ID.eq(WorkflowIds.call("ghost")))
                            .getOutcome())
                    .isEqualTo("ghost_reaped");

            CallWorkflow next = plane.ring("next", number, policy);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> plane.sessions.started.containsKey(WorkflowIds.call("next")));
            ControlPlaneHarness.hangUp(next);
            assertThat(ControlPlaneHarness.result(next)
                            .get(60, TimeUnit.SECONDS)
                            .outcome())
                    .isEqualTo(CallOutcome.COMPLETED);
        }
    }

    private static void awaitGate(CountDownLatch gate) {
        try {
            gate.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Samples the ledger and the semaphore while calls run, and notes any instant above a limit. */
    private static final class Sampler {
        final Collection<String> violations = new ConcurrentLinkedQueue<>();
        final java.util.concurrent.atomic.AtomicInteger samples = new java.util.concurrent.atomic.AtomicInteger();
        private final ControlPlaneHarness plane;
        private final Tenant tenant;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private Thread thread;

        Sampler(ControlPlaneHarness plane, Tenant tenant) {
            this.plane = plane;
            this.tenant = tenant;
        }

        void start() {
            thread = Thread.ofPlatform().daemon().start(() -> {
                while (running.get()) {
                    sample();
                    samples.incrementAndGet();
                }
            });
        }

        private void sample() {
            int active = plane.ledger.activeCalls(tenant.organizationId());
            if (active > 5) {
                violations.add("active_calls " + active);
            }
            plane.ledger.activeCallsPerNumber(tenant.organizationId()).forEach((number, n) -> {
                if (n > 2) {
                    violations.add("active_calls on number " + number + ": " + n);
                }
            });
            LineState state = plane.lineState(tenant.organizationId());
            if (state.holders().size() > 5) {
                violations.add("holders " + state.holders().size());
            }
            state.holders().stream()
                    .collect(Collectors.groupingBy(LineHolder::numberId, Collectors.counting()))
                    .forEach((number, n) -> {
                        if (n > 2) {
                            violations.add("holders on number " + number + ": " + n);
                        }
                    });
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }
}
