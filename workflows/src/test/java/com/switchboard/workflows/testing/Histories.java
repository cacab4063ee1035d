package com.switchboard.workflows.testing;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Stores histories of real test runs for the replay test. Off by default; regenerate them with
 * {@code ./mvnw -B -o -pl workflows verify -Dhistories.record=true}, then review and commit the
 * changed files under src/test/resources/histories/.
 */
public final class Histories {
    public static final String FOLDER = "histories";
    private static final Path SOURCE_FOLDER = Path.of("src", "test", "resources", FOLDER);

    private Histories() {}

    public static boolean recording() {
        return Boolean.getBoolean("histories.record");
    }

    /** Writes the latest run of {@code workflowId} as {@code <name>.json}, if recording. */
    public static void record(WorkflowClient client, String workflowId, String name) {
        record(client, workflowId, "", name);
    }

    /** Writes one run of {@code workflowId} as {@code <name>.json}, if recording. */
    public static void record(WorkflowClient client, String workflowId, String runId, String name) {
        if (!recording()) {
            return;
        }
        String json = (runId.isEmpty() ? client.fetchHistory(workflowId) : client.fetchHistory(workflowId, runId))
                .toJson(true);
        try {
            Files.createDirectories(SOURCE_FOLDER);
            Files.writeString(SOURCE_FOLDER.resolve(name + ".json"), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
