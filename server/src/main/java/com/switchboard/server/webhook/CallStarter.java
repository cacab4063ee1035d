package com.switchboard.server.webhook;

import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.call.CallPolicy;
import com.switchboard.workflows.call.CallRequest;
import com.switchboard.workflows.call.CallWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import org.springframework.stereotype.Component;

/**
 * Hands a webhook to its call's workflow with signal-with-start: whichever event of a room comes
 * first starts the workflow, later ones signal it, so arrival order does not matter.
 */
@Component
class CallStarter {
    private final WorkflowClient client;
    private final CallPolicy policy;

    CallStarter(WorkflowClient client, CallPolicyProperties policy) {
        this.client = client;
        this.policy = policy.policy();
    }

    /**
     * Signals (and if need be starts) the call of the signal's room.
     *
     * @throws io.temporal.client.WorkflowExecutionAlreadyStarted when the call is already over: a
     *     room name is used by one call only, so a closed workflow must not be started again by a
     *     late or duplicated webhook
     */
    String signal(CallSignal signal) {
        String workflowId = WorkflowIds.call(signal.roomName());
        CallWorkflow call = client.newWorkflowStub(
                CallWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        .setTaskQueue(TaskQueues.CALLS)
                        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                        .build());
        BatchRequest request = client.newSignalWithStartRequest();
        request.add(call::run, new CallRequest(signal.roomName(), policy));
        switch (signal) {
            case CallSignal.Joined joined -> request.add(call::callerJoined, joined.joined());
            case CallSignal.Gone gone -> request.add(call::hangup, gone.hangup());
        }
        client.signalWithStart(request);
        return workflowId;
    }
}
