package com.switchboard.bench;

import com.switchboard.temporal.dev.FreePorts;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The Temporal test server (temporal-test-server) as a process of its own, so that its CPU and
 * garbage are not the benchmark's, as with a real Temporal service.
 */
public final class TestServerProcess implements BenchTemporal {
    private final Process process;
    private final int port;

    private TestServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** @param maxHeap the test server's {@code -Xmx}: it keeps every history in memory */
    public static TestServerProcess start(String maxHeap) throws IOException, InterruptedException {
        int port = FreePorts.one();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(
                        java,
                        "-Xmx" + maxHeap,
                        "-cp",
                        System.getProperty("java.class.path"),
                        "io.temporal.testserver.TestServer",
                        Integer.toString(port)))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        TestServerProcess server = new TestServerProcess(process, port);
        server.awaitReady(Duration.ofSeconds(60));
        return server;
    }

    @Override
    public String target() {
        return "127.0.0.1:" + port;
    }

    @Override
    public Kind kind() {
        return Kind.TEST_SERVER;
    }

    @Override
    public String describe() {
        return "Temporal's Java test server (in memory)";
    }

    private void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RuntimeException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("test server exited with " + process.exitValue());
            }
            WorkflowServiceStubs stubs = connect();
            try {
                stubs.blockingStub()
                        .withDeadlineAfter(2, java.util.concurrent.TimeUnit.SECONDS)
                        .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
                return;
            } catch (RuntimeException e) {
                last = e;
                Thread.sleep(200);
            } finally {
                stubs.shutdownNow();
            }
        }
        throw new IllegalStateException("test server not ready on " + target(), last);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
