package com.switchboard.gpu.e2e;

import com.switchboard.workflows.session.SessionHeartbeat;
import com.switchboard.workflows.session.SessionRequest;
import com.switchboard.workflows.session.SessionResult;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;

/**
 * A minimal caller of the agent-session activity for end-to-end tests: it runs the session the
 * way the call workflow does (heartbeat timeout, cancellation on hangup) and reports what came
 * back, so the tests observe the worker through Temporal and nothing else.
 */
@WorkflowInterface
public interface SessionProbeWorkflow {
    @WorkflowMethod
    Outcome run(Probe probe);

    /** The call workflow's hangup: cancel the session. */
    @SignalMethod
    void hangup();

    record Probe(SessionRequest session, String taskQueue, int maxAttempts, Duration heartbeatTimeout) {}

    /**
     * @param result the session's result, null if it failed
     * @param failure the failure's type ({@code AgentNoShow}, {@code TIMEOUT_TYPE_HEARTBEAT},
     *     {@code Cancelled}, ...), null if it returned
     * @param lastHeartbeat the heartbeat details a heartbeat timeout carried
     */
    record Outcome(SessionResult result, String failure, SessionHeartbeat lastHeartbeat) {}
}
