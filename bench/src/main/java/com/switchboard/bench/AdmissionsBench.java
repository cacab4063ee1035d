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
 * (update-with-start acquire, release signal): one caller, ten and fifty callers in a closed loop,
 * bursts of {@value #BURST} simultaneous acquires, and the same bursts against an organization of
 * {@value #LIMITED_BURST_LINES} lines (exactly that many granted, the rest busy).
 */
final class AdmissionsBench {
    static final int BURST = 50;

    /** Callers of the larger closed loop (the 50 concurrent callers). */
    static final int FIFTY = 50;

    /** Lines of the organization in the limited bursts. */
    static final int LIMITED_BURST_LINES = 10;

    private final WorkflowClient client;
    private final BenchDatabase db;
    private final Bench.Settings settings;

    AdmissionsBench(WorkflowClient client, BenchDatabase db, Bench.Settings settings) {
        this.client = client;
        this.db = db;
        this.settings = settings;
    }

    /**
     * Admissions per second through one semaphore: one caller, ten and fifty callers, bursts of
     * {@value #BURST}; and the bursts against {@value #LIMITED_BURST_LINES} lines: how long until
     * every caller was answered, and whether every one of them granted exactly that many.
     */
    record Admissions(
            double oneCaller,
            double tenCallers,
            double fiftyCallers,
            double inBursts,
            Percentiles burstAnswered,
            Percentiles limitedBurstSettled,
            boolean limitedBurstsExact) {}

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

        double tenCallers = closedLoop(lines, org, number, 10);
        double fiftyCallers = closedLoop(lines, org, number, FIFTY);

        List<Double> burstMillis = new ArrayList<>();
        List<Double> answerMillis = new ArrayList<>();
        for (int b = 0; b < settings.bursts(); b++) {
            burstMillis.add(
                    burst(lines, org, number, "open-" + b, 10_000, answerMillis).settledMillis());
        }
        double total = burstMillis.stream().mapToDouble(Double::doubleValue).sum() / 1000;
        double inBursts = settings.bursts() * BURST / total;
        Percentiles burstAnswered = Percentiles.of(burstMillis);
        System.out.printf(
                "    %d bursts of %d simultaneous acquires: %.0f acquires/s; whole burst answered %s;"
                        + " single acquire %s%n",
                settings.bursts(), BURST, inBursts, burstAnswered, Percentiles.of(answerMillis));

        // The burst: 50 callers at once to an organization with 10 lines.
        List<Double> limitedMillis = new ArrayList<>();
        List<Double> limitedAnswers = new ArrayList<>();
        int exact = 0;
        for (int b = 0; b < settings.bursts(); b++) {
            Burst burst = burst(lines, org, number, "limited-" + b, LIMITED_BURST_LINES, limitedAnswers);
            limitedMillis.add(burst.settledMillis());
            if (burst.granted() == LIMITED_BURST_LINES && burst.busy() == BURST - LIMITED_BURST_LINES) {
                exact++;
            }
        }
        System.out.printf(
                "    %d bursts of %d simultaneous calls to an organization with %d lines: exactly %d granted and"
                        + " %d busy in %d of %d; every caller answered %s; single answer %s%n",
                settings.bursts(),
                BURST,
                LIMITED_BURST_LINES,
                LIMITED_BURST_LINES,
                BURST - LIMITED_BURST_LINES,
                exact,
                settings.bursts(),
                Percentiles.of(limitedMillis),
                Percentiles.of(limitedAnswers));
        LineWorkflow semaphore = client.newWorkflowStub(LineWorkflow.class, WorkflowIds.lines(org));
        System.out.printf(
                "    (the semaphore continued-as-new along the way; holders at the end: %d)%n",
                semaphore.state().holders().size());
        return new Admissions(
                oneCaller,
                tenCallers,
                fiftyCallers,
                inBursts,
                burstAnswered,
                Percentiles.of(limitedMillis),
                exact == settings.bursts());
    }

    /** {@code callers} acquiring and releasing in a closed loop for the configured time; admissions/s. */
    private double closedLoop(LineActivitiesImpl lines, long org, long number, int callers)
            throws InterruptedException {
        AtomicInteger admitted = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ConcurrentLinkedQueue<Double> loopLatencies = new ConcurrentLinkedQueue<>();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < callers; c++) {
                int caller = c;
                pool.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        String id = "call-loop-" + callers + "-" + caller + "-" + i;
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
        double seconds = (System.nanoTime() - started) / 1e9;
        double rate = admitted.get() / seconds;
        System.out.printf(
                "    %d callers in a closed loop for %d s: %.0f admissions/s; acquire %s%n",
                callers, settings.closedLoop().toSeconds(), rate, Percentiles.of(loopLatencies));
        return rate;
    }

    /** What one burst came to: ms until every caller was answered, and the answers. */
    private record Burst(double settledMillis, int granted, int busy) {}

    /**
     * One burst of {@value #BURST} simultaneous acquires against an organization limit of {@code
     * lines}; every granted line is released afterwards.
     */
    private Burst burst(
            LineActivitiesImpl lines,
            long org,
            long number,
            String name,
            int organizationLines,
            List<Double> answerMillis)
            throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<CompletableFuture<Double>> answers = new ArrayList<>();
        List<String> granted = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicInteger busy = new AtomicInteger();
        long start;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < BURST; i++) {
                String id = "call-burst-" + name + "-" + i;
                answers.add(CompletableFuture.supplyAsync(
                        () -> {
                            awaitGate(gate);
                            long t0 = System.nanoTime();
                            LineDecision decision =
                                    lines.acquire(new AcquireLine(id, org, number, 10_000, organizationLines));
                            double millis = (System.nanoTime() - t0) / 1e6;
                            switch (decision) {
                                case GRANTED -> granted.add(id);
                                case BUSY_ORGANIZATION -> busy.incrementAndGet();
                                case BUSY_NUMBER -> throw new IllegalStateException("the number has room: " + id);
                            }
                            return millis;
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
        for (String id : granted) {
            lines.release(new ReleaseLine(id, org));
        }
        LineWorkflow semaphore = client.newWorkflowStub(LineWorkflow.class, WorkflowIds.lines(org));
        Waits.until(() -> semaphore.state().holders().isEmpty(), Duration.ofSeconds(30));
        return new Burst(millis, granted.size(), busy.get());
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
