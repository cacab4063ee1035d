package com.switchboard.workflows.call;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One SIP call, id {@code call-<roomName>}, task queue {@code calls}. Started by signal-with-start
 * from whichever webhook of the room arrives first, so webhook order does not matter.
 */
@WorkflowInterface
public interface CallWorkflow {
    @WorkflowMethod
    CallSummary run(CallRequest request);

    @SignalMethod
    void callerJoined(CallerJoined joined);

    @SignalMethod
    void hangup(Hangup hangup);

    @QueryMethod
    CallStatus status();
}
