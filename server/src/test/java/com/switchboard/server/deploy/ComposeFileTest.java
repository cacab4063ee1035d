package com.switchboard.server.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.switchboard.server.testing.RequiredTool;
import com.switchboard.temporal.dev.SwitchboardTemporalSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The production stack's files: docker-compose.yml validates with the committed env example (as
 * Debian's docker-compose reads it, without an engine), and the LiveKit configs beside it agree
 * with it. CI installs docker-compose (.ci/run); without it this test fails under CI=true and is
 * skipped elsewhere ({@link RequiredTool}).
 */
class ComposeFileTest {
    private static final Path ROOT = repositoryRoot();
    private static final Path ENV_EXAMPLE = ROOT.resolve(".env.example");

    @Test
    void theComposeFileValidatesWithTheEnvExample() {
        Result result = compose("config", "-q");

        assertThat(result.exitCode())
                .as("docker-compose config -q said:%n%s", result.output())
                .isZero();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theComposeStacksTemporalRunsWithSwitchboardsServerSettings() throws IOException {
        Map<String, Object> dynamicConfig =
                new Yaml().load(Files.readString(ROOT.resolve("deploy/temporal/dynamicconfig/switchboard.yaml")));

        SwitchboardTemporalSettings.dynamicConfig().forEach((key, json) -> {
            List<Map<String, Object>> entries = (List<Map<String, Object>>) dynamicConfig.get(key);
            assertThat(entries)
                    .as("%s in deploy/temporal/dynamicconfig/switchboard.yaml", key)
                    .isNotNull()
                    .isNotEmpty();
            assertThat(String.valueOf(entries.get(0).get("value")))
                    .as("%s, as SwitchboardTemporalSettings sets it for the embedded default and the tests", key)
                    .isEqualTo(json);
        });
    }

    @Test
    void theComposeFileRunsEveryServiceOfTheStack() {
        Map<String, Object> config = new Yaml().load(compose("config").requireSuccess());

        assertThat(map(config, "services"))
                .containsOnlyKeys(
                        "postgres",
                        "temporal-schema",
                        "temporal",
                        "temporal-namespace",
                        "temporal-ui",
                        "redis",
                        "livekit",
                        "livekit-sip",
                        "server",
                        "gpu-worker");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theGpuWorkerReservesAnNvidiaGpu() {
        Map<String, Object> config = new Yaml().load(compose("config").requireSuccess());
        Map<String, Object> gpuWorker = map(map(config, "services"), "gpu-worker");

        List<?> devices = (List<?>)
                map(map(map(gpuWorker, "deploy"), "resources"), "reservations").get("devices");
        assertThat(devices).singleElement().satisfies(device -> {
            assertThat(((Map<?, ?>) device).get("driver")).isEqualTo("nvidia");
            assertThat((List<Object>) ((Map<?, ?>) device).get("capabilities")).contains("gpu");
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void liveKitSignsWebhooksWithTheKeyTheServerKnows() throws IOException {
        Map<String, Object> livekit = yaml(ROOT.resolve("deploy/livekit/livekit.yaml"));

        assertThat(map(livekit, "webhook").get("api_key"))
                .isEqualTo(envExample().getProperty("LIVEKIT_API_KEY"));
        assertThat((List<Object>) map(livekit, "webhook").get("urls"))
                .containsExactly(envExample().getProperty("SWITCHBOARD_WEBHOOK_URL"));
    }

    @Test
    void liveKitSipListensWhereThePbxAndTheProvisioningExpect() throws IOException {
        Map<String, Object> sip = yaml(ROOT.resolve("deploy/livekit/sip.yaml"));
        Map<String, Object> config = new Yaml().load(compose("config").requireSuccess());
        Map<String, Object> server = map(map(config, "services"), "server");

        assertThat(sip.get("sip_port")).isEqualTo(15060);
        assertThat(sip.get("rtp_port")).isEqualTo("10000-12000");
        assertThat(map(server, "environment"))
                .containsEntry("SWITCHBOARD_PROVISIONING_SIP_PORT", "15060")
                .containsEntry("SWITCHBOARD_PROVISIONING_RTP_PORTS", "10000-12000");
    }

    // ------------------------------------------------------------------ helpers

    private record Result(int exitCode, String output) {
        String requireSuccess() {
            assertThat(exitCode).as("docker-compose said:%n%s", output).isZero();
            return output;
        }
    }

    /** Runs docker-compose (or Docker's compose plugin) on the repository's compose file. */
    private static Result compose(String... args) {
        List<String> command = new ArrayList<>(composeCommand());
        command.addAll(List.of("--env-file", ENV_EXAMPLE.toString(), "-f", "docker-compose.yml"));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command)
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getOutputStream().close();
            String output;
            try (InputStream in = process.getInputStream()) {
                output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("%s did not finish within a minute", command);
            }
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> composeCommand() {
        if (runs("docker-compose", "version")) {
            return List.of("docker-compose");
        }
        if (runs("docker", "compose", "version")) {
            return List.of("docker", "compose");
        }
        RequiredTool.missing(
                "docker-compose (needed to validate docker-compose.yml)", RequiredTool.apt("docker-compose"));
        throw new IllegalStateException("unreachable: RequiredTool.missing fails or skips");
    }

    private static boolean runs(String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static Properties envExample() throws IOException {
        Properties env = new Properties();
        try (var reader = Files.newBufferedReader(ENV_EXAMPLE)) {
            env.load(reader);
        }
        return env;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        try (var reader = Files.newBufferedReader(file)) {
            return new Yaml().load(reader);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }

    /** Surefire runs in the module folder; the compose file is one up. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docker-compose.yml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "docker-compose.yml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
