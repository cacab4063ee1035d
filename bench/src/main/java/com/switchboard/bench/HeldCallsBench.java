package com.switchboard.bench;

import static com.switchboard.db.Tables.CALLS;

import com.switchboard.activities.route.PhoneNumbers;
import com.switchboard.activities.route.RouteActivitiesImpl;
import com.switchboard.activities.route.RoutingRepository;
import com.switchboard.activities.temporal.ControlPlaneWorker;
import com.switchboard.activities.temporal.SearchAttributeRegistration;
import com.switchboard.bench.BenchDatabase.Tenant;
import com.switchboard.workflows.ControlPlaneWorkflows;
import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.call.CallPolicy;
import com.switchboard.workflows.session.AgentSessionActivities;
import com.switchboard.workflows.session.SessionRequest;
import com.switchboard.workflows.session.SessionResult;
import io.temporal.activity.Activity;
import io.temporal.client.ActivityCompletionClient;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.WorkerFactory;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Benchmark 4(c): how many calls one control-plane worker JVM holds at once, and what they cost in
 * heap (used, after GC) and live threads. Calls are started as the webhook starts them
 * (signal-with-start) against the Temporal test server in its own process and an embedded
 * PostgreSQL; each is routed, admitted (one LineWorkflow per 100 calls) and ledgered by the real
 * workflows and activities, then held by an agent-session stand-in in this JVM that completes
 * asynchronously (no thread per call) and heartbeats every {@code --heartbeat-seconds} (default
 * 20) against a heartbeat timeout three times as long. Heartbeats go from GPU hosts to the Temporal
 * service and never reach the control-plane node; in this bench they share its two CPUs with the test
 * service, so a 10,000-call run spaces them out.
 *
 * <p>Arguments: {@code --calls N}, {@code --virtual true|false} (virtual workflow threads),
 * {@code --cache N} (workflow cache size; default calls + organizations + 100), {@code
 * --activity-slots N} (default: the server's, 200), {@code --rate R} (calls/s
 * offered), {@code --window N} (at most N calls started but neither held nor ended: the fill waits
 * rather than pile up admissions that would run past their setup bound; default 200; a call that
 * fails admission is replaced, so the target counts held calls), {@code --heartbeat-seconds
 * S}, {@code --server-heap} (the test server's -Xmx, default 1g: it keeps every history in memory),
 * {@code --deadline-seconds S}, {@code --temporal real|test-server} (default real). One configuration
 * and one Temporal per JVM, so that heap and threads are its own: run it once for each to compare.
 */
public final class HeldCallsBench {
    private static final int CALLS_PER_ORGANIZATION = 100;

    private HeldCallsBench() {}

    @Command(name = "held-calls")
    static final class Arguments {
        @Option(names = "--calls", defaultValue = "1000")
        int calls;

        @Option(names = "--virtual", defaultValue = "false", arity = "1")
        boolean virtual;

        /** Default: calls + organizations + 100. */
        @Option(names = "--cache")
        Integer cache;

        /** Default: the server's. */
        @Option(names = "--activity-slots")
        Integer activitySlots;

        @Option(names = "--rate", defaultValue = "100")
        int rate;

        @Option(names = "--deadline-seconds", defaultValue = "150")
        long deadlineSeconds;

        @Option(names = "--window", defaultValue = "200")
        int window;

        @Option(names = "--heartbeat-seconds", defaultValue = "20")
        long heartbeatSeconds;

        @Option(names = "--server-heap", defaultValue = "1g")
        String serverHeap;

        @Option(names = "--temporal", defaultValue = "real", converter = BenchTemporal.KindConverter.class)
        BenchTemporal.Kind temporal;

        /** Which steps are local (REMOTE, LOCAL, ALL_LOCAL); new calls run ALL_LOCAL. */
        @Option(names = "--step-mode", defaultValue = "ALL_LOCAL")
        ControlPlaneWorkflows.StepMode stepMode;
    }

    public static void main(String[] args) throws Exception {
        Arguments arguments = CommandLine.populateCommand(new Arguments(), args);
        int calls = arguments.calls;
        boolean virtual = arguments.virtual;
        int organizations = (calls + CALLS_PER_ORGANIZATION - 1) / CALLS_PER_ORGANIZATION;
        int cache = arguments.cache != null ? arguments.cache : calls + organizations + 100;
        int activitySlots = arguments.activitySlots != null
                ? arguments.activitySlots
                : ControlPlaneWorker.Capacity.DEFAULT.activitySlots();
        int rate = arguments.rate;
        Duration deadline = Duration.ofSeconds(arguments.deadlineSeconds);
        Fill fill = new Fill(
                arguments.window,
                Duration.ofSeconds(arguments.heartbeatSeconds),
                arguments.serverHeap,
                arguments.temporal,
                arguments.stepMode);
        int status = 1;
        try {
            run(calls, virtual, organizations, cache, activitySlots, rate, deadline, fill);
            status = 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
        } finally {
            System.exit(status);
        }
    }

    /**
     * @param window most calls started but not yet held at once
     * @param heartbeatEvery how often the session stand-in heartbeats (timeout: three times that)
     * @param serverHeap the test server's maximum heap
     */
    record Fill(
            int window,
            Duration heartbeatEvery,
            String serverHeap,
            BenchTemporal.Kind temporal,
            ControlPlaneWorkflows.StepMode stepMode) {}

    private static void run(
            int calls,
            boolean virtual,
            int organizations,
            int cache,
            int activitySlots,
            int rate,
            Duration deadline,
            Fill fill)
            throws Exception {
        long began = System.nanoTime();
        Snapshot idle = Snapshot.now();
        try (BenchTemporal server = BenchTemporal.start(fill.temporal(), fill.serverHeap());
                BenchDatabase db = new BenchDatabase()) {
            System.out.println("held calls on the " + server.describe());
            WorkflowServiceStubs stubs = server.connect();
            WorkflowClient client = WorkflowClient.newInstance(stubs);
            SearchAttributeRegistration.register(stubs, "default");
            List<Tenant> tenants = new ArrayList<>();
            for (int o = 0; o < organizations; o++) {
                tenants.add(db.createTenant("held-" + o, 100_000, 10, 10_000));
            }
            ControlPlaneWorker.Capacity capacity = new ControlPlaneWorker.Capacity(cache, virtual, activitySlots);
            WorkerFactory factory = WorkerFactory.newInstance(client, capacity.factoryOptions());
            ControlPlaneWorker.register(
                    factory,
                    ControlPlaneWorker.Activities.of(
                            db.database(),
                            client,
                            new RouteActivitiesImpl(new RoutingRepository(db.database(), new PhoneNumbers("IT"))),
                            new NoLiveKit()),
                    (fill.temporal() == BenchTemporal.Kind.TEST_SERVER
                                    ? ControlPlaneWorker.Options.testServer()
                                    : ControlPlaneWorker.Options.production())
                            .withCapacity(capacity)
                            .withStepMode(fill.stepMode()));
            HeldSessions sessions = new HeldSessions(client.newActivityCompletionClient(), fill.heartbeatEvery());
            factory.newWorker(TaskQueues.AGENT_SESSIONS).registerActivitiesImplementations(sessions);
            factory.start();
            System.out.printf(
                    "Held calls bench: %s, Java %s, %d CPUs (load %s); %d calls over %d organizations, %s workflow"
                            + " threads, workflow cache %d, %d activity slots, %d/s offered, fill window %d, heartbeats every %d s,"
                            + " steps %s; worker JVM idle: %s%n",
                    Instant.now(),
                    Runtime.version(),
                    Runtime.getRuntime().availableProcessors(),
                    LoadAverage.now(),
                    calls,
                    organizations,
                    virtual ? "virtual" : "platform",
                    cache,
                    activitySlots,
                    rate,
                    fill.window(),
                    fill.heartbeatEvery().toSeconds(),
                    fill.stepMode(),
                    idle);

            CallPolicy policy = new CallPolicy(
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(60),
                    fill.heartbeatEvery().multipliedBy(3),
                    1,
                    Duration.ofSeconds(1),
                    "");
            // At most 200 signal-with-starts in flight: an overloaded test server queues, not fails.
            Semaphore inFlight = new Semaphore(200);
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            long waitedForWindowNanos = 0;
            long end = start + deadline.toNanos();
            long lastProgress = System.nanoTime();
            int lastHeld = 0;
            int started = 0;
            EndedCalls ended = new EndedCalls(db);
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                while (sessions.held.size() < calls && System.nanoTime() < end) {
                    int held = sessions.held.size();
                    if (held != lastHeld) {
                        lastHeld = held;
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > TimeUnit.SECONDS.toNanos(120)) {
                        System.out.printf("  no call held for 120 s: stopping the fill%n");
                        break;
                    }
                    long wait = start + started * interval - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    // A call that failed admission ended (its history row is closed): start another in
                    // its place, so that the target is held calls, not attempts. Never more than the
                    // window in setup, never more than the target held or in setup.
                    int failed = ended.count();
                    int inSetup = started - held - failed;
                    if (inSetup >= fill.window() || held + inSetup >= calls) {
                        long waitFrom = System.nanoTime();
                        Thread.sleep(20);
                        waitedForWindowNanos += System.nanoTime() - waitFrom;
                        continue;
                    }
                    int i = started++;
                    Tenant tenant = tenants.get(i % organizations);
                    String room = "held-" + i;
                    String number = tenant.phoneNumbers().get((i / organizations) % 10);
                    inFlight.acquire();
                    senders.submit(() -> {
                        try {
                            BenchCalls.ring(client, room, number, policy);
                        } finally {
                            inFlight.release();
                        }
                    });
                    if (started % 1000 == 0) {
                        System.out.printf(
                                "  %d started, %d held, %d failed admission (%.0f s, %.0f s of it waiting for the"
                                        + " fill window); %s%n",
                                started,
                                sessions.held.size(),
                                failed,
                                (System.nanoTime() - start) / 1e9,
                                waitedForWindowNanos / 1e9,
                                Snapshot.live());
                    }
                }
            }
            System.out.printf(
                    "  %d calls started, %d failed admission (their history rows say why)%n", started, ended.count());
            double seconds = (System.nanoTime() - start) / 1e9;
            Snapshot held = Snapshot.now();
            System.out.printf(
                    "  %d of %d calls held after %.0f s (%.0f calls/s admitted); worker JVM: %s; load %s%n",
                    sessions.held.size(), calls, seconds, sessions.held.size() / seconds, held, LoadAverage.now());
            System.out.printf(
                    "  per held call: %.1f KB heap, %.3f threads%n",
                    (held.heapUsedBytes() - idle.heapUsedBytes()) / 1024.0 / Math.max(1, sessions.held.size()),
                    (held.threads() - idle.threads()) / (double) Math.max(1, sessions.held.size()));
            if (Boolean.getBoolean("held.histogram")) {
                // -Dheld.histogram=true: the classes that hold the heap, to compare step modes.
                new ProcessBuilder("jcmd", Long.toString(ProcessHandle.current().pid()), "GC.class_histogram")
                        .inheritIO()
                        .start()
                        .waitFor();
            }
            sessions.heartbeats.shutdownNow();
            stubs.shutdownNow();
        }
        System.out.printf("  total %.0f s%n", (System.nanoTime() - began) / 1e9);
    }

    /** Calls whose history row is closed: held calls never end, so these failed admission. */
    static final class EndedCalls {
        private final BenchDatabase db;
        private long readAt;
        private int count;

        EndedCalls(BenchDatabase db) {
            this.db = db;
        }

        /** At most one query a second. */
        int count() {
            if (System.nanoTime() - readAt > TimeUnit.SECONDS.toNanos(1)) {
                count = db.owner().fetchCount(CALLS, CALLS.OUTCOME.isNotNull());
                readAt = System.nanoTime();
            }
            return count;
        }
    }

    /** Heap used after a full GC, and live threads, of this JVM. */
    record Snapshot(long heapUsedBytes, int threads, int peakThreads) {
        /** Without a GC first: heap used includes garbage. For progress lines. */
        static String live() {
            var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            return String.format(
                    "heap used %.0f MB (no GC), %d live threads",
                    memory.getUsed() / 1048576.0,
                    ManagementFactory.getThreadMXBean().getThreadCount());
        }

        static Snapshot now() {
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            var memory = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            var threads = ManagementFactory.getThreadMXBean();
            return new Snapshot(memory.getUsed(), threads.getThreadCount(), threads.getPeakThreadCount());
        }

        @Override
        public String toString() {
            return String.format(
                    "heap used after GC %.1f MB, %d live threads (peak %d)",
                    heapUsedBytes / 1048576.0, threads, peakThreads);
        }
    }

    /**
     * The agent session stand-in: returns at once without completing (the activity stays open),
     * then heartbeats for it every {@code heartbeatEvery} from one scheduler, as a GPU worker
     * holding the call would. No thread per held call.
     */
    static final class HeldSessions implements AgentSessionActivities {
        final Map<String, byte[]> held = new ConcurrentHashMap<>();
        final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        private final ActivityCompletionClient completions;

        HeldSessions(ActivityCompletionClient completions, Duration heartbeatEvery) {
            this.completions = completions;
            heartbeats.scheduleAtFixedRate(
                    () -> held.values().forEach(token -> {
                        try {
                            completions.heartbeat(token, null);
                        } catch (RuntimeException e) {
                            // a call that ended meanwhile
                        }
                    }),
                    heartbeatEvery.toMillis(),
                    heartbeatEvery.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        @Override
        public SessionResult runSession(SessionRequest request) {
            var context = Activity.getExecutionContext();
            held.put(request.callWorkflowId(), context.getTaskToken());
            context.doNotCompleteOnReturn();
            return null;
        }
    }
}
