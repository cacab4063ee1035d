package com.switchboard.bench;

import com.switchboard.activities.routing.PhoneNumbers;
import com.switchboard.activities.routing.RouteActivitiesImpl;
import com.switchboard.activities.routing.RoutingRepository;
import com.switchboard.activities.temporal.ControlPlaneWorker;
import com.switchboard.activities.temporal.SearchAttributeRegistration;
import com.switchboard.bench.BenchDatabase.Tenant;
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
import io.temporal.worker.WorkerFactoryOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark 4(c): how many calls one control-plane worker JVM holds at once, and what they cost in
 * heap (used, after GC) and live threads. Calls are started as the webhook starts them
 * (signal-with-start) against the Temporal test server in its own process and an embedded
 * PostgreSQL; each is routed, admitted (one LineWorkflow per 100 calls) and ledgered by the real
 * workflows and activities, then held by an agent-session stand-in in this JVM that completes
 * asynchronously (no thread per call) and heartbeats every 20 s against a 60 s heartbeat timeout.
 *
 * <p>Arguments: {@code --calls N}, {@code --virtual true|false} (virtual workflow threads), {@code
 * --cache N} (workflow cache size; default calls + organizations + 100), {@code --rate R} (calls/s
 * offered), {@code --deadline-seconds S}. One configuration per JVM, so that heap and threads are its
 * own.
 */
public final class HeldCallsBench {
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(20);
    private static final int CALLS_PER_ORGANIZATION = 100;

    private HeldCallsBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        int calls = Integer.parseInt(options.getOrDefault("calls", "1000"));
        boolean virtual = Boolean.parseBoolean(options.getOrDefault("virtual", "false"));
        int organizations = (calls + CALLS_PER_ORGANIZATION - 1) / CALLS_PER_ORGANIZATION;
        int cache = Integer.parseInt(options.getOrDefault("cache", Integer.toString(calls + organizations + 100)));
        int rate = Integer.parseInt(options.getOrDefault("rate", "100"));
        Duration deadline = Duration.ofSeconds(Long.parseLong(options.getOrDefault("deadline-seconds", "150")));
        int status = 1;
        try {
            run(calls, virtual, organizations, cache, rate, deadline);
            status = 0;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
        } finally {
            System.exit(status);
        }
    }

    private static void run(int calls, boolean virtual, int organizations, int cache, int rate, Duration deadline)
            throws Exception {
        long began = System.nanoTime();
        Snapshot idle = Snapshot.now();
        try (TestServerProcess server = TestServerProcess.start();
                BenchDatabase db = new BenchDatabase()) {
            WorkflowServiceStubs stubs = server.connect();
            WorkflowClient client = WorkflowClient.newInstance(stubs);
            SearchAttributeRegistration.register(stubs, "default");
            List<Tenant> tenants = new ArrayList<>();
            for (int o = 0; o < organizations; o++) {
                tenants.add(db.createTenant("held-" + o, 100_000, 10, 10_000));
            }
            WorkerFactoryOptions.Builder factoryOptions =
                    WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(cache);
            if (virtual) {
                factoryOptions.setUsingVirtualWorkflowThreads(true).setMaxWorkflowThreadCount(Integer.MAX_VALUE);
            } else {
                // A cached workflow parks one platform thread; fewer threads than the cache would evict.
                factoryOptions.setMaxWorkflowThreadCount(cache);
            }
            WorkerFactory factory = WorkerFactory.newInstance(client, factoryOptions.build());
            ControlPlaneWorker.register(
                    factory,
                    ControlPlaneWorker.Activities.of(
                            db.database(),
                            client,
                            new RouteActivitiesImpl(new RoutingRepository(db.database(), new PhoneNumbers("IT"))),
                            new NoLiveKit()),
                    ControlPlaneWorker.Options.testServer());
            HeldSessions sessions = new HeldSessions(client.newActivityCompletionClient());
            factory.newWorker(TaskQueues.AGENT_SESSIONS).registerActivitiesImplementations(sessions);
            factory.start();
            System.out.printf(
                    "Held calls bench: %s, Java %s, %d CPUs (load %s); %d calls over %d organizations, %s workflow"
                            + " threads, workflow cache %d, %d/s offered; worker JVM idle: %s%n",
                    Instant.now(),
                    Runtime.version(),
                    Runtime.getRuntime().availableProcessors(),
                    Bench.loadAverageNow(),
                    calls,
                    organizations,
                    virtual ? "virtual" : "platform",
                    cache,
                    rate,
                    idle);

            CallPolicy policy = new CallPolicy(
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(60),
                    1,
                    Duration.ofSeconds(1),
                    "");
            // At most 200 signal-with-starts in flight: an overloaded test server queues, not fails.
            Semaphore inFlight = new Semaphore(200);
            long start = System.nanoTime();
            long interval = 1_000_000_000L / rate;
            try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < calls; i++) {
                    long wait = start + i * interval - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                    Tenant tenant = tenants.get(i % organizations);
                    String room = "held-" + i;
                    String number = tenant.phoneNumbers().get((i / organizations) % 10);
                    inFlight.acquire();
                    senders.submit(() -> {
                        try {
                            Bench.ring(client, room, number, policy);
                        } finally {
                            inFlight.release();
                        }
                    });
                    if ((i + 1) % 1000 == 0) {
                        System.out.printf(
                                "  %d started, %d held (%.0f s)%n",
                                i + 1, sessions.held.size(), (System.nanoTime() - start) / 1e9);
                    }
                }
            }
            long end = start + deadline.toNanos();
            while (sessions.held.size() < calls && System.nanoTime() < end) {
                Thread.sleep(500);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            Snapshot held = Snapshot.now();
            System.out.printf(
                    "  %d of %d calls held after %.0f s (%.0f calls/s admitted); worker JVM: %s; load %s%n",
                    sessions.held.size(), calls, seconds, sessions.held.size() / seconds, held, Bench.loadAverageNow());
            System.out.printf(
                    "  per held call: %.1f KB heap, %.3f threads%n",
                    (held.heapUsedBytes() - idle.heapUsedBytes()) / 1024.0 / Math.max(1, sessions.held.size()),
                    (held.threads() - idle.threads()) / (double) Math.max(1, sessions.held.size()));
            sessions.heartbeats.shutdownNow();
            stubs.shutdownNow();
        }
        System.out.printf("  total %.0f s%n", (System.nanoTime() - began) / 1e9);
    }

    /** Heap used after a full GC, and live threads, of this JVM. */
    record Snapshot(long heapUsedBytes, int threads, int peakThreads) {
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
     * then heartbeats for it every {@link #HEARTBEAT_EVERY} from one scheduler, as a GPU worker
     * holding the call would. No thread per held call.
     */
    static final class HeldSessions implements AgentSessionActivities {
        final Map<String, byte[]> held = new ConcurrentHashMap<>();
        final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor();
        private final ActivityCompletionClient completions;

        HeldSessions(ActivityCompletionClient completions) {
            this.completions = completions;
            heartbeats.scheduleAtFixedRate(
                    () -> held.values().forEach(token -> {
                        try {
                            completions.heartbeat(token, null);
                        } catch (RuntimeException e) {
                            // a call that ended meanwhile
                        }
                    }),
                    HEARTBEAT_EVERY.toMillis(),
                    HEARTBEAT_EVERY.toMillis(),
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
