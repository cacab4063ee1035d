package com.switchboard.temporal.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporalDevServerTest {
    @TempDir
    Path dir;

    @Test
    void theBootstrappedCliIsThePinnedVersion() {
        assertThat(TemporalCli.locate().version()).isEqualTo(TemporalCli.PINNED_VERSION);
    }

    @Test
    void aWorkflowStartedBeforeAKillIsStillThereAfterTheRestartFromItsDatabase() {
        TemporalDevServer.Settings settings = TemporalDevServer.Settings.loopback(
                        FreePorts.one(), dir.resolve("temporal.log"))
                .withDatabase(dir.resolve("temporal.db"))
                .withSearchAttributes(Map.of("OrganizationId", "Keyword"));
        try (TemporalDevServer server = TemporalDevServer.start(TemporalCli.locate(), settings)) {
            String id = "persisted-" + UUID.randomUUID();
            withStubs(
                    server,
                    stubs -> stubs.blockingStub()
                            .startWorkflowExecution(StartWorkflowExecutionRequest.newBuilder()
                                    .setNamespace("default")
                                    .setWorkflowId(id)
                                    .setWorkflowType(WorkflowType.newBuilder().setName("Nothing"))
                                    .setTaskQueue(TaskQueue.newBuilder().setName("nobody-polls"))
                                    .setRequestId(UUID.randomUUID().toString())
                                    .build()));

            server.kill();
            assertThat(server.isRunning()).isFalse();
            server.restart();

            withStubs(
                    server,
                    stubs -> assertThat(stubs.blockingStub()
                                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                                            .setNamespace("default")
                                            .setExecution(WorkflowExecution.newBuilder()
                                                    .setWorkflowId(id))
                                            .build())
                                    .getWorkflowExecutionInfo()
                                    .getType()
                                    .getName())
                            .isEqualTo("Nothing"));
        }
    }

    @Test
    void aSecondServerOnTheSamePortFailsWithTheReasonInsteadOfHanging() {
        TemporalDevServer first = SharedTemporal.server();
        TemporalDevServer.Settings same =
                TemporalDevServer.Settings.loopback(first.settings().port(), dir.resolve("second.log"));
        assertThatThrownBy(() ->
                        TemporalDevServer.start(TemporalCli.locate(), same).close())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("port is in use");
    }

    @Test
    void theServerStopsWhenTheJvmThatStartedItIsKilled() throws Exception {
        Path portFile = dir.resolve("port");
        Process jvm = new ProcessBuilder(List.of(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-D" + TemporalCli.PROPERTY + "=" + TemporalCli.locate().binary(),
                        OrphanCheck.class.getName(),
                        portFile.toString(),
                        dir.resolve("orphan.log").toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("jvm.out").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(portFile) && System.nanoTime() < deadline && jvm.isAlive()) {
            Thread.sleep(50);
        }
        assertThat(portFile).as(output(dir.resolve("jvm.out"))).exists();
        List<ProcessHandle> servers = jvm.descendants()
                .filter(p -> p.info().command().orElse("").endsWith("temporal"))
                .toList();
        assertThat(servers).hasSize(1);

        jvm.destroyForcibly();
        jvm.waitFor(10, TimeUnit.SECONDS);

        ProcessHandle orphan = servers.get(0);
        orphan.onExit().get(15, TimeUnit.SECONDS);
        assertThat(orphan.isAlive()).isFalse();
    }

    private static String output(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static void withStubs(TemporalDevServer server, java.util.function.Consumer<WorkflowServiceStubs> use) {
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(server.target())
                .setRpcTimeout(Duration.ofSeconds(10))
                .build());
        try {
            use.accept(stubs);
        } finally {
            stubs.shutdownNow();
        }
    }
}
