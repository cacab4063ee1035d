package com.switchboard.server.webhook;

import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.call.CallPolicy;
import com.switchboard.workflows.call.CallRequest;
import com.switchboard.workflows.call.CallWorkflow;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import org.springframework.stereotype.Component;

/**
 * Hands a webhook to its call's workflow. The caller's join, which normally comes first, starts the
 * workflow with the join in its start request and asks for eager start: the server returns the
 * workflow's first task in its answer to this node's worker, which runs the ringing path at once
 * instead of waiting for the task to travel through the server's queues. Whatever comes otherwise
 * (a hangup before the join, a join after another event started the call) goes by signal-with-start:
 * whichever event of a room comes first starts the workflow, later ones signal it, so arrival order
 * does not matter.
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
     * Starts or signals the call of the signal's room.
     *
     * @throws io.temporal.client.WorkflowExecutionAlreadyStarted when the call is already over: a
     *     room name is used by one call only, so a closed workflow must not be started again by a
     *     late or duplicated webhook
     */
    String signal(CallSignal signal) {
        String workflowId = WorkflowIds.call(signal.roomName());
        if (signal instanceof CallSignal.Joined joined) {
            try {
                CallWorkflow call = client.newWorkflowStub(
                        CallWorkflow.class,
                        options(workflowId).toBuilder()
                                .setDisableEagerExecution(false)
                                .build());
                WorkflowClient.start(call::run, new CallRequest(signal.roomName(), policy, joined.joined()));
                return workflowId;
            } catch (WorkflowExecutionAlreadyStarted startedOrOver) {
                // Another event of the room started the call, or it is over: signal-with-start tells.
            }
        }
        CallWorkflow call = client.newWorkflowStub(CallWorkflow.class, options(workflowId));
        BatchRequest request = client.newSignalWithStartRequest();
        request.add(call::run, new CallRequest(signal.roomName(), policy));
        switch (signal) {
            case CallSignal.Joined joined -> request.add(call::callerJoined, joined.joined());
            case CallSignal.Gone gone -> request.add(call::hangup, gone.hangup());
        }
        client.signalWithStart(request);
        return workflowId;
    }

    private static WorkflowOptions options(String workflowId) {
        return WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue(TaskQueues.CALLS)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                .build();
    }
}
