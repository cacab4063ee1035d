package com.switchboard.activities.temporal;

import com.switchboard.activities.db.Database;
import com.switchboard.activities.ledger.LedgerActivitiesImpl;
import com.switchboard.activities.ledger.LedgerRepository;
import com.switchboard.activities.lines.LineActivitiesImpl;
import com.switchboard.activities.lines.LineAuditActivitiesImpl;
import com.switchboard.workflows.ControlPlaneWorkflows;
import com.switchboard.workflows.ControlPlaneWorkflows.StepMode;
import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.ledger.LedgerActivities;
import com.switchboard.workflows.lines.LineActivities;
import com.switchboard.workflows.lines.LineAuditActivities;
import com.switchboard.workflows.livekit.LiveKitActivities;
import com.switchboard.workflows.route.RouteActivities;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * The control-plane worker on task queue {@link TaskQueues#CALLS}: CallWorkflow and LineWorkflow,
 * and the activities they call. The server, the tests and the benchmark build it here, so that all
 * three run the same set.
 */
public final class ControlPlaneWorker {
    private ControlPlaneWorker() {}

    /** The activity implementations of the control plane; LiveKit and routing come from their owners. */
    public record Activities(
            RouteActivities route,
            LedgerActivities ledger,
            LineActivities lines,
            LineAuditActivities lineAudit,
            LiveKitActivities liveKit) {
        public Activities {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(lines, "lines");
            Objects.requireNonNull(lineAudit, "lineAudit");
            Objects.requireNonNull(liveKit, "liveKit");
        }

        /** The ledger, line and audit activities of this module over {@code database} and {@code client}. */
        public static Activities of(
                Database database, WorkflowClient client, RouteActivities route, LiveKitActivities liveKit) {
            LedgerRepository ledger = new LedgerRepository(database);
            return new Activities(
                    route,
                    new LedgerActivitiesImpl(ledger),
                    new LineActivitiesImpl(client),
                    new LineAuditActivitiesImpl(
                            client.getWorkflowServiceStubs(),
                            client.getOptions().getNamespace(),
                            ledger),
                    liveKit);
        }
    }

    /**
     * @param stickyQueueScheduleToStartTimeout how long a workflow task waits on the sticky queue of
     *     the worker that has the workflow cached before any worker may take it. The SDK's 5 s suits
     *     a fleet against a real service. The test server (embedded mode, tests) has no sticky
     *     timeout of its own and never moves a task off a sticky queue, so it gets zero: nothing to
     *     wait for there.
     * @param stepMode route and ledger as regular or local activities
     */
    public record Options(Duration stickyQueueScheduleToStartTimeout, StepMode stepMode) {
        public Options {
            Objects.requireNonNull(stickyQueueScheduleToStartTimeout, "stickyQueueScheduleToStartTimeout");
            Objects.requireNonNull(stepMode, "stepMode");
        }

        public static Options production() {
            return new Options(Duration.ofSeconds(5), ControlPlaneWorkflows.STEP_MODE);
        }

        public static Options testServer() {
            return new Options(Duration.ZERO, ControlPlaneWorkflows.STEP_MODE);
        }

        public Options withStepMode(StepMode mode) {
            return new Options(stickyQueueScheduleToStartTimeout, mode);
        }
    }

    /** Adds the control-plane worker to {@code factory}; the caller starts the factory. */
    public static Worker register(WorkerFactory factory, Activities activities, Options options) {
        Worker worker = factory.newWorker(
                TaskQueues.CALLS,
                WorkerOptions.newBuilder()
                        .setStickyQueueScheduleToStartTimeout(options.stickyQueueScheduleToStartTimeout())
                        .build());
        ControlPlaneWorkflows.register(worker, options.stepMode());
        worker.registerActivitiesImplementations(
                activities.route(),
                activities.ledger(),
                activities.lines(),
                activities.lineAudit(),
                activities.liveKit());
        return worker;
    }
}
