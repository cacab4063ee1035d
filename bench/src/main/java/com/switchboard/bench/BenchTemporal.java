package com.switchboard.bench;

import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Locale;
import picocli.CommandLine;

/**
 * The Temporal service a benchmark or soak runs on, in a process of its own so that its CPU and
 * garbage are not the benchmark's: the real server (the Temporal CLI's dev server) or, to compare,
 * the Java test server.
 */
public interface BenchTemporal extends AutoCloseable {
    /** Reads {@code --temporal} values as {@link Kind#parse} does. */
    static final class KindConverter implements CommandLine.ITypeConverter<Kind> {
        @Override
        public Kind convert(String value) {
            return Kind.parse(value);
        }
    }

    /**
     * Which Temporal a run uses: {@code --temporal real|real-stock|test-server}. {@code real} runs
     * the dev server with Switchboard's server settings (as the embedded default and the compose
     * stack do), {@code real-stock} with the server's own defaults, to show what the settings buy.
     */
    enum Kind {
        REAL,
        REAL_STOCK,
        TEST_SERVER;

        public static Kind parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "real", "dev-server" -> REAL;
                case "real-stock", "stock" -> REAL_STOCK;
                case "test-server", "test" -> TEST_SERVER;
                default ->
                    throw new IllegalArgumentException(
                            "--temporal must be real, real-stock or test-server, was '" + value + "'");
            };
        }

        public String label() {
            return switch (this) {
                case REAL -> "real server";
                case REAL_STOCK -> "real server, stock settings";
                case TEST_SERVER -> "test server";
            };
        }
    }

    /** Starts one of {@code kind}; {@code maxHeap} sizes the test server's JVM (it keeps every history). */
    static BenchTemporal start(Kind kind, String maxHeap) throws Exception {
        return switch (kind) {
            case REAL -> DevServerProcess.launch();
            case REAL_STOCK -> DevServerProcess.launchStock();
            case TEST_SERVER -> TestServerProcess.start(maxHeap);
        };
    }

    Kind kind();

    /** {@code host:port} of its frontend. */
    String target();

    /** What it is, for the report: version and persistence. */
    String describe();

    default WorkflowServiceStubs connect() {
        return WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(target()).build());
    }

    @Override
    void close() throws Exception;
}
