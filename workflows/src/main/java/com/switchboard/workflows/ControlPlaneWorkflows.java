package com.switchboard.workflows;

import com.switchboard.workflows.call.CallWorkflow;
import com.switchboard.workflows.call.CallWorkflowImpl;
import com.switchboard.workflows.lines.LineWorkflowImpl;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.worker.Worker;
import java.time.Duration;

/**
 * The workflows of the control plane (task queue {@link TaskQueues#CALLS}) and the options of the
 * activities they call, in one place so that the server and the tests register the same set.
 *
 * <p>The activity implementations live in the activities module; whoever builds the worker
 * registers them next to these workflows with {@code worker.registerActivitiesImplementations}.
 */
public final class ControlPlaneWorkflows {

    /** Whether the short database steps of a call (route, ledger) run as regular or local activities. */
    public enum StepMode {
        /** Regular activities: every step is visible in history and retried by the server. */
        REMOTE,
        /**
         * Local activities: run in the workflow worker, one round trip less per step, recorded as
         * markers. Calls get it by the {@code local-route-and-ledger} version of CallWorkflowImpl,
         * so that calls started before keep their regular activities on replay.
         */
        LOCAL
    }

    /**
     * What route and ledger steps new calls get: {@link StepMode#LOCAL}, by version
     * ({@link #register(Worker)}); a pinned mode is for the benchmark that compares them.
     */
    public static final StepMode STEP_MODE = StepMode.LOCAL;

    /**
     * Steps on the ringing path (route, open/admit in the ledger, acquire a line, reject): a caller
     * is waiting, so retries are quick and end within half a minute; the call then fails and the
     * room is deleted rather than ringing forever.
     */
    public static final ActivityOptions SETUP = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(5))
            .setScheduleToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(quickRetries())
            .build();

    /** {@link #SETUP} for {@link StepMode#LOCAL}. */
    public static final LocalActivityOptions SETUP_LOCAL = LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(5))
            .setScheduleToCloseTimeout(Duration.ofSeconds(30))
            .setRetryOptions(quickRetries())
            .build();

    /**
     * Steps after the call (release the line, end the room, close the ledger): they must happen
     * eventually, so they retry without a deadline, at most a minute apart.
     */
    public static final ActivityOptions CLEANUP = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(patientRetries())
            .build();

    /** {@link #CLEANUP} for {@link StepMode#LOCAL}. */
    public static final LocalActivityOptions CLEANUP_LOCAL = LocalActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(10))
            .setRetryOptions(patientRetries())
            .build();

    /** The LineWorkflow's audit of its holders: a failed audit is simply tried at the next tick. */
    public static final ActivityOptions AUDIT = ActivityOptions.newBuilder()
            .setStartToCloseTimeout(Duration.ofSeconds(30))
            .setScheduleToCloseTimeout(Duration.ofMinutes(2))
            .setRetryOptions(quickRetries())
            .build();

    private ControlPlaneWorkflows() {}

    /** Registers CallWorkflow (steps by version: {@link #STEP_MODE} for new calls) and LineWorkflow. */
    public static void register(Worker worker) {
        register(worker, STEP_MODE);
    }

    /**
     * Registers CallWorkflow and LineWorkflow; {@link #STEP_MODE} as {@link #register(Worker)}, any
     * other mode pinned for every call (for the benchmark that compares them).
     */
    public static void register(Worker worker, StepMode mode) {
        if (mode == STEP_MODE) {
            worker.registerWorkflowImplementationTypes(CallWorkflowImpl.class, LineWorkflowImpl.class);
        } else {
            worker.registerWorkflowImplementationFactory(CallWorkflow.class, () -> new CallWorkflowImpl(mode));
            worker.registerWorkflowImplementationTypes(LineWorkflowImpl.class);
        }
    }

    private static RetryOptions quickRetries() {
        return RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(200))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofSeconds(5))
                .build();
    }

    private static RetryOptions patientRetries() {
        return RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofSeconds(1))
                .setBackoffCoefficient(2)
                .setMaximumInterval(Duration.ofMinutes(1))
                .build();
    }
}
