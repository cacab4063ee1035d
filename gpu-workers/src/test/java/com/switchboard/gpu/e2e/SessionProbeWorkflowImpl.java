package com.switchboard.gpu.e2e;

import com.switchboard.workflows.session.AgentSessionActivities;
import com.switchboard.workflows.session.SessionHeartbeat;
import com.switchboard.workflows.session.SessionResult;
import io.temporal.activity.ActivityCancellationType;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class SessionProbeWorkflowImpl implements SessionProbeWorkflow {
    private boolean hangup;
    private Promise<SessionResult> session;

    @Override
    public Outcome run(Probe probe) {
        AgentSessionActivities sessions = Workflow.newActivityStub(
                AgentSessionActivities.class,
                ActivityOptions.newBuilder()
                        .setTaskQueue(probe.taskQueue())
                        .setScheduleToStartTimeout(Duration.ofSeconds(30))
                        .setStartToCloseTimeout(Duration.ofMinutes(2))
                        .setHeartbeatTimeout(probe.heartbeatTimeout())
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setMaximumAttempts(probe.maxAttempts())
                                .setInitialInterval(Duration.ofMillis(500))
                                .setBackoffCoefficient(1.0)
                                .build())
                        .setCancellationType(ActivityCancellationType.WAIT_CANCELLATION_COMPLETED)
                        .build());
        CancellationScope scope =
                Workflow.newCancellationScope(() -> session = Async.function(sessions::runSession, probe.session()));
        scope.run();
        Workflow.await(() -> hangup || session.isCompleted());
        if (!session.isCompleted()) {
            scope.cancel();
        }
        try {
            return new Outcome(session.get(), null, null);
        } catch (ActivityFailure failure) {
            return switch (failure.getCause()) {
                case ApplicationFailure app -> new Outcome(null, app.getType(), null);
                case TimeoutFailure timeout ->
                    new Outcome(
                            null,
                            timeout.getTimeoutType().name(),
                            timeout.getLastHeartbeatDetails().getSize() == 0
                                    ? null
                                    : timeout.getLastHeartbeatDetails().get(SessionHeartbeat.class));
                case CanceledFailure canceled -> new Outcome(null, "Cancelled", null);
                default -> new Outcome(null, failure.getCause().getClass().getSimpleName(), null);
            };
        }
    }

    @Override
    public void hangup() {
        hangup = true;
    }
}
