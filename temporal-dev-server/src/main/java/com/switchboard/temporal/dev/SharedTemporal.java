package com.switchboard.temporal.dev;

import com.google.protobuf.util.Durations;
import io.temporal.api.workflowservice.v1.RegisterNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Path;
import java.util.UUID;

/**
 * One real Temporal dev server per JVM for the tests of that JVM (a Surefire fork, a benchmark),
 * started on first use on a free loopback port, in memory, with Switchboard's server settings
 * ({@link SwitchboardTemporalSettings}), and stopped when the JVM exits. Each
 * test that needs a service of its own takes a fresh namespace: namespaces isolate workflow ids,
 * task queues and search attributes as a new test service did.
 */
public final class SharedTemporal {
    private static TemporalDevServer server;

    private SharedTemporal() {}

    /** The JVM's server, started if need be. */
    public static synchronized TemporalDevServer server() {
        if (server == null) {
            int port = FreePorts.one();
            Path log = Path.of(
                    "target", "temporal-dev-server-" + ProcessHandle.current().pid() + ".log");
            server = TemporalDevServer.start(
                    TemporalCli.locate(),
                    SwitchboardTemporalSettings.applyTo(TemporalDevServer.Settings.loopback(port, log)));
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "temporal-dev-server-stop"));
        }
        return server;
    }

    /** {@code host:port} of the JVM's server. */
    public static String target() {
        return server().target();
    }

    /** Registers a namespace of its own for one test (or test class) on the JVM's server; returns its name. */
    public static String newNamespace(String prefix) {
        return newNamespace(prefix, target());
    }

    /** Registers a namespace of its own on the server at {@code target}; returns its name. */
    public static String newNamespace(String prefix, String target) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        RegisterNamespaceRequest request = RegisterNamespaceRequest.newBuilder()
                .setNamespace(name)
                .setWorkflowExecutionRetentionPeriod(Durations.fromDays(1))
                .build();
        // Once per test harness or Spring context: a connection of its own is cheap enough.
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
        try {
            stubs.blockingStub().registerNamespace(request);
        } finally {
            stubs.shutdownNow();
        }
        return name;
    }
}
