package com.switchboard.bench;

import com.switchboard.activities.ledger.LedgerRepository;
import com.switchboard.bench.BenchDatabase.Tenant;
import com.switchboard.workflows.ControlPlaneWorkflows.StepMode;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.call.CallPolicy;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmarks (b) and (c): call setup time, signal-with-start sent -> agent-session activity started,
 * at steady rates, with the control-plane steps as regular or as local activities (whichever the running
 * workers were started with).
 */
final class CallSetupBench {
    private final WorkflowClient client;
    private final BenchDatabase db;
    private final Bench.Settings settings;
    private final BenchSessions sessions;
    private final AtomicInteger rooms = new AtomicInteger();

    CallSetupBench(WorkflowClient client, BenchDatabase db, Bench.Settings settings, BenchSessions sessions) {
        this.client = client;
        this.db = db;
        this.settings = settings;
        this.sessions = sessions;
    }

    Map<Integer, Percentiles> run(StepMode mode) throws Exception {
        System.out.println();
        System.out.printf(
                "(b) call setup (signal-with-start sent -> agent-session activity started), %s%n",
                switch (mode) {
                    case REMOTE -> "every step a regular activity";
                    case LOCAL -> "route and ledger as local activities";
                    case ALL_LOCAL -> "every control-plane step a local activity";
                });
        Tenant tenant = db.createTenant("setup-" + mode.name().toLowerCase(java.util.Locale.ROOT), 10_000, 10, 10_000);
        steadyRate(tenant, 10, settings.warmup());
        Map<Integer, Percentiles> results = new java.util.LinkedHashMap<>();
        for (int rate : settings.rates()) {
            SteadyRun run = steadyRate(tenant, rate, settings.steady());
            results.put(rate, run.setup());
            System.out.printf(
                    "    %3d calls/s for %d s: %d calls sent (%.1f/s achieved), %d reached their agent session;"
                            + " setup %s%n",
                    rate,
                    settings.steady().toSeconds(),
                    run.sent(),
                    run.achievedRate(),
                    run.setup().count(),
                    run.setup());
            if (!run.withoutSession().isEmpty()) {
                System.out.printf(
                        "          calls that never reached a session, by outcome: %s%n", run.withoutSession());
            }
        }
        return results;
    }

    /**
     * @param withoutSession calls that ended without reaching their agent session, by outcome and end
     *     reason ("undecided" for those still running when the run gave up waiting)
     */
    record SteadyRun(int sent, double achievedRate, Percentiles setup, Map<String, Long> withoutSession) {}

    private SteadyRun steadyRate(Tenant tenant, int rate, Duration duration) throws Exception {
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        CallPolicy policy = new CallPolicy(
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(15), 2, Duration.ofMillis(100), "");
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            ticker.scheduleAtFixedRate(
                    () -> senders.submit(() -> {
                        int n = rooms.incrementAndGet();
                        String room = "bench-" + n;
                        String number = tenant.phoneNumbers()
                                .get(n % tenant.phoneNumbers().size());
                        sentAt.put(WorkflowIds.call(room), System.nanoTime());
                        BenchCalls.ring(client, room, number, policy);
                    }),
                    0,
                    1_000_000_000L / rate,
                    TimeUnit.NANOSECONDS);
            Thread.sleep(duration);
            ticker.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // Every call either reaches its session or ends (a setup step gave up, e.g. under overload).
        Waits.until(() -> undecided(sentAt.keySet()).isEmpty(), Duration.ofSeconds(90), false);
        List<Double> setup = new ArrayList<>();
        Map<String, Long> withoutSession = new java.util.TreeMap<>();
        Map<String, String> closed = closedCalls(sentAt.keySet());
        sentAt.forEach((id, sent) -> {
            Long started = sessions.startedAtNanos.get(id);
            if (started != null) {
                setup.add((started - sent) / 1e6);
            } else {
                withoutSession.merge(closed.getOrDefault(id, "undecided"), 1L, Long::sum);
            }
        });
        // Let every call end, so that the next run starts from an idle control plane.
        LedgerRepository ledger = new LedgerRepository(db.database());
        if (!Waits.until(() -> ledger.openCalls() == 0, Duration.ofSeconds(90), false)) {
            System.out.printf("          (%d calls still open when the next run starts)%n", ledger.openCalls());
        }
        return new SteadyRun(sentAt.size(), sentAt.size() / seconds, Percentiles.of(setup), withoutSession);
    }

    /** Sent calls that neither reached their session nor ended. */
    private java.util.Set<String> undecided(java.util.Set<String> sent) {
        java.util.Set<String> open = new java.util.HashSet<>(sent);
        open.removeAll(sessions.startedAtNanos.keySet());
        open.removeAll(closedCalls(open).keySet());
        return open;
    }

    /** Of the given calls, those whose calls row is closed: workflow id -> "outcome/end_reason". */
    private Map<String, String> closedCalls(java.util.Collection<String> workflowIds) {
        var calls = com.switchboard.db.Tables.CALLS;
        return db.owner()
                .select(calls.WORKFLOW_ID, calls.OUTCOME, calls.END_REASON)
                .from(calls)
                .where(calls.WORKFLOW_ID.in(workflowIds))
                .and(calls.ENDED_AT.isNotNull())
                .fetchMap(calls.WORKFLOW_ID, r -> r.get(calls.OUTCOME) + "/" + r.get(calls.END_REASON));
    }
}
