package com.switchboard.bench.chaos;

import com.switchboard.livekit.simulator.SimulatedCall;
import com.switchboard.workflows.WorkflowIds;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.common.WorkflowExecutionHistory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints where one call's setup time went: its workflow's history events up to the agent session
 * being scheduled (or, for a refused call, to the workflow's end), each as milliseconds since the
 * simulator emitted the caller's join, with the organization semaphore's events of the same call
 * and the instant the simulator saw the outcome. Counts the workflow tasks and activities on the
 * way: the round trips through the server that the issue asks to count.
 */
final class CallTimeline {
    private CallTimeline() {}

    static void print(WorkflowClient client, long organizationId, SimulatedCall call, Instant outcomeAt, String what) {
        if (call == null) {
            return;
        }
        String workflowId = WorkflowIds.call(call.roomName());
        List<String> lines = new ArrayList<>();
        int workflowTasks = 0;
        int activities = 0;
        int localActivities = 0;
        try {
            WorkflowExecutionHistory history = client.fetchHistory(workflowId);
            for (HistoryEvent event : history.getEvents()) {
                EventType type = event.getEventType();
                String detail = "";
                switch (type) {
                    case EVENT_TYPE_WORKFLOW_TASK_COMPLETED -> workflowTasks++;
                    case EVENT_TYPE_ACTIVITY_TASK_SCHEDULED -> {
                        activities++;
                        detail = event.getActivityTaskScheduledEventAttributes()
                                        .getActivityType()
                                        .getName()
                                + " on "
                                + event.getActivityTaskScheduledEventAttributes()
                                        .getTaskQueue()
                                        .getName();
                    }
                    case EVENT_TYPE_MARKER_RECORDED -> {
                        localActivities++;
                        var marker = event.getMarkerRecordedEventAttributes();
                        detail = marker.getMarkerName() + " "
                                + marker.getDetailsMap().keySet();
                        if (marker.getDetailsMap().containsKey("meta")) {
                            detail = marker.getMarkerName() + " "
                                    + marker.getDetailsOrThrow("meta")
                                            .getPayloads(0)
                                            .getData()
                                            .toString(StandardCharsets.UTF_8);
                        }
                    }
                    default -> {}
                }
                lines.add(String.format("        %+8.1f ms  %s %s", sinceJoin(call, event), name(type), detail));
                if (type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                        && event.getActivityTaskScheduledEventAttributes()
                                .getActivityType()
                                .getName()
                                .equals("RunSession")) {
                    break;
                }
            }
        } catch (RuntimeException e) {
            System.out.printf("    timeline of %s %s: not available (%s)%n", what, workflowId, e);
            return;
        }
        System.out.printf(
                "    timeline of the %s %s (ms since the simulator emitted the join; outcome seen at %+.1f ms):"
                        + " %d workflow tasks, %d activities, %d markers%n",
                what,
                workflowId,
                Duration.between(call.placedAt(), outcomeAt).toNanos() / 1e6,
                workflowTasks,
                activities,
                localActivities);
        lines.forEach(System.out::println);
        semaphoreEvents(client, organizationId, call, workflowId);
    }

    /** The semaphore's events around this call's acquire (the update that names the call). */
    private static void semaphoreEvents(
            WorkflowClient client, long organizationId, SimulatedCall call, String workflowId) {
        List<HistoryEvent> events;
        try {
            events = client.fetchHistory(WorkflowIds.lines(organizationId)).getEvents();
        } catch (RuntimeException e) {
            System.out.printf("        (the semaphore's history is not available: %s)%n", e);
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            HistoryEvent event = events.get(i);
            if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED
                    && event.toString().contains(workflowId)) {
                for (int j = Math.max(0, i - 3); j < Math.min(events.size(), i + 3); j++) {
                    HistoryEvent around = events.get(j);
                    System.out.printf(
                            "        %+8.1f ms  semaphore: %s%n", sinceJoin(call, around), name(around.getEventType()));
                }
                return;
            }
        }
        // Not in the current run: the semaphore continued as new since this call's acquire.
    }

    private static double sinceJoin(SimulatedCall call, HistoryEvent event) {
        return Duration.between(call.placedAt(), LineHistory.time(event.getEventTime()))
                        .toNanos()
                / 1e6;
    }

    private static String name(EventType type) {
        return type.name().replaceFirst("^EVENT_TYPE_", "");
    }
}
