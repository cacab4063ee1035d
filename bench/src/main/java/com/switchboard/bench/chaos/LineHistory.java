package com.switchboard.bench.chaos;

import com.google.protobuf.Timestamp;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.lines.AcquireLine;
import com.switchboard.workflows.lines.ClosedHolders;
import com.switchboard.workflows.lines.LineDecision;
import com.switchboard.workflows.lines.LineHolder;
import com.switchboard.workflows.lines.LineState;
import com.switchboard.workflows.lines.ReleaseLine;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DataConverter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one organization's line semaphore decided, read back from its own histories rather than from
 * samples of its state: every acquire with the holders it was answered from, and when each line
 * was given back. The semaphore's state is replayed from the events that change it (the start's
 * state, acquire updates and their answers, release signals, the audit's closed holders), each
 * applied at the start time of the workflow task that handled it, which is the workflow's own clock
 * ({@code Workflow.currentTimeMillis()}, the {@code since} of a holder).
 *
 * <p>Within one workflow task the Java SDK runs the handlers of the events delivered with it (release
 * signals, the audit's result) before the task's update messages (acquires): the replay does the
 * same. That order is not a guess: with acquires and releases crossing on the real server, grants
 * appear that only the other holders' releases in the same task make possible
 * (LineHistoryRealServerTest).
 */
final class LineHistory {
    private static final String RELEASE_SIGNAL = "release";
    private static final String ACQUIRE_UPDATE = "acquire";
    private static final String AUDIT_ACTIVITY = "findClosed";

    private LineHistory() {}

    /** One acquire the semaphore answered, and the holders (of that organization) it answered from. */
    record Decision(
            Instant at, long organizationId, AcquireLine request, LineDecision decision, List<LineHolder> holders) {
        Decision {
            holders = List.copyOf(holders);
        }

        boolean busy() {
            return decision != LineDecision.GRANTED;
        }
    }

    /** When a call's line was given back, and by what. */
    record Release(String callWorkflowId, Instant at, How how) {
        enum How {
            /** The call's own release signal. */
            SIGNAL,
            /** The semaphore's audit found the call workflow closed and dropped it. */
            AUDIT
        }
    }

    /**
     * @param runs how many runs of {@code lines-<organizationId>} were read (continue-as-new included)
     * @param granted when each call that held a line got it
     * @param releases when each of those gave it back; a call missing here still held it at the end
     */
    record Log(
            long organizationId,
            int runs,
            List<Decision> decisions,
            Map<String, Instant> granted,
            Map<String, Release> releases) {
        Log {
            decisions = List.copyOf(decisions);
            granted = Map.copyOf(granted);
            releases = Map.copyOf(releases);
        }
    }

    /**
     * Reads every run of the organization's semaphore, following continue-as-new back from the
     * latest run (this works on the real server and on the Java test server alike, which does not
     * list executions). A semaphore that ended idle and was started again later is a new chain; the
     * soak never idles that long (an hour).
     */
    static Log read(WorkflowClient client, long organizationId) {
        String workflowId = WorkflowIds.lines(organizationId);
        List<List<HistoryEvent>> runs = new ArrayList<>();
        WorkflowExecutionHistory history = client.fetchHistory(workflowId);
        while (true) {
            List<HistoryEvent> events = history.getEvents();
            runs.addFirst(events);
            String previous = events.getFirst()
                    .getWorkflowExecutionStartedEventAttributes()
                    .getContinuedExecutionRunId();
            if (previous.isEmpty()) {
                break;
            }
            history = client.fetchHistory(workflowId, previous);
        }
        return replay(organizationId, runs, client.getOptions().getDataConverter());
    }

    /** Replays the given runs, oldest first. */
    static Log replay(long organizationId, List<List<HistoryEvent>> runs, DataConverter converter) {
        Replay replay = new Replay(organizationId, converter);
        for (List<HistoryEvent> run : runs) {
            replay.run(run);
        }
        return new Log(organizationId, runs.size(), replay.decisions, replay.granted, replay.releases);
    }

    private record Mutation(String callWorkflowId, Release.How how) {}

    /** One workflow task: what was delivered with it and which acquires it answered. */
    private static final class Task {
        final Instant at;
        final List<Mutation> delivered;
        final Map<String, AcquireLine> acquires = new LinkedHashMap<>();
        final Map<String, LineDecision> answers = new HashMap<>();
        boolean completed;

        Task(Instant at, List<Mutation> delivered) {
            this.at = at;
            this.delivered = delivered;
        }
    }

    private static final class Replay {
        final long organizationId;
        final DataConverter converter;
        final Map<String, LineHolder> holders = new LinkedHashMap<>();
        final List<Decision> decisions = new ArrayList<>();
        final Map<String, Instant> granted = new HashMap<>();
        final Map<String, Release> releases = new HashMap<>();
        final Map<Long, String> activityTypes = new HashMap<>();
        final Map<String, Task> taskOfUpdate = new HashMap<>();
        List<Mutation> arrived = new ArrayList<>();
        Task current;

        Replay(long organizationId, DataConverter converter) {
            this.organizationId = organizationId;
            this.converter = converter;
        }

        void run(List<HistoryEvent> events) {
            for (HistoryEvent event : events) {
                apply(event);
            }
            endRun();
        }

        private void apply(HistoryEvent event) {
            switch (event.getEventType()) {
                case EVENT_TYPE_WORKFLOW_EXECUTION_STARTED -> {
                    holders.clear();
                    Payloads input =
                            event.getWorkflowExecutionStartedEventAttributes().getInput();
                    decode(input, LineState.class)
                            .ifPresent(state -> state.holders().forEach(h -> holders.put(h.callWorkflowId(), h)));
                }
                case EVENT_TYPE_WORKFLOW_TASK_STARTED -> {
                    List<Mutation> delivered = new ArrayList<>();
                    if (current != null) {
                        if (current.completed) {
                            finish(current);
                        } else {
                            // The attempt failed or timed out: the next one gets what it was given.
                            delivered.addAll(current.delivered);
                        }
                    }
                    delivered.addAll(arrived);
                    arrived = new ArrayList<>();
                    current = new Task(time(event.getEventTime()), delivered);
                }
                case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> current.completed = true;
                case EVENT_TYPE_WORKFLOW_TASK_FAILED -> current.completed = false;
                case EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT -> {
                    if (event.getWorkflowTaskTimedOutEventAttributes().getTimeoutType()
                            == TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE) {
                        current.completed = false;
                    }
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED -> {
                    var accepted = event.getWorkflowExecutionUpdateAcceptedEventAttributes()
                            .getAcceptedRequest();
                    if (ACQUIRE_UPDATE.equals(accepted.getInput().getName())) {
                        String id = accepted.getMeta().getUpdateId();
                        decode(accepted.getInput().getArgs(), AcquireLine.class)
                                .ifPresent(request -> current.acquires.put(id, request));
                        taskOfUpdate.put(id, current);
                    }
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED -> {
                    var completed = event.getWorkflowExecutionUpdateCompletedEventAttributes();
                    Task task = taskOfUpdate.remove(completed.getMeta().getUpdateId());
                    if (task != null && completed.getOutcome().hasSuccess()) {
                        decode(completed.getOutcome().getSuccess(), LineDecision.class)
                                .ifPresent(d ->
                                        task.answers.put(completed.getMeta().getUpdateId(), d));
                    }
                }
                case EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED -> {
                    var signal = event.getWorkflowExecutionSignaledEventAttributes();
                    if (RELEASE_SIGNAL.equals(signal.getSignalName())) {
                        decode(signal.getInput(), ReleaseLine.class)
                                .ifPresent(r -> arrived.add(new Mutation(r.callWorkflowId(), Release.How.SIGNAL)));
                    }
                }
                case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED ->
                    activityTypes.put(
                            event.getEventId(),
                            event.getActivityTaskScheduledEventAttributes()
                                    .getActivityType()
                                    .getName());
                case EVENT_TYPE_ACTIVITY_TASK_COMPLETED -> {
                    var completed = event.getActivityTaskCompletedEventAttributes();
                    if (AUDIT_ACTIVITY.equalsIgnoreCase(activityTypes.get(completed.getScheduledEventId()))) {
                        decode(completed.getResult(), ClosedHolders.class)
                                .ifPresent(closed -> closed.callWorkflowIds()
                                        .forEach(id -> arrived.add(new Mutation(id, Release.How.AUDIT))));
                    }
                }
                default -> {
                    // Timers, markers, the run's end: nothing the semaphore's state depends on.
                }
            }
        }

        /** A run ends (continued-as-new, or still open when read): its last task's work is in. */
        private void endRun() {
            if (current != null && current.completed) {
                finish(current);
            }
            current = null;
            arrived = new ArrayList<>();
            taskOfUpdate.clear();
            activityTypes.clear();
        }

        private void finish(Task task) {
            for (Mutation mutation : task.delivered) {
                if (holders.remove(mutation.callWorkflowId()) != null) {
                    releases.put(
                            mutation.callWorkflowId(), new Release(mutation.callWorkflowId(), task.at, mutation.how()));
                }
            }
            for (Map.Entry<String, AcquireLine> acquire : task.acquires.entrySet()) {
                LineDecision decision = task.answers.get(acquire.getKey());
                if (decision == null) {
                    continue;
                }
                AcquireLine request = acquire.getValue();
                decisions.add(
                        new Decision(task.at, organizationId, request, decision, new ArrayList<>(holders.values())));
                if (decision == LineDecision.GRANTED && !holders.containsKey(request.callWorkflowId())) {
                    holders.put(
                            request.callWorkflowId(),
                            new LineHolder(request.callWorkflowId(), request.numberId(), task.at));
                    granted.putIfAbsent(request.callWorkflowId(), task.at);
                }
            }
        }

        private <T> Optional<T> decode(Payloads payloads, Class<T> type) {
            if (payloads == null || payloads.getPayloadsCount() == 0) {
                return Optional.empty();
            }
            return Optional.ofNullable(converter.fromPayloads(0, Optional.of(payloads), type, type));
        }
    }

    /** A history event's time. */
    static Instant time(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
