package com.switchboard.workflows.testing;

import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Stores histories of real test runs for the replay test. Off by default; record with {@code ./mvnw -B
 * -o -pl workflows verify -Dhistories.record=true}, then review and commit the new files under
 * src/test/resources/histories/.
 *
 * <p>A stored history is never rewritten: it is the proof that histories of the code that recorded
 * it still replay. When a change alters what a test's workflow does (behind {@code
 * Workflow.getVersion}), that test records under a new name, and the old file stays as coverage of
 * the old branch.
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

    /**
     * Writes one run of {@code workflowId} as {@code <name>.json}, if recording and no history of
     * that name is stored yet.
     */
    public static void record(WorkflowClient client, String workflowId, String runId, String name) {
        if (!recording()) {
            return;
        }
        Path file = SOURCE_FOLDER.resolve(name + ".json");
        String json = (runId.isEmpty() ? client.fetchHistory(workflowId) : client.fetchHistory(workflowId, runId))
                .toJson(true);
        try {
            Files.createDirectories(SOURCE_FOLDER);
            Files.writeString(file, json, StandardOpenOption.CREATE_NEW);
        } catch (FileAlreadyExistsException stored) {
            System.err.println("history " + file + " is stored already and stays as it is; record under a new name");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
