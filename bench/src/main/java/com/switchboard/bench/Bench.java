package com.switchboard.bench;

import com.switchboard.activities.ledger.LedgerRepository;
import com.switchboard.activities.lines.LineActivitiesImpl;
import com.switchboard.activities.routing.PhoneNumbers;
import com.switchboard.activities.routing.RouteActivitiesImpl;
import com.switchboard.activities.routing.RoutingRepository;
import com.switchboard.activities.temporal.ControlPlaneWorker;
import com.switchboard.activities.temporal.SearchAttributeRegistration;
import com.switchboard.bench.BenchDatabase.Tenant;
import com.switchboard.workflows.ControlPlaneWorkflows.StepMode;
import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.call.CallPolicy;
import com.switchboard.workflows.call.CallRequest;
import com.switchboard.workflows.call.CallWorkflow;
import com.switchboard.workflows.call.CallerJoined;
import com.switchboard.workflows.lines.AcquireLine;
import com.switchboard.workflows.lines.LineDecision;
import com.switchboard.workflows.lines.LineWorkflow;
import com.switchboard.workflows.lines.ReleaseLine;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * Measures the call path against Temporal in its own process (the real dev server, then the Java
 * test server, side by side) and an embedded
 * PostgreSQL, with the real workflows and control-plane activities; LiveKit and the GPU session are
 * stand-ins that answer at once. Prints its figures; see README.md for how to run it.
 *
 * <ol>
 *   <li>admissions per second through one LineWorkflow (update-with-start + release signal);
 *   <li>call setup time, signal-with-start sent -> agent-session activity started, at steady rates;
 *   <li>the same with route and ledger as local activities.
 * </ol>
 */
public final class Bench {
    private static final String NAMESPACE = "default";
    private static final int BURST = 50;

    private final WorkflowClient client;
    private final BenchDatabase db;
    private final Settings settings;
    private final AtomicInteger rooms = new AtomicInteger();
    /** Each call's agent session holds it 2 s, then the caller leaves. */
    private final BenchSessions sessions = new BenchSessions(Duration.ofSeconds(2));

    private final BenchTemporal.Kind kind;

    private Bench(WorkflowClient client, BenchDatabase db, Settings settings, BenchTemporal.Kind kind) {
        this.client = client;
        this.db = db;
        this.settings = settings;
        this.kind = kind;
    }

    /** How long each part runs; {@code --quick} for a smoke run. */
    record Settings(
            int sequentialAdmissions,
            Duration closedLoop,
            int bursts,
            Duration warmup,
            Duration steady,
            List<Integer> rates,
            List<BenchTemporal.Kind> temporal) {
        /** {@code --quick} for a smoke run; {@code --temporal real,test-server} (both, in this order, by default). */
        static Settings of(String[] args) {
            List<String> list = List.of(args);
            boolean quick = list.contains("--quick");
            int at = list.indexOf("--temporal");
            List<BenchTemporal.Kind> temporal = java.util.Arrays.stream(
                            (at >= 0 && at + 1 < list.size() ? list.get(at + 1) : "real,test-server").split(","))
                    .map(BenchTemporal.Kind::parse)
                    .toList();
            return quick
                    ? new Settings(
                            50,
                            Duration.ofSeconds(3),
                            3,
                            Duration.ofSeconds(2),
                            Duration.ofSeconds(4),
                            List.of(10, 50),
                            temporal)
                    : new Settings(
                            300,
                            Duration.ofSeconds(10),
                            10,
                            Duration.ofSeconds(5),
                            Duration.ofSeconds(20),
                            List.of(10, 50),
                            temporal);
        }
    }

    public static void main(String[] args) {
        int status = 1;
        try {
            run(Settings.of(args));
            status = 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
        } finally {
            // Worker and gRPC threads would keep the JVM alive after a failed run.
            System.exit(status);
        }
    }

    /** What one Temporal gave: admissions and setup (regular and local route+ledger) by rate. */
    record Figures(
            Admissions admissions, Map<Integer, Percentiles> remoteSetup, Map<Integer, Percentiles> localSetup) {}

    /** Admissions per second through one semaphore: one caller, ten callers, bursts of {@value #BURST}. */
    record Admissions(double oneCaller, double tenCallers, double inBursts, Percentiles burstAnswered) {}

    private static void run(Settings settings) throws Exception {
        long began = System.nanoTime();
        System.out.printf(
                "Switchboard bench: %s, Java %s, %d CPUs (load average %s), Temporal in its own process"
                        + " (%s), embedded PostgreSQL%n",
                Instant.now(),
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                loadAverage(),
                settings.temporal().stream().map(BenchTemporal.Kind::label).toList());
        Map<BenchTemporal.Kind, Figures> figures = new java.util.LinkedHashMap<>();
        for (BenchTemporal.Kind kind : settings.temporal()) {
            figures.put(kind, runOn(kind, settings));
        }
        Figures real = figures.get(BenchTemporal.Kind.REAL);
        Figures test = figures.get(BenchTemporal.Kind.TEST_SERVER);
        if (real != null && test != null) {
            System.out.println();
            System.out.println("Side by side, same run: real server / test server (ratio real:test)");
            System.out.printf(
                    "    admissions/s, one caller %.0f / %.0f (x%.2f), ten callers %.0f / %.0f (x%.2f),"
                            + " in bursts of %d %.0f / %.0f (x%.2f); burst answered p50 %.0f / %.0f ms%n",
                    real.admissions().oneCaller(),
                    test.admissions().oneCaller(),
                    real.admissions().oneCaller() / test.admissions().oneCaller(),
                    real.admissions().tenCallers(),
                    test.admissions().tenCallers(),
                    real.admissions().tenCallers() / test.admissions().tenCallers(),
                    BURST,
                    real.admissions().inBursts(),
                    test.admissions().inBursts(),
                    real.admissions().inBursts() / test.admissions().inBursts(),
                    real.admissions().burstAnswered().p50(),
                    test.admissions().burstAnswered().p50());
            for (int rate : settings.rates()) {
                Percentiles r = real.remoteSetup().get(rate);
                Percentiles t = test.remoteSetup().get(rate);
                Percentiles rl = real.localSetup().get(rate);
                Percentiles tl = test.localSetup().get(rate);
                System.out.printf(
                        "    setup at %3d calls/s, p50 / p99: regular %.1f / %.1f vs %.1f / %.1f ms (x%.2f / x%.2f);"
                                + " local %.1f / %.1f vs %.1f / %.1f ms (x%.2f / x%.2f)%n",
                        rate,
                        r.p50(),
                        r.p99(),
                        t.p50(),
                        t.p99(),
                        r.p50() / t.p50(),
                        r.p99() / t.p99(),
                        rl.p50(),
                        rl.p99(),
                        tl.p50(),
                        tl.p99(),
                        rl.p50() / tl.p50(),
                        rl.p99() / tl.p99());
            }
        }
        System.out.printf("%nTotal %.0f s; load average now %s%n", (System.nanoTime() - began) / 1e9, loadAverage());
    }

    private static Figures runOn(BenchTemporal.Kind kind, Settings settings) throws Exception {
        try (BenchTemporal server = BenchTemporal.start(kind, "1g");
                BenchDatabase db = new BenchDatabase()) {
            System.out.println();
            System.out.println("=== on the " + server.describe());
            WorkflowServiceStubs stubs = server.connect();
            WorkflowClient client = WorkflowClient.newInstance(stubs);
            SearchAttributeRegistration.register(stubs, NAMESPACE);
            Bench bench = new Bench(client, db, settings, kind);

            WorkerFactory remote = bench.startWorkers(StepMode.REMOTE);
            Admissions admissions = bench.admissions();
            Map<Integer, Percentiles> remoteSetup = bench.callSetup(StepMode.REMOTE);
            remote.shutdown();
            remote.awaitTermination(30, TimeUnit.SECONDS);

            WorkerFactory local = bench.startWorkers(StepMode.LOCAL);
            Map<Integer, Percentiles> localSetup = bench.callSetup(StepMode.LOCAL);
            local.shutdown();
            local.awaitTermination(30, TimeUnit.SECONDS);

            System.out.println();
            System.out.println("(c) call setup p50 / p99, route+ledger as regular vs local activities");
            for (int rate : settings.rates()) {
                System.out.printf(
                        "    %3d calls/s: regular %.1f / %.1f ms, local %.1f / %.1f ms%n",
                        rate,
                        remoteSetup.get(rate).p50(),
                        remoteSetup.get(rate).p99(),
                        localSetup.get(rate).p50(),
                        localSetup.get(rate).p99());
            }
            stubs.shutdown();
            return new Figures(admissions, remoteSetup, localSetup);
        }
    }

    private WorkerFactory startWorkers(StepMode mode) {
        WorkerFactory factory = WorkerFactory.newInstance(client);
        RouteActivitiesImpl route =
                new RouteActivitiesImpl(new RoutingRepository(db.database(), new PhoneNumbers("IT")));
        ControlPlaneWorker.register(
                factory,
                ControlPlaneWorker.Activities.of(db.database(), client, route, new NoLiveKit()),
                (kind == BenchTemporal.Kind.TEST_SERVER
                                ? ControlPlaneWorker.Options.testServer()
                                : ControlPlaneWorker.Options.production())
                        .withStepMode(mode));
        Worker gpu = factory.newWorker(TaskQueues.AGENT_SESSIONS);
        gpu.registerActivitiesImplementations(sessions);
        factory.start();
        return factory;
    }

    // ---- (a) admissions through one LineWorkflow ----

    private Admissions admissions() throws Exception {
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
        waitUntil(() -> semaphore.state().holders().isEmpty(), Duration.ofSeconds(30));
        return millis;
    }

    // ---- (b), (c) call setup time ----

    private Map<Integer, Percentiles> callSetup(StepMode mode) throws Exception {
        System.out.println();
        System.out.printf(
                "(b) call setup (signal-with-start sent -> agent-session activity started), route+ledger as %s activities%n",
                mode == StepMode.LOCAL ? "local" : "regular");
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
                        ring(client, room, number, policy);
                    }),
                    0,
                    1_000_000_000L / rate,
                    TimeUnit.NANOSECONDS);
            Thread.sleep(duration);
            ticker.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // Every call either reaches its session or ends (a setup step gave up, e.g. under overload).
        waitUntil(() -> undecided(sentAt.keySet()).isEmpty(), Duration.ofSeconds(90), false);
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
        if (!waitUntil(() -> ledger.openCalls() == 0, Duration.ofSeconds(90), false)) {
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

    /** Starts a call as the webhook does: signal-with-start with the caller's join. */
    static void ring(WorkflowClient client, String room, String calledNumber, CallPolicy policy) {
        CallWorkflow call = client.newWorkflowStub(
                CallWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(WorkflowIds.call(room))
                        .setTaskQueue(TaskQueues.CALLS)
                        .build());
        BatchRequest batch = client.newSignalWithStartRequest();
        batch.add(call::run, new CallRequest(room, policy));
        batch.add(
                call::callerJoined,
                new CallerJoined(
                        calledNumber,
                        "+393331234567",
                        "SCL_" + room,
                        room + "@pbx",
                        "ST_1",
                        "sip_" + room,
                        Instant.now()));
        client.signalWithStart(batch);
    }

    // ---- helpers ----

    /** The machine's 1/5/15-minute load averages: other work on the same cores skews every figure. */
    static String loadAverageNow() {
        return loadAverage();
    }

    private static String loadAverage() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
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

    private static void waitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        waitUntil(condition, timeout, true);
    }

    /** Returns whether the condition was met; throws instead of returning false when {@code strict}. */
    private static boolean waitUntil(BooleanSupplier condition, Duration timeout, boolean strict)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                if (strict) {
                    throw new IllegalStateException("not reached within " + timeout);
                }
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
