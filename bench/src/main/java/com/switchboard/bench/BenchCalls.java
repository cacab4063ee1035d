package com.switchboard.bench;

import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.call.CallPolicy;
import com.switchboard.workflows.call.CallRequest;
import com.switchboard.workflows.call.CallWorkflow;
import com.switchboard.workflows.call.CallerJoined;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.time.Instant;

/** Calls as the webhook starts them. */
final class BenchCalls {
    private BenchCalls() {}

    /** Starts a call as the webhook does: signal-with-start with the caller's join. */
    static void ring(WorkflowClient client, String room, String calledNumber, CallPolicy policy) {
        CallWorkflow call = client.newWorkflowStub(
                CallWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(WorkflowIds.call(room))
                        .setTaskQueue(TaskQueues.CALLS)
                        .build());
        BatchRequest batch = client.newSignalWithStartRequest();
        batch.add(call::run, new CallRequest(room, policy));
        batch.add(
                call::callerJoined,
                new CallerJoined(
                        calledNumber,
                        "+393331234567",
                        "SCL_" + room,
                        room + "@pbx",
                        "ST_1",
                        "sip_" + room,
                        Instant.now()));
        client.signalWithStart(batch);
    }
}
