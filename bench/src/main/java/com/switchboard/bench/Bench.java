package com.switchboard.bench;

import com.switchboard.activities.route.PhoneNumbers;
import com.switchboard.activities.route.RouteActivitiesImpl;
import com.switchboard.activities.route.RoutingRepository;
import com.switchboard.activities.temporal.ControlPlaneWorker;
import com.switchboard.activities.temporal.SearchAttributeRegistration;
import com.switchboard.bench.AdmissionsBench.Admissions;
import com.switchboard.workflows.ControlPlaneWorkflows.StepMode;
import com.switchboard.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Measures the call path against Temporal in its own process (the real dev server, then the Java
 * test server, side by side) and an embedded
 * PostgreSQL, with the real workflows and control-plane activities; LiveKit and the GPU session are
 * stand-ins that answer at once. Prints its figures; see README.md for how to run it.
 *
 * <ol>
 *   <li>admissions per second through one LineWorkflow (update-with-start + release signal):
 *       {@link AdmissionsBench};
 *   <li>call setup time, signal-with-start sent -> agent-session activity started, at steady rates:
 *       {@link CallSetupBench};
 *   <li>the same with every control-plane step a local activity, as new calls run.
 * </ol>
 *
 * <p>This class starts each Temporal and the workers, runs both, and prints them side by side.
 */
public final class Bench {
    private static final String NAMESPACE = "default";

    private final WorkflowClient client;
    private final BenchDatabase db;
    /** Each call's agent session holds it 2 s, then the caller leaves. */
    private final BenchSessions sessions = new BenchSessions(Duration.ofSeconds(2));

    private final BenchTemporal.Kind kind;

    private Bench(WorkflowClient client, BenchDatabase db, BenchTemporal.Kind kind) {
        this.client = client;
        this.db = db;
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
            Arguments arguments = CommandLine.populateCommand(new Arguments(), args);
            boolean quick = arguments.quick;
            List<BenchTemporal.Kind> temporal = arguments.temporal;
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

    @Command(name = "bench")
    static final class Arguments {
        @Option(names = "--quick", description = "a smoke run")
        boolean quick;

        @Option(
                names = "--temporal",
                split = ",",
                converter = BenchTemporal.KindConverter.class,
                defaultValue = "real,test-server",
                description = "which Temporal servers, in order: real, test-server")
        List<BenchTemporal.Kind> temporal;
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

    private static void run(Settings settings) throws Exception {
        long began = System.nanoTime();
        System.out.printf(
                "Switchboard bench: %s, Java %s, %d CPUs (load average %s), Temporal in its own process"
                        + " (%s), embedded PostgreSQL%n",
                Instant.now(),
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                LoadAverage.now(),
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
                            + " fifty callers %.0f / %.0f (x%.2f),"
                            + " in bursts of %d %.0f / %.0f (x%.2f); burst answered p50 %.0f / %.0f ms;"
                            + " burst of %d on %d lines settled p50 %.0f / %.0f ms, p99 %.0f / %.0f ms,"
                            + " exactly %d granted every time: %s / %s%n",
                    real.admissions().oneCaller(),
                    test.admissions().oneCaller(),
                    real.admissions().oneCaller() / test.admissions().oneCaller(),
                    real.admissions().tenCallers(),
                    test.admissions().tenCallers(),
                    real.admissions().tenCallers() / test.admissions().tenCallers(),
                    real.admissions().fiftyCallers(),
                    test.admissions().fiftyCallers(),
                    real.admissions().fiftyCallers() / test.admissions().fiftyCallers(),
                    AdmissionsBench.BURST,
                    real.admissions().inBursts(),
                    test.admissions().inBursts(),
                    real.admissions().inBursts() / test.admissions().inBursts(),
                    real.admissions().burstAnswered().p50(),
                    test.admissions().burstAnswered().p50(),
                    AdmissionsBench.BURST,
                    AdmissionsBench.LIMITED_BURST_LINES,
                    real.admissions().limitedBurstSettled().p50(),
                    test.admissions().limitedBurstSettled().p50(),
                    real.admissions().limitedBurstSettled().p99(),
                    test.admissions().limitedBurstSettled().p99(),
                    AdmissionsBench.LIMITED_BURST_LINES,
                    real.admissions().limitedBurstsExact() ? "yes" : "NO",
                    test.admissions().limitedBurstsExact() ? "yes" : "NO");
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
        System.out.printf(
                "%nTotal %.0f s; load average now %s%n", (System.nanoTime() - began) / 1e9, LoadAverage.now());
    }

    private static Figures runOn(BenchTemporal.Kind kind, Settings settings) throws Exception {
        try (BenchTemporal server = BenchTemporal.start(kind, "1g");
                BenchDatabase db = new BenchDatabase()) {
            System.out.println();
            System.out.println("=== on the " + server.describe());
            WorkflowServiceStubs stubs = server.connect();
            WorkflowClient client = WorkflowClient.newInstance(stubs);
            SearchAttributeRegistration.register(stubs, NAMESPACE);
            Bench bench = new Bench(client, db, kind);

            WorkerFactory remote = bench.startWorkers(StepMode.REMOTE);
            Admissions admissions = new AdmissionsBench(client, db, settings).run();
            CallSetupBench setup = new CallSetupBench(client, db, settings, bench.sessions);
            Map<Integer, Percentiles> remoteSetup = setup.run(StepMode.REMOTE);
            remote.shutdown();
            remote.awaitTermination(30, TimeUnit.SECONDS);

            // Every control-plane step local, as new calls run (ControlPlaneWorkflows.STEP_MODE).
            WorkerFactory local = bench.startWorkers(StepMode.ALL_LOCAL);
            Map<Integer, Percentiles> localSetup = setup.run(StepMode.ALL_LOCAL);
            local.shutdown();
            local.awaitTermination(30, TimeUnit.SECONDS);

            System.out.println();
            System.out.println("(c) call setup p50 / p99, every step regular vs every control-plane step local");
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
}
