package com.switchboard.telephony;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.switchboard.activities.livekit.LiveKitCalls;
import com.switchboard.activities.livekit.LiveKitClients;
import com.switchboard.activities.livekit.LiveKitSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import livekit.LivekitModels.Room;

/**
 * The real call path on loopback, each part a process of its own: Redis, LiveKit server, LiveKit
 * SIP, a Temporal dev server, the server's boot jar against an embedded PostgreSQL, a GPU worker
 * and the reference agent. sipp (the PBX) is started per scenario.
 */
final class TelephonyStack implements AutoCloseable {
    static final String AGENT_NAME = "reference-agent";
    static final String PBX_NAME = "yeastar";
    /** The production webhook key (deploy/livekit/livekit.yaml); the secret only lives here. */
    final String apiKey = LiveKitConfigs.webhookApiKey();

    final String apiSecret = "telephony-tests-secret-0123456789abcdef";
    final Path work;
    final Placement placement;
    final int serverPort = Ports.free();
    final int liveKitPort = Ports.free();
    final int sipPort;
    final int rtpFirst = Ports.freeUdpRange(200);
    final int rtpLast = rtpFirst + 199;
    final int temporalPort = Ports.free();

    private final int redisPort = Ports.free();
    private final List<ChildProcess> started = new ArrayList<>();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    TestDatabase database;
    LiveKitClients liveKit;
    Sipp sipp;
    private String operatorToken;
    private ChildProcess gpuWorker;

    private NamespaceBridge bridge;
    private Path bridgeSockets;

    /**
     * Where the stack runs. {@link #LOOPBACK}: on this machine's loopback. Otherwise every process of
     * it runs inside the network namespace {@code namespace} (a test host's, its {@code lo} up) with
     * LiveKit SIP on port 15060 of {@code sipAddress}, the host's LAN address; this JVM (the
     * database, the API and LiveKit clients) reaches it through a {@link NamespaceBridge}.
     */
    record Placement(String namespace, String sipAddress) {
        static final Placement LOOPBACK = new Placement(null, "127.0.0.1");

        boolean inNamespace() {
            return namespace != null;
        }
    }

    private TelephonyStack(Path work, Placement placement) {
        this.work = work;
        this.placement = placement;
        this.sipPort = placement.inNamespace() ? 15060 : Ports.free();
    }

    /** Starts everything on loopback; {@code seed} fills the database before the server starts. */
    static TelephonyStack start(Consumer<TestDatabase> seed) throws IOException {
        return start(seed, Placement.LOOPBACK);
    }

    /** Starts everything where {@code placement} says; {@code seed} fills the database before the server starts. */
    static TelephonyStack start(Consumer<TestDatabase> seed, Placement placement) throws IOException {
        Tools.requireAll();
        Path base = Path.of(System.getProperty("switchboard.telephony.work", "target/telephony"));
        Path work = base.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")))
                .toAbsolutePath();
        Files.createDirectories(work);
        TelephonyStack stack = new TelephonyStack(work, placement);
        try {
            stack.startAll(seed);
            return stack;
        } catch (RuntimeException | IOException | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(Consumer<TestDatabase> seed) throws IOException {
        long t0 = System.nanoTime();
        database = new TestDatabase();
        seed.accept(database);
        operatorToken = database.operatorToken();
        if (placement.inNamespace()) {
            startBridge();
        }
        startTemporal();
        startRedis();
        startLiveKit();
        startLiveKitSip();
        liveKit = LiveKitClients.create(LiveKitSettings.of("http://127.0.0.1:" + liveKitPort, apiKey, apiSecret));
        startServer();
        startGpuWorker();
        startAgent();
        sipp = new Sipp(Path.of("src/test/resources/sipp").toAbsolutePath(), work, sipPort);
        if (placement.inNamespace()) {
            sipp = sipp.toAddress(placement.sipAddress());
        }
        System.out.printf("telephony stack up in %.1f s (logs in %s)%n", (System.nanoTime() - t0) / 1e9, work);
    }

    /**
     * The namespace's loopback reaches this JVM's database; this JVM's loopback reaches the
     * namespace's server, LiveKit and Temporal, each on the same port number on both sides.
     */
    private void startBridge() throws IOException {
        String url = database.jdbcUrl();
        int postgresPort = Integer.parseInt(url.substring(url.indexOf("127.0.0.1:") + 10, url.indexOf('/', 20)));
        // Unix socket paths are short (108 bytes): not under the work folder.
        bridgeSockets = Files.createTempDirectory("sb-bridge-");
        bridge = new NamespaceBridge();
        String postgres = bridgeSockets.resolve("postgres").toString();
        bridge.forward("unix:" + postgres, "tcp:" + postgresPort);
        List<String> command = new ArrayList<>(javaCommand("-Xmx64m"));
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add(NamespaceBridge.class.getName());
        command.add("tcp:" + postgresPort + ">unix:" + postgres);
        for (int port : List.of(serverPort, liveKitPort, temporalPort)) {
            String socket = bridgeSockets.resolve(String.valueOf(port)).toString();
            command.add("unix:" + socket + ">tcp:" + port);
        }
        ChildProcess inside = child("bridge", command, Map.of());
        inside.awaitReady(() -> inside.logContains("bridged"), Duration.ofSeconds(30));
        for (int port : List.of(serverPort, liveKitPort, temporalPort)) {
            bridge.forward("tcp:" + port, "unix:" + bridgeSockets.resolve(String.valueOf(port)));
        }
    }

    private void startTemporal() {
        List<String> command = List.of(
                Tools.bin("temporal").toString(),
                "server",
                "start-dev",
                "--ip",
                "127.0.0.1",
                "--port",
                String.valueOf(temporalPort),
                "--ui-port",
                String.valueOf(Ports.free()),
                "--http-port",
                String.valueOf(Ports.free()),
                "--metrics-port",
                String.valueOf(Ports.free()),
                "--headless",
                "--log-level",
                "warn");
        ChildProcess temporal = child("temporal", command, Map.of());
        temporal.awaitReady(this::temporalAnswers, Duration.ofSeconds(60));
    }

    private boolean temporalAnswers() {
        try {
            Process describe = new ProcessBuilder(
                            Tools.bin("temporal").toString(),
                            "operator",
                            "namespace",
                            "describe",
                            "--namespace",
                            "default",
                            "--address",
                            "127.0.0.1:" + temporalPort)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return describe.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void startRedis() {
        ChildProcess redis = child(
                "redis",
                List.of(
                        Tools.bin("redis-server").toString(),
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(redisPort),
                        "--save",
                        "",
                        "--appendonly",
                        "no"),
                Map.of());
        redis.awaitReady(() -> redis.logContains("Ready to accept connections"), Duration.ofSeconds(20));
    }

    private void startLiveKit() {
        int rtcFirst = Ports.freeUdpRange(100);
        Path config = LiveKitConfigs.write(
                LiveKitConfigs.server(
                        liveKitPort, rtcFirst, rtcFirst + 99, Ports.free(), Ports.free(), redisPort, serverPort),
                work.resolve("livekit.yaml"));
        ChildProcess server = child(
                "livekit-server",
                List.of(Tools.bin("livekit-server").toString(), "--config", config.toString()),
                Map.of("LIVEKIT_KEYS", apiKey + ": " + apiSecret));
        server.awaitReady(() -> httpOk("http://127.0.0.1:" + liveKitPort + "/"), Duration.ofSeconds(30));
    }

    private void startLiveKitSip() {
        Path config = LiveKitConfigs.write(
                LiveKitConfigs.sip(sipPort, rtpFirst, rtpLast, redisPort, placement.sipAddress()),
                work.resolve("sip.yaml"));
        ChildProcess sip = child(
                "livekit-sip",
                List.of(Tools.bin("livekit-sip").toString(), "--config", config.toString()),
                Map.of(
                        "LIVEKIT_API_KEY", apiKey,
                        "LIVEKIT_API_SECRET", apiSecret,
                        "LIVEKIT_WS_URL", "ws://127.0.0.1:" + liveKitPort));
        // At the production log level (info) the last line of its start is the TCP listener's.
        sip.awaitReady(() -> sip.logContains("\"proto\": \"tcp\""), Duration.ofSeconds(30));
    }

    private void startServer() {
        Map<String, String> properties = new LinkedHashMap<>(liveKitProperties());
        properties.put("server.port", String.valueOf(serverPort));
        properties.put("server.address", "127.0.0.1");
        properties.put("switchboard.db.url", database.jdbcUrl());
        properties.put("switchboard.db.owner-user", "postgres");
        properties.put("switchboard.db.owner-password", "postgres");
        properties.put("switchboard.db.app-user", TestDatabase.APP_USER);
        properties.put("switchboard.db.app-password", TestDatabase.APP_PASSWORD);
        properties.put("spring.temporal.connection.target", "127.0.0.1:" + temporalPort);
        List<String> command = new ArrayList<>(javaCommand("-Xmx512m"));
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(Tools.SERVER_JAR.toString());
        ChildProcess server = child("server", command, Map.of());
        server.awaitReady(this::serverAnswers, Duration.ofSeconds(180));
    }

    /** Ready when the webhook endpoint answers (an unsigned request: 401). */
    private boolean serverAnswers() {
        try {
            int status = http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + "/livekit/webhook"))
                                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
            return status < 500;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void startGpuWorker() {
        List<String> command = new ArrayList<>(javaCommand("-Xmx384m"));
        command.add("-Dai.djl.offline=true");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        command.add("com.switchboard.gpu.GpuWorkerMain");
        String djlCache =
                System.getProperty("DJL_CACHE_DIR", work.resolve("djl-cache").toString());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TEMPORAL_ADDRESS", "127.0.0.1:" + temporalPort);
        env.put("TEMPORAL_NAMESPACE", "default");
        env.put("LIVEKIT_URL", "http://127.0.0.1:" + liveKitPort);
        env.put("LIVEKIT_API_KEY", apiKey);
        env.put("LIVEKIT_API_SECRET", apiSecret);
        env.put("GPU_WORKER_NAME", "gpu-telephony");
        env.put("GPU_FORCE_CPU", "true");
        env.put("GPU_CPU_SLOTS", "12");
        env.put("GPU_STATUS_PORT", "-1");
        env.put("GPU_DRAIN_SECONDS", "0");
        env.put("DJL_OFFLINE", "true");
        env.put("PYTORCH_FLAVOR", "cpu");
        env.put("DJL_CACHE_DIR", djlCache);
        env.put("ENGINE_CACHE_DIR", djlCache);
        gpuWorker = child("gpu-worker", command, env);
        ChildProcess worker = gpuWorker;
        worker.awaitReady(() -> worker.logContains(" polls agent-sessions"), Duration.ofSeconds(120));
    }

    ChildProcess gpuWorker() {
        return gpuWorker;
    }

    private void startAgent() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("LIVEKIT_URL", "ws://127.0.0.1:" + liveKitPort);
        env.put("LIVEKIT_API_KEY", apiKey);
        env.put("LIVEKIT_API_SECRET", apiSecret);
        env.put("SWITCHBOARD_AGENT_NAME", AGENT_NAME);
        // A 2-core box running all of this is always "busy": count jobs, never refuse for CPU.
        env.put("SWITCHBOARD_AGENT_LOAD_THRESHOLD", "inf");
        env.put("SWITCHBOARD_AGENT_MAX_JOBS", "20");
        env.put("PYTHONUNBUFFERED", "1");
        ChildProcess agent = child(
                "agent",
                List.of(
                        Tools.AGENT_PYTHON.toString(),
                        "-m",
                        "livekit.agents",
                        "start",
                        Tools.AGENT.toString(),
                        "--log-level",
                        "INFO"),
                env);
        agent.awaitReady(() -> agent.logContains("registered worker"), Duration.ofSeconds(60));
    }

    /** {@code server.jar livekit provision} for the PBX at 127.0.0.1; its output and exit status. */
    record Provisioning(int exitStatus, String output) {}

    Provisioning provision() {
        return provision("127.0.0.1");
    }

    /** {@code server.jar livekit provision} for the PBX at {@code pbxAddresses}; its output and exit status. */
    Provisioning provision(String pbxAddresses) {
        List<String> command = new ArrayList<>(javaCommand("-Xmx256m"));
        command.add("-jar");
        command.add(Tools.SERVER_JAR.toString());
        command.add("livekit");
        command.add("provision");
        liveKitProperties().forEach((k, v) -> command.add("--" + k + "=" + v));
        command.add("--switchboard.provisioning.pbx-name=" + PBX_NAME);
        command.add("--switchboard.provisioning.pbx-addresses=" + pbxAddresses);
        command.add("--switchboard.provisioning.sip-port=" + sipPort);
        command.add("--switchboard.provisioning.rtp-ports=" + rtpFirst + "-" + rtpLast);
        command.add("--switchboard.provisioning.webhook-url=http://127.0.0.1:" + serverPort + "/livekit/webhook");
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("livekit provision did not finish:\n" + output);
            }
            Files.writeString(
                    work.resolve("provision.log"),
                    output,
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            return new Provisioning(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code temporal workflow describe} of one workflow, as JSON text (payloads shown as JSON). */
    String describeWorkflow(String workflowId) {
        try {
            Process describe = new ProcessBuilder(
                            Tools.bin("temporal").toString(),
                            "workflow",
                            "describe",
                            "--workflow-id",
                            workflowId,
                            "--address",
                            "127.0.0.1:" + temporalPort,
                            "--output",
                            "json")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(describe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!describe.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                describe.destroyForcibly();
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** GET of the server's API as the operator. */
    JsonNode api(String path) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + serverPort + path))
                            .header("Authorization", "Bearer " + operatorToken)
                            .timeout(Duration.ofSeconds(10))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new AssertionError("GET " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Map<String, String> liveKitProperties() {
        return Map.of(
                "switchboard.livekit.url", "http://127.0.0.1:" + liveKitPort,
                "switchboard.livekit.api-key", apiKey,
                "switchboard.livekit.api-secret", apiSecret);
    }

    private static List<String> javaCommand(String heap) {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap,
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xshare:auto");
    }

    private ChildProcess child(String name, List<String> command, Map<String, String> env) {
        List<String> placed = new ArrayList<>();
        if (placement.inNamespace()) {
            placed.addAll(List.of("ip", "netns", "exec", placement.namespace()));
        }
        placed.addAll(command);
        ChildProcess child = ChildProcess.start(name, placed, env, work.resolve(name + ".log"));
        started.add(child);
        return child;
    }

    private boolean httpOk(String url) {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create(url))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** LiveKit's rooms now. */
    List<Room> rooms() {
        return LiveKitCalls.execute(liveKit.rooms().listRooms(null), "list rooms");
    }

    /**
     * Whether a room for {@code caller} or any live call appeared at some point while {@code run}
     * lasted (polled every 200 ms, 20 s at most): what a call LiveKit SIP should never have let in
     * would leave behind.
     */
    boolean roomOrLineSeenWhile(Sipp.Run run, String caller) {
        boolean seen = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (run.running() && System.nanoTime() < deadline) {
            seen |= rooms().stream().anyMatch(r -> r.getName().contains(caller));
            seen |= database.activeCalls() > 0;
            ChildProcess.sleep(200);
        }
        return seen;
    }

    @Override
    public void close() throws IOException {
        List<ChildProcess> all = new ArrayList<>(started);
        java.util.Collections.reverse(all);
        for (ChildProcess child : all) {
            if (child.alive()) {
                child.stop(Duration.ofSeconds(5));
            }
        }
        if (liveKit != null) {
            liveKit.close();
        }
        http.close();
        if (bridge != null) {
            bridge.close();
        }
        if (bridgeSockets != null) {
            try (var files = Files.list(bridgeSockets)) {
                for (Path file : files.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(bridgeSockets);
        }
        if (database != null) {
            database.close();
        }
    }
}
