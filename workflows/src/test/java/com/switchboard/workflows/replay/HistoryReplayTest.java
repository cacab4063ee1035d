package com.switchboard.workflows.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.workflows.call.CallWorkflowImpl;
import com.switchboard.workflows.lines.LineWorkflowImpl;
import com.switchboard.workflows.testing.Histories;
import io.temporal.api.enums.v1.EventType;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every stored history (taken from real runs of the workflow tests, see {@link Histories})
 * against today's workflow code: a change that alters history without a {@code Workflow.getVersion}
 * guard fails here.
 */
class HistoryReplayTest {

    static List<String> histories() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(folder())) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.endsWith(".json"))
                    .sorted()
                    .toList();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void storedHistoryReplaysWithoutNonDeterminism(String name) throws Exception {
        String json = Files.readString(folder().resolve(name));

        WorkflowReplayer.replayWorkflowExecution(json, CallWorkflowImpl.class, LineWorkflowImpl.class);
    }

    @Test
    void everyWorkflowTypeHasStoredHistoriesIncludingAContinuedAsNewSemaphore() throws Exception {
        List<WorkflowExecutionHistory> stored =
                histories().stream().map(HistoryReplayTest::read).toList();

        assertThat(stored)
                .extracting(history -> history.getEvents()
                        .getFirst()
                        .getWorkflowExecutionStartedEventAttributes()
                        .getWorkflowType()
                        .getName())
                .contains("CallWorkflow", "LineWorkflow");
        assertThat(stored)
                .anySatisfy(history -> assertThat(history.getLastEvent().getEventType())
                        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW));
    }

    private static WorkflowExecutionHistory read(String name) {
        try {
            return WorkflowExecutionHistory.fromJson(Files.readString(folder().resolve(name)));
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read history " + name, e);
        }
    }

    private static Path folder() throws URISyntaxException {
        URL folder = HistoryReplayTest.class.getClassLoader().getResource(Histories.FOLDER);
        assertThat(folder).as("src/test/resources/" + Histories.FOLDER).isNotNull();
        return Path.of(folder.toURI());
    }
}
