package com.switchboard.bench;

import com.switchboard.activities.lines.LineActivitiesImpl;
import com.switchboard.bench.BenchDatabase.Tenant;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.lines.AcquireLine;
import com.switchboard.workflows.lines.LineDecision;
import com.switchboard.workflows.lines.LineWorkflow;
import com.switchboard.workflows.lines.ReleaseLine;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Benchmark (a): admissions per second through one LineWorkflow, the per-organization semaphore
 * (update-with-start acquire, release signal): one caller, ten callers in a closed loop, and bursts
 * of {@value #BURST} simultaneous acquires.
 */
final class AdmissionsBench {
    static final int BURST = 50;

    private final WorkflowClient client;
    private final BenchDatabase db;
    private final Bench.Settings settings;

    AdmissionsBench(WorkflowClient client, BenchDatabase db, Bench.Settings settings) {
        this.client = client;
        this.db = db;
        this.settings = settings;
    }

    /** Admissions per second through one semaphore: one caller, ten callers, bursts of {@value #BURST}. */
    record Admissions(double oneCaller, double tenCallers, double inBursts, Percentiles burstAnswered) {}

    Admissions run() throws Exception {
        System.out.println();
        System.out.println("(a) admissions through one LineWorkflow (update-with-start acquire, release signal)");
        LineActivitiesImpl lines = new LineActivitiesImpl(client);
        Tenant tenant = db.createTenant("admissions", 10_000, 5, 10_000);
        long org = tenant.organizationId();
        long number = numberIdOf(tenant);

        // Warm up the JIT and start the semaphore.
        for (int i = 0; i < 50; i++) {
            String id = "call-warm-" + i;
            lines.acquire(new AcquireLine(id, org, number, 10_000, 10_000));
            lines.release(new ReleaseLine(id, org));
        }

        List<Double> latencies = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < settings.sequentialAdmissions(); i++) {
            String id = "call-seq-" + i;
            long t0 = System.nanoTime();
            expectGranted(lines.acquire(new AcquireLine(id, org, number, 10_000, 10_000)));
            latencies.add((System.nanoTime() - t0) / 1e6);
            lines.release(new ReleaseLine(id, org));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double oneCaller = settings.sequentialAdmissions() / seconds;
        System.out.printf(
                "    one caller, acquire then release, %d times: %.0f admissions/s; acquire %s%n",
                settings.sequentialAdmissions(), oneCaller, Percentiles.of(latencies));

        int callers = 10;
        AtomicInteger admitted = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Double> loopLatencies = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < callers; c++) {
                int caller = c;
                pool.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        String id = "call-loop-" + caller + "-" + i;
                        long t0 = System.nanoTime();
                        expectGranted(lines.acquire(new AcquireLine(id, org, number, 10_000, 10_000)));
                        loopLatencies.add((System.nanoTime() - t0) / 1e6);
                        admitted.incrementAndGet();
                        lines.release(new ReleaseLine(id, org));
                    }
                    return null;
                });
            }
            Thread.sleep(settings.closedLoop());
            running.set(false);
        }
        double tenCallers = admitted.get() / (double) settings.closedLoop().toSeconds();
        System.out.printf(
                "    %d callers in a closed loop for %d s: %.0f admissions/s; acquire %s%n",
                callers, settings.closedLoop().toSeconds(), tenCallers, Percentiles.of(loopLatencies));

        List<Double> burstMillis = new ArrayList<>();
        List<Double> answerMillis = new ArrayList<>();
        for (int b = 0; b < settings.bursts(); b++) {
            burstMillis.add(burst(lines, tenant, b, answerMillis));
        }
        double total = burstMillis.stream().mapToDouble(Double::doubleValue).sum() / 1000;
        System.out.printf(
                "    %d bursts of %d simultaneous acquires: %.0f acquires/s; whole burst answered %s;"
                        + " single acquire %s%n",
                settings.bursts(),
                BURST,
                settings.bursts() * BURST / total,
                Percentiles.of(burstMillis),
                Percentiles.of(answerMillis));
        LineWorkflow semaphore = client.newWorkflowStub(LineWorkflow.class, WorkflowIds.lines(org));
        System.out.printf(
                "    (the semaphore continued-as-new along the way; holders at the end: %d)%n",
                semaphore.state().holders().size());
        return new Admissions(oneCaller, tenCallers, settings.bursts() * BURST / total, Percentiles.of(burstMillis));
    }

    /** One burst of simultaneous acquires, all granted, then released; returns ms until all were answered. */
    private double burst(LineActivitiesImpl lines, Tenant tenant, int b, List<Double> answerMillis) throws Exception {
        long org = tenant.organizationId();
        long number = numberIdOf(tenant);
        CountDownLatch gate = new CountDownLatch(1);
        List<CompletableFuture<Double>> answers = new ArrayList<>();
        long start;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < BURST; i++) {
                String id = "call-burst-" + b + "-" + i;
                answers.add(CompletableFuture.supplyAsync(
                        () -> {
                            awaitGate(gate);
                            long t0 = System.nanoTime();
                            expectGranted(lines.acquire(new AcquireLine(id, org, number, 10_000, 10_000)));
                            return (System.nanoTime() - t0) / 1e6;
                        },
                        pool));
            }
            Thread.sleep(50);
            start = System.nanoTime();
            gate.countDown();
            for (CompletableFuture<Double> answer : answers) {
                answerMillis.add(answer.get(60, TimeUnit.SECONDS));
            }
        }
        double millis = (System.nanoTime() - start) / 1e6;
        for (int i = 0; i < BURST; i++) {
            lines.release(new ReleaseLine("call-burst-" + b + "-" + i, org));
        }
        LineWorkflow semaphore = client.newWorkflowStub(LineWorkflow.class, WorkflowIds.lines(org));
        Waits.until(() -> semaphore.state().holders().isEmpty(), Duration.ofSeconds(30));
        return millis;
    }

    private long numberIdOf(Tenant tenant) {
        return db.owner()
                .select(com.switchboard.db.Tables.SIP_NUMBERS.ID)
                .from(com.switchboard.db.Tables.SIP_NUMBERS)
                .where(com.switchboard.db.Tables.SIP_NUMBERS.PHONE_NUMBER.eq(
                        tenant.phoneNumbers().getFirst()))
                .fetchSingle()
                .value1();
    }

    private static void expectGranted(LineDecision decision) {
        if (decision != LineDecision.GRANTED) {
            throw new IllegalStateException("expected a line, got " + decision);
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
}
