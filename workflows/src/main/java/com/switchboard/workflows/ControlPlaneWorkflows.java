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
 * The workflows of the control plane (task queues {@link TaskQueues#CALLS} and {@link
 * TaskQueues#LINES}) and the options of the
 * activities they call, in one place so that the server and the tests register the same set.
 *
 * <p>The activity implementations live in the activities module; whoever builds the worker
 * registers them next to these workflows with {@code worker.registerActivitiesImplementations}.
 */
public final class ControlPlaneWorkflows {

    /**
     * Which control-plane steps of a call run as regular activities and which as local ones. Calls
     * get their mode by the {@code local-route-and-ledger} version of CallWorkflowImpl (version 1:
     * {@link #LOCAL}, version 2: {@link #ALL_LOCAL}), so that calls started before keep their steps
     * on replay. The agent session is a regular activity in every mode: it runs on a GPU host.
     */
    public enum StepMode {
        /** Regular activities: every step is visible in history and retried by the server. */
        REMOTE,
        /**
         * Route and ledger as local activities: they run in the workflow worker, one round trip less
         * per step, recorded as markers; the line semaphore and LiveKit stay regular activities.
         */
        LOCAL,
        /**
         * Every control-plane step local (route, ledger, the line semaphore's acquire and release,
         * LiveKit's reject and end): a call's ringing path is one workflow task from the join to the
         * agent session scheduled on the GPU queue (or to the room rejected), and its cleanup one
         * more. The semaphore's own workflow task runs on {@link TaskQueues#LINES}, so that call
         * workflow tasks waiting on their acquire never hold the slots the semaphore needs.
         */
        ALL_LOCAL
    }

    /** The latest version of CallWorkflowImpl's {@code local-route-and-ledger} change: new calls get it. */
    public static final int STEPS_VERSION = 2;

    /**
     * What steps new calls get: those of {@link #STEPS_VERSION}, by version ({@link
     * #register(Worker)}); a pinned mode is for the benchmark that compares them.
     */
    public static final StepMode STEP_MODE = stepsOfVersion(STEPS_VERSION);

    /**
     * The steps of a call by the version of the {@code local-route-and-ledger} change it started
     * with ({@code Workflow.DEFAULT_VERSION}, -1, for calls started before it).
     */
    public static StepMode stepsOfVersion(int version) {
        return switch (version) {
            case -1 -> StepMode.REMOTE;
            case 1 -> StepMode.LOCAL;
            case 2 -> StepMode.ALL_LOCAL;
            default -> throw new IllegalArgumentException("no steps for version " + version);
        };
    }

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

    /** {@link #SETUP} for local steps. */
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

    /** {@link #CLEANUP} for local steps. */
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

    /**
     * Registers CallWorkflow (steps by version: {@link #STEP_MODE} for new calls) and LineWorkflow on
     * a {@link TaskQueues#CALLS} worker. LineWorkflow is registered there for the semaphores started
     * on that queue before semaphores got their own ({@link #registerLines(Worker)}); each of them
     * moves to {@link TaskQueues#LINES} at its next continue-as-new.
     */
    public static void register(Worker worker) {
        register(worker, STEP_MODE);
    }

    /**
     * Registers CallWorkflow and LineWorkflow; {@link #STEP_MODE} as {@link #register(Worker)}, any
     * other mode pinned for every call (for the benchmark that compares them).
     */
    public static void register(Worker worker, StepMode mode) {
        if (mode == STEP_MODE) {
            worker.registerWorkflowImplementationTypes(CallWorkflowImpl.class);
        } else {
            worker.registerWorkflowImplementationFactory(CallWorkflow.class, () -> new CallWorkflowImpl(mode));
        }
        registerLines(worker);
    }

    /**
     * Registers LineWorkflow on a worker, on its own {@link TaskQueues#LINES} one; the caller
     * registers the holder audit's activities beside it (the semaphore schedules them on its own
     * queue).
     */
    public static void registerLines(Worker lines) {
        lines.registerWorkflowImplementationTypes(LineWorkflowImpl.class);
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
