package com.switchboard.bench.chaos;

import static com.switchboard.db.Tables.CALLS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;

import com.switchboard.bench.BenchDatabase;
import com.switchboard.bench.BenchTemporal;
import com.switchboard.bench.CpuAccount;
import com.switchboard.bench.LoadAverage;
import com.switchboard.bench.Percentiles;
import com.switchboard.bench.PrometheusPage;
import com.switchboard.livekit.simulator.CallState;
import com.switchboard.livekit.simulator.Dispatch;
import com.switchboard.livekit.simulator.LiveKitSimulator;
import com.switchboard.livekit.simulator.SimulatedCall;
import com.switchboard.livekit.simulator.SimulatorConfig;
import com.switchboard.temporal.dev.FreePorts;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jooq.DSLContext;
import org.jooq.JSONB;

/**
 * Benchmark 4(a), call setup through the real webhook endpoint: the server's boot jar as a child
 * process, Temporal in its own process (the real dev server, then the Java test server, to compare
 * side by side), embedded PostgreSQL, one GPU worker in this
 * JVM (CPU slots) and the LiveKit simulator without faults. Setup time is from the instant the
 * simulator emitted {@code participant_joined} (the call's {@code placedAt}; the webhook is posted
 * from its queue at once) to the instant the simulator received the server's agent dispatch. Each
 * caller hangs up 1 s after the agent answered. One organization, 20 numbers, limits far above the
 * load, so every call is admitted, except every tenth, which dials a number with no line: its setup
 * is the time to the room's deletion, when the caller hears 486. For the first rate it prints the
 * history timelines of the median admitted and busy calls ({@link CallTimeline}); for every rate the
 * CPU of each process and the real server's requests per call ({@link TemporalCounters}).
 *
 * <p>Arguments: {@code --server-jar PATH} (required), {@code --rates 10,50,200}, {@code --seconds
 * 10,6,3} (how long each rate is offered), {@code --slots N} (GPU CPU slots), {@code
 * --warmup-seconds S} (10 calls/s for S seconds first, default 60: with 15-20 s the server's JIT
 * compiler was still a quarter of its CPU in the measured steps), {@code --temporal real,real-stock,test-server} (which Temporal services, in this order; ratios
 * against the first).
 */
public final class SetupBenchMain {
    private static final String API_KEY = "APIbench";
    private static final String API_SECRET = "bench-secret-0123456789abcdef0123456789abcdef";
    private static final Duration HOLD = Duration.ofSeconds(1);
    private static final Duration DRAIN = Duration.ofSeconds(45);

    private SetupBenchMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path jar = Path.of(options.get("server-jar"));
        int[] rates = ints(options.getOrDefault("rates", "10,50,200"));
        int[] seconds = ints(options.getOrDefault("seconds", "10,6,3"));
        int slots = Integer.parseInt(options.getOrDefault("slots", "400"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup-seconds", "60"));
        System.out.printf(
                "Switchboard call setup bench (webhook -> agent dispatch): %s, Java %s, %d CPUs (load average %s)%n",
                Instant.now(),
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                LoadAverage.now());
        List<BenchTemporal.Kind> kinds = java.util.Arrays.stream(
                        options.getOrDefault("temporal", "real,test-server").split(","))
                .map(BenchTemporal.Kind::parse)
                .toList();
        long started = System.nanoTime();
        Map<BenchTemporal.Kind, Map<Integer, Percentiles>> figures = new LinkedHashMap<>();
        for (BenchTemporal.Kind kind : kinds) {
            figures.put(kind, runOn(kind, jar, rates, seconds, slots, warmup));
        }
        if (figures.size() > 1) {
            // Ratios of the same run, each Temporal against the first one named.
            BenchTemporal.Kind first = kinds.get(0);
            for (BenchTemporal.Kind other : kinds.subList(1, kinds.size())) {
                System.out.printf("  side by side, same run (%s / %s):%n", first.label(), other.label());
                for (int rate : rates) {
                    Percentiles a = figures.get(first).get(rate);
                    Percentiles b = figures.get(other).get(rate);
                    System.out.printf(
                            "    %3d calls/s: p50 %.1f / %.1f ms (x%.2f), p99 %.1f / %.1f ms (x%.2f), dispatched %d / %d%n",
                            rate,
                            a.p50(),
                            b.p50(),
                            a.p50() / b.p50(),
                            a.p99(),
                            b.p99(),
                            a.p99() / b.p99(),
                            a.count(),
                            b.count());
                }
            }
        }
        System.out.printf(
                "Total %.0f s; load average now %s%n", (System.nanoTime() - started) / 1e9, LoadAverage.now());
        System.exit(0);
    }

    /** The whole bench on one Temporal: its own server process, database and simulator. */
    private static Map<Integer, Percentiles> runOn(
            BenchTemporal.Kind kind, Path jar, int[] rates, int[] seconds, int slots, int warmup) throws Exception {
        long started = System.nanoTime();
        Map<Integer, Percentiles> figures = new LinkedHashMap<>();
        int port = FreePorts.one();
        Path log = Files.createTempFile("switchboard-setup-bench-server-", ".log");
        try (BenchTemporal temporal = BenchTemporal.start(kind, "1g");
                BenchDatabase database = new BenchDatabase();
                LiveKitSimulator simulator = LiveKitSimulator.start(SimulatorConfig.defaults(API_KEY, API_SECRET)
                        .withWebhookUrl(URI.create("http://127.0.0.1:" + port + "/livekit/webhook"))
                        .withAgentJoinDelay(Duration.ofMillis(100)))) {
            System.out.println("on the " + temporal.describe());
            WorkflowServiceStubs stubs = temporal.connect();
            WorkflowClient client = WorkflowClient.newInstance(stubs);
            Map<String, String> properties =
                    ServerProcess.properties(database, temporal, simulator.url(), API_KEY, API_SECRET);
            // Full JIT, as in production: the soak's C1-only server would measure the compiler.
            List<String> jvm = new ArrayList<>(List.of("-Xmx1g"));
            // e.g. -Dsetup.server.jvm=-XX:StartFlightRecording=filename=/tmp/server.jfr to profile it
            String extra = System.getProperty("setup.server.jvm", "").strip();
            if (!extra.isEmpty()) {
                jvm.addAll(List.of(extra.split("\\s+")));
            }
            ServerProcess server = new ServerProcess(jar, port, properties, log, jvm);
            System.out.println("server log: " + log);
            server.start();
            GpuHostControl gpu = new GpuHostControl(
                    "gpu-0@bench", slots, client, simulator.url().toString(), API_KEY, API_SECRET);
            gpu.start();
            try {
                Seeded seeded = seed(database.owner());
                List<String> phones = seeded.phones();
                System.out.printf(
                        "  server up, 1 GPU worker with %d CPU slots, 1 organization (limit 100000), %d numbers"
                                + " (limit 10000 each) (%.0f s)%n",
                        slots, phones.size(), (System.nanoTime() - started) / 1e9);
                AtomicBoolean hanging = new AtomicBoolean(true);
                Thread hanger = hanger(simulator, hanging);
                URI metrics = URI.create("http://127.0.0.1:" + port + "/actuator/prometheus");
                run(simulator, phones, 10, warmup, "warm-up", 0);
                // What the stack burns with no call at all: pollers, timers, metrics, audits.
                Thread.sleep(3000);
                CpuAccount idleBefore = CpuAccount.now();
                long idleStarted = System.nanoTime();
                Thread.sleep(5000);
                System.out.println("  CPU at rest (5 s, no calls): "
                        + CpuAccount.now().report(idleBefore, (System.nanoTime() - idleStarted) / 1e9));
                int serial = 1000;
                for (int r = 0; r < rates.length; r++) {
                    Map<String, double[]> before = timers(metrics);
                    Map<String, Double> temporalBefore = TemporalCounters.read(temporal);
                    CpuAccount cpuBefore = CpuAccount.now();
                    long runStarted = System.nanoTime();
                    Step step = run(
                            simulator, phones, rates[r], seconds[Math.min(r, seconds.length - 1)], "measured", serial);
                    figures.put(rates[r], step.setup());
                    if (r == 0) {
                        long org = seeded.organizationId();
                        CallTimeline.print(
                                client, org, step.median(), step.medianDispatchedAt(), "median admitted call");
                        CallTimeline.print(
                                client, org, step.medianBusy(), step.medianBusyEndedAt(), "median busy call");
                    }
                    timers(metrics).forEach((what, sumAndCount) -> {
                        double sum = sumAndCount[0] - before.get(what)[0];
                        double count = sumAndCount[1] - before.get(what)[1];
                        System.out.printf(
                                "      server's timer, %s: mean %.1f ms over %.0f%n",
                                what, sum * 1000 / Math.max(1, count), count);
                    });
                    System.out.println(
                            "      CPU: " + CpuAccount.now().report(cpuBefore, (System.nanoTime() - runStarted) / 1e9));
                    TemporalCounters.printPerCall(
                            temporalBefore,
                            TemporalCounters.read(temporal),
                            rates[r] * seconds[Math.min(r, seconds.length - 1)]);
                    serial += 100_000;
                }
                Thread.sleep(3000);
                hanging.set(false);
                hanger.join();
                System.out.printf(
                        "  calls rows: %d, still open: %d%n",
                        database.owner().fetchCount(CALLS),
                        database.owner().fetchCount(CALLS, CALLS.ENDED_AT.isNull()));
            } finally {
                gpu.shutdown();
                server.shutdown();
                stubs.shutdownNow();
            }
        }
        return figures;
    }

    /** The bench's organization and its numbers (the busy number apart). */
    private record Seeded(long organizationId, List<String> phones) {}

    private static Seeded seed(DSLContext db) {
        long organizationId = db.insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.SLUG, "setup-bench")
                .set(ORGANIZATIONS.NAME, "Setup bench")
                .set(
                        ORGANIZATIONS.AGENT_CONFIG,
                        JSONB.valueOf("{\"agentName\":\"receptionist\",\"greeting\":\"Buongiorno\","
                                + "\"language\":\"it-IT\",\"maxCallSeconds\":600}"))
                .set(ORGANIZATIONS.MAX_CONCURRENT_CALLS, 100_000)
                .returningResult(ORGANIZATIONS.ID)
                .fetchSingle()
                .value1();
        List<String> phones = new ArrayList<>();
        for (int n = 0; n < 20; n++) {
            String phone = String.format("+39055%07d", 7_000_000 + n);
            db.insertInto(SIP_NUMBERS)
                    .set(SIP_NUMBERS.PHONE_NUMBER, phone)
                    .set(SIP_NUMBERS.ORGANIZATION_ID, organizationId)
                    .set(SIP_NUMBERS.MAX_CONCURRENT_CALLS, 10_000)
                    .execute();
            phones.add(phone);
        }
        // A number whose limit is zero: every call to it is turned away busy (486) while it rings.
        db.insertInto(SIP_NUMBERS)
                .set(SIP_NUMBERS.PHONE_NUMBER, BUSY_NUMBER)
                .set(SIP_NUMBERS.ORGANIZATION_ID, organizationId)
                .set(SIP_NUMBERS.MAX_CONCURRENT_CALLS, 0)
                .execute();
        return new Seeded(organizationId, phones);
    }

    /** Every {@value #BUSY_EVERY}th call goes to it; its setup is the time to the room's deletion. */
    private static final String BUSY_NUMBER = "+390559999999";

    private static final int BUSY_EVERY = 10;

    /** Sum and count of each timer the run reports, from the server's Prometheus page. */
    private static Map<String, double[]> timers(URI metrics) throws Exception {
        List<PrometheusPage.Sample> samples = PrometheusPage.fetch(metrics);
        Map<String, double[]> timers = new LinkedHashMap<>();
        for (ServerTimer timer : ServerTimer.values()) {
            double[] sumAndCount = new double[2];
            for (PrometheusPage.Sample sample : samples) {
                if (sample.name().equals(timer.metric + "_sum")) {
                    sumAndCount[0] += sample.value();
                } else if (sample.name().equals(timer.metric + "_count")) {
                    sumAndCount[1] += sample.value();
                }
            }
            timers.put(timer.what, sumAndCount);
        }
        return timers;
    }

    /** What the server measures along the path. */
    private enum ServerTimer {
        WEBHOOK("webhook handled in the server (HTTP request)", "switchboard_webhook_seconds"),
        ADMISSION("caller joined -> line held", "switchboard_call_admission_seconds"),
        SETUP("caller joined -> agent answered", "switchboard_call_setup_seconds");

        final String what;
        final String metric;

        ServerTimer(String what, String metric) {
            this.what = what;
            this.metric = metric;
        }
    }

    /** What one step measured, and the calls at its medians (for their timelines). */
    private record Step(
            Percentiles setup,
            SimulatedCall median,
            Instant medianDispatchedAt,
            SimulatedCall medianBusy,
            Instant medianBusyEndedAt) {}

    /** Offers {@code rate} calls/s for {@code seconds}, then waits for their dispatches and prints. */
    private static Step run(
            LiveKitSimulator simulator, List<String> phones, int rate, int seconds, String label, int serial)
            throws InterruptedException {
        int total = rate * seconds;
        List<SimulatedCall> placed = new ArrayList<>();
        List<SimulatedCall> busyPlaced = new ArrayList<>();
        long interval = 1_000_000_000L / rate;
        long t0 = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long wait = t0 + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            boolean busy = i % BUSY_EVERY == BUSY_EVERY - 1;
            SimulatedCall call = simulator.placeCall(
                    busy ? BUSY_NUMBER : phones.get(i % phones.size()), String.format("+39333%07d", serial + i));
            (busy ? busyPlaced : placed).add(call);
        }
        double offeredFor = (System.nanoTime() - t0) / 1e9;
        long deadline = System.nanoTime() + DRAIN.toNanos();
        List<Double> rejected = new ArrayList<>();
        List<Map.Entry<SimulatedCall, Instant>> rejectedCalls = new ArrayList<>();
        for (SimulatedCall call : busyPlaced) {
            SimulatedCall now = simulator.call(call.roomName()).orElseThrow();
            while (now.state() != CallState.REJECTED_486 && System.nanoTime() < deadline) {
                Thread.sleep(20);
                now = simulator.call(call.roomName()).orElseThrow();
            }
            if (now.state() == CallState.REJECTED_486 && now.endedAt() != null) {
                rejected.add(Duration.between(call.placedAt(), now.endedAt()).toNanos() / 1e6);
                rejectedCalls.add(Map.entry(call, now.endedAt()));
            }
        }
        List<Double> setup = new ArrayList<>();
        List<Map.Entry<SimulatedCall, Instant>> dispatchedCalls = new ArrayList<>();
        for (SimulatedCall call : placed) {
            Dispatch dispatch = null;
            while (dispatch == null) {
                List<Dispatch> dispatches = simulator.dispatches(call.roomName());
                if (!dispatches.isEmpty()) {
                    dispatch = dispatches.getFirst();
                } else if (System.nanoTime() > deadline) {
                    break;
                } else {
                    Thread.sleep(20);
                }
            }
            if (dispatch != null) {
                setup.add(
                        Duration.between(call.placedAt(), dispatch.createdAt()).toNanos() / 1e6);
                dispatchedCalls.add(Map.entry(call, dispatch.createdAt()));
            }
        }
        Map.Entry<SimulatedCall, Instant> median = medianOf(dispatchedCalls);
        Map.Entry<SimulatedCall, Instant> medianBusy = medianOf(rejectedCalls);
        Step step = new Step(
                Percentiles.of(setup),
                median == null ? null : median.getKey(),
                median == null ? null : median.getValue(),
                medianBusy == null ? null : medianBusy.getKey(),
                medianBusy == null ? null : medianBusy.getValue());
        if ("warm-up".equals(label)) {
            System.out.printf("  warm-up: %d calls at %d/s, %d dispatched%n", total, rate, setup.size());
            return step;
        }
        System.out.printf(
                "  %3d calls/s for %d s: %d calls placed (%.1f/s achieved), %d of %d dispatched within %d s of the"
                        + " last; load %s%n      setup %s%n      busy (room deleted, the caller hears 486): %d of %d %s%n",
                rate,
                seconds,
                total,
                total / offeredFor,
                setup.size(),
                placed.size(),
                DRAIN.toSeconds(),
                LoadAverage.now(),
                Percentiles.of(setup),
                rejected.size(),
                busyPlaced.size(),
                Percentiles.of(rejected));
        return step;
    }

    /** The call whose time from placing to the given instant is the median; null for none. */
    private static Map.Entry<SimulatedCall, Instant> medianOf(List<Map.Entry<SimulatedCall, Instant>> calls) {
        if (calls.isEmpty()) {
            return null;
        }
        List<Map.Entry<SimulatedCall, Instant>> sorted = new ArrayList<>(calls);
        sorted.sort(
                java.util.Comparator.comparing(e -> Duration.between(e.getKey().placedAt(), e.getValue())));
        return sorted.get(sorted.size() / 2);
    }

    /**
     * Hangs up every answered call {@link #HOLD} after its answer. One thread scanning the simulator's
     * calls every 50 ms, not a poller per call: thousands of pollers would contend for the
     * simulator's lock and slow the very path being measured.
     */
    private static Thread hanger(LiveKitSimulator simulator, AtomicBoolean running) {
        return Thread.ofPlatform().daemon().name("bench-hanger").start(() -> {
            Set<String> hungUp = new HashSet<>();
            while (running.get()) {
                Instant now = Instant.now();
                for (SimulatedCall call : simulator.calls()) {
                    if (call.state() == CallState.ACTIVE
                            && call.answeredAt() != null
                            && !call.answeredAt().plus(HOLD).isAfter(now)
                            && hungUp.add(call.roomName())) {
                        simulator.hangup(call.roomName());
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private static int[] ints(String list) {
        return java.util.Arrays.stream(list.split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
    }
}
