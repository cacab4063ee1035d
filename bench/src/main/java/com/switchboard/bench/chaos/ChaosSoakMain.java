package com.switchboard.bench.chaos;

import com.switchboard.bench.BenchDatabase;
import com.switchboard.bench.BenchTemporal;
import com.switchboard.bench.LoadAverage;
import com.switchboard.livekit.simulator.LiveKitSimulator;
import com.switchboard.livekit.simulator.SimulatorConfig;
import com.switchboard.livekit.simulator.WebhookFaults;
import com.switchboard.temporal.dev.FreePorts;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The chaos soak harness: the real Temporal server (the CLI's dev server on a SQLite file) and two
 * server replicas (the boot jar, each with its webhook endpoint and control-plane worker) in
 * processes of their own behind a webhook balancer, an embedded PostgreSQL, GPU workers and the
 * LiveKit simulator (faults on) in this JVM. One replica is killed and started again mid-run (the
 * balancer sends its webhooks to the other meanwhile), and so is the Temporal server (SIGKILL,
 * restarted on its database); webhooks refused meanwhile are retried by the simulator as LiveKit
 * retries them. Exits 1 when an invariant broke.
 *
 * <p>Arguments: {@code --server-jar PATH} (required), {@code --calls N}, {@code --rate R} (calls/s),
 * {@code --servers N} (replicas, default 2), {@code --gpu-workers N} (default 2), {@code --gpu-restarts N}, {@code --server-restarts N}, {@code
 * --temporal-restarts N}, {@code --temporal real|test-server} (real), {@code
 * --media-timeout-seconds S}, {@code --loss R}, {@code --duplicate R}, {@code --reorder R}, {@code
 * --seed N}.
 */
public final class ChaosSoakMain {
    private static final String API_KEY = "APIsoak";
    private static final String API_SECRET = "soak-secret-0123456789abcdef0123456789abcdef";

    private ChaosSoakMain() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Path jar = Path.of(required(options, "server-jar"));
        SoakPlan plan = SoakPlan.longRun()
                .withCalls(
                        Integer.parseInt(options.getOrDefault("calls", "3000")),
                        Double.parseDouble(options.getOrDefault("rate", "8")))
                .withRestarts(
                        Integer.parseInt(options.getOrDefault("gpu-restarts", "3")),
                        Integer.parseInt(options.getOrDefault("server-restarts", "2")))
                .withTemporalRestarts(Integer.parseInt(options.getOrDefault("temporal-restarts", "1")))
                .withSeed(Long.parseLong(options.getOrDefault("seed", "2026")));
        BenchTemporal.Kind kind = BenchTemporal.Kind.parse(options.getOrDefault("temporal", "real"));
        int gpuWorkers = Integer.parseInt(options.getOrDefault("gpu-workers", "2"));
        int servers = Integer.parseInt(options.getOrDefault("servers", "2"));
        if (servers < 1 || gpuWorkers < 1) {
            throw new IllegalArgumentException("--servers and --gpu-workers must be at least 1");
        }
        Duration mediaTimeout = Duration.ofSeconds(Long.parseLong(options.getOrDefault("media-timeout-seconds", "3")));
        WebhookFaults faults = WebhookFaults.none()
                .withLossRate(Double.parseDouble(options.getOrDefault("loss", "0.02")))
                .withDuplicateRate(Double.parseDouble(options.getOrDefault("duplicate", "0.1")))
                .withReorderRate(Double.parseDouble(options.getOrDefault("reorder", "0.2")))
                // 1+2+4+8 s of retries: a webhook outlives a server restart, as LiveKit's would.
                .withRetryBackoff(Duration.ofSeconds(1));

        System.out.printf(
                "Switchboard chaos soak: %s, Java %s, %d CPUs (load average %s), server jar %s%n",
                Instant.now(),
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                LoadAverage.now(),
                jar);
        int balancerPort = FreePorts.one();
        ChaosSoak.Result result;
        try (BenchTemporal temporal = BenchTemporal.start(kind, "1g");
                BenchDatabase database = new BenchDatabase();
                LiveKitSimulator simulator = LiveKitSimulator.start(SimulatorConfig.defaults(API_KEY, API_SECRET)
                        .withWebhookUrl(URI.create("http://127.0.0.1:" + balancerPort + "/livekit/webhook"))
                        .withAgentJoinDelay(Duration.ofMillis(150))
                        .withMediaTimeout(mediaTimeout)
                        .withSeed(plan.seed())
                        .withWebhookFaults(faults))) {
            System.out.println("Temporal: " + temporal.describe());
            WorkflowServiceStubs stubs = temporal.connect();
            WorkflowClient client = WorkflowClient.newInstance(stubs);
            Map<String, String> properties =
                    ServerProcess.properties(database, temporal, simulator.url(), API_KEY, API_SECRET);
            properties.put("switchboard.call.agent-attempts", "2");
            List<ServerProcess> replicas = new ArrayList<>();
            for (int r = 0; r < servers; r++) {
                Path log = Files.createTempFile("switchboard-soak-server-" + r + "-", ".log");
                ServerProcess replica = new ServerProcess(jar, FreePorts.one(), properties, log);
                System.out.println("server replica " + r + " on port " + replica.port() + ", log: " + log);
                replica.start();
                replicas.add(replica);
            }
            WebhookBalancer balancer = WebhookBalancer.start(
                    balancerPort,
                    replicas.stream()
                            .map(r -> URI.create("http://127.0.0.1:" + r.port() + "/"))
                            .toList());
            // The soak restarts one replica; the others keep serving behind the balancer.
            ServerProcess server = replicas.getFirst();
            List<GpuHostControl> gpus = new ArrayList<>();
            for (int g = 0; g < gpuWorkers; g++) {
                GpuHostControl gpu = new GpuHostControl(
                        "gpu-" + g + "@soak", 4, client, simulator.url().toString(), API_KEY, API_SECRET);
                gpu.start();
                gpus.add(gpu);
            }
            try {
                result = ChaosSoak.run(
                        plan,
                        new SoakServices(
                                server,
                                List.copyOf(gpus),
                                temporal instanceof Restartable restartable
                                        ? Optional.of(restartable)
                                        : Optional.empty(),
                                simulator,
                                database.owner(),
                                client),
                        System.out);
            } finally {
                gpus.forEach(GpuHostControl::shutdown);
                replicas.forEach(ServerProcess::shutdown);
                System.out.printf("webhook balancer: %d posts failed over to another replica%n", balancer.failovers());
                balancer.close();
                stubs.shutdownNow();
            }
        }
        System.out.printf("load average now %s%n", LoadAverage.now());
        boolean passed = result.passedWithinFaultTolerance(plan.calls());
        System.out.printf(
                "harness verdict: %s (%d violations, of which %d calls classified otherwise under faults;"
                        + " invariants strict, at most 1 %% misclassified)%n",
                passed ? "PASSED" : "FAILED",
                result.violations().size(),
                result.misclassified().size());
        System.exit(passed ? 0 : 1);
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }
}
