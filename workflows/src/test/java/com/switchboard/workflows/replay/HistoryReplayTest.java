package com.switchboard.workflows.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.workflows.call.CallSummary;
import com.switchboard.workflows.call.CallWorkflowImpl;
import com.switchboard.workflows.ledger.CloseCall;
import com.switchboard.workflows.lines.LineWorkflowImpl;
import com.switchboard.workflows.livekit.EndCall;
import com.switchboard.workflows.testing.Histories;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.WorkflowReplayer;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Replays every stored history (taken from real runs of the workflow tests, see {@link Histories})
 * against today's workflow code: a change that alters history without a {@code Workflow.getVersion}
 * guard fails here. Every change id of the workflow code must be exercised by a stored history, and
 * the payloads that carry an end reason must read back to the very JSON that was stored.
 */
class HistoryReplayTest {
    /** The marker the SDK records for {@code Workflow.getVersion}. */
    private static final String VERSION_MARKER = "Version";

    private static final Path WORKFLOW_SOURCES = Path.of("src", "main", "java");
    private static final Pattern GET_VERSION = Pattern.compile("Workflow\\.getVersion\\(\\s*(\"[^\"]+\"|\\w+)");

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

    /**
     * Replay compares commands, not their payloads, so the payloads that carry an end reason (the
     * inputs of EndCall and CloseCall, the CallWorkflow's result) are checked here: read into today's
     * records and written again, they are byte for byte what was stored.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("histories")
    void storedEndReasonsReadBackToTheStoredJson(String name) {
        WorkflowExecutionHistory history = read(name);
        boolean call = workflowType(history).equals("CallWorkflow");
        for (HistoryEvent event : history.getEvents()) {
            if (event.hasActivityTaskScheduledEventAttributes()) {
                var scheduled = event.getActivityTaskScheduledEventAttributes();
                switch (scheduled.getActivityType().getName()) {
                    case "EndCall" -> assertRewritesIdentically(scheduled.getInput(), EndCall.class);
                    case "CloseCall" -> assertRewritesIdentically(scheduled.getInput(), CloseCall.class);
                    default -> {}
                }
            }
            if (event.hasWorkflowExecutionCompletedEventAttributes()
                    && call
                    && event.getWorkflowExecutionCompletedEventAttributes().hasResult()) {
                assertRewritesIdentically(
                        event.getWorkflowExecutionCompletedEventAttributes().getResult(), CallSummary.class);
            }
        }
    }

    private static void assertRewritesIdentically(Payloads stored, Class<?> type) {
        DataConverter converter = DefaultDataConverter.STANDARD_INSTANCE;
        Payload payload = stored.getPayloads(0);
        Object value = converter.fromPayload(payload, type, type);
        assertThat(converter.toPayload(value).orElseThrow().getData().toStringUtf8())
                .as("%s written again", type.getSimpleName())
                .isEqualTo(payload.getData().toStringUtf8());
    }

    @Test
    void everyWorkflowTypeHasStoredHistoriesIncludingAContinuedAsNewSemaphore() throws Exception {
        List<WorkflowExecutionHistory> stored =
                histories().stream().map(HistoryReplayTest::read).toList();

        assertThat(stored).extracting(HistoryReplayTest::workflowType).contains("CallWorkflow", "LineWorkflow");
        assertThat(stored)
                .anySatisfy(history -> assertThat(history.getLastEvent().getEventType())
                        .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW));
    }

    /**
     * Every change id that workflow code asks {@code Workflow.getVersion} about has a stored history
     * that took the changed branch, i.e. holds the version marker of that change id. The change ids are
     * read from the workflow sources, so that a new {@code getVersion} without a history fails here.
     */
    @Test
    void everyChangeIdOfTheWorkflowCodeIsExercisedByAStoredHistory() throws Exception {
        Map<String, List<String>> coverage = new TreeMap<>();
        for (String name : histories()) {
            for (String changeId : changeIds(read(name))) {
                coverage.computeIfAbsent(changeId, id -> new ArrayList<>()).add(name);
            }
        }
        Set<String> inCode = changeIdsInWorkflowCode();
        System.out.println("change ids in workflow code: " + inCode);
        coverage.forEach((changeId, names) -> System.out.println("change id " + changeId + " exercised by " + names));

        assertThat(inCode).as("change ids found in %s", WORKFLOW_SOURCES).isNotEmpty();
        assertThat(coverage.keySet())
                .as("change ids with a stored history that took the versioned branch")
                .containsAll(inCode);
        assertThat(inCode)
                .as("a stored history marks a change id that the workflow code no longer asks about")
                .containsAll(coverage.keySet());
    }

    /** The change ids of the version markers in one history. */
    static Set<String> changeIds(WorkflowExecutionHistory history) {
        Set<String> ids = new TreeSet<>();
        for (HistoryEvent event : history.getEvents()) {
            if (event.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
                    && VERSION_MARKER.equals(
                            event.getMarkerRecordedEventAttributes().getMarkerName())) {
                Payloads changeId = event.getMarkerRecordedEventAttributes().getDetailsOrThrow("changeId");
                ids.add(DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
                        changeId.getPayloads(0), String.class, String.class));
            }
        }
        return ids;
    }

    /**
     * The change ids passed to {@code Workflow.getVersion} in the workflow sources, as string
     * literals or as constants of the same file.
     */
    static Set<String> changeIdsInWorkflowCode() throws IOException {
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.walk(WORKFLOW_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                Matcher call = GET_VERSION.matcher(source);
                while (call.find()) {
                    String argument = call.group(1);
                    if (argument.startsWith("\"")) {
                        ids.add(argument.substring(1, argument.length() - 1));
                        continue;
                    }
                    Matcher constant = Pattern.compile(
                                    "static\\s+final\\s+String\\s+" + argument + "\\s*=\\s*\"([^\"]+)\"")
                            .matcher(source);
                    assertThat(constant.find())
                            .as("change id %s of %s is a constant of that file", argument, file)
                            .isTrue();
                    ids.add(constant.group(1));
                }
            }
        }
        return ids;
    }

    private static String workflowType(WorkflowExecutionHistory history) {
        return history.getEvents()
                .getFirst()
                .getWorkflowExecutionStartedEventAttributes()
                .getWorkflowType()
                .getName();
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
