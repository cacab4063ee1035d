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
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.Objects;

/**
 * The control-plane workers: task queue {@link TaskQueues#CALLS} (CallWorkflow and the activities
 * it calls) and {@link TaskQueues#LINES} (LineWorkflow, the per-organization semaphores, and their
 * holder audit). The server, the tests and the benchmark build them here, so that all three run the
 * same set.
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
     *     a fleet against a real service. The Java test server (the embedded default's explicit
     *     {@code test-server} fallback, the benchmarks' comparison runs) has no sticky
     *     timeout of its own and never moves a task off a sticky queue, so it gets zero: nothing to
     *     wait for there.
     * @param stepMode route and ledger as regular or local activities
     * @param capacity activity slots and threads of this worker; build its factory with {@link
     *     Capacity#factoryOptions()} of the same capacity
     */
    public record Options(Duration stickyQueueScheduleToStartTimeout, StepMode stepMode, Capacity capacity) {
        public Options {
            Objects.requireNonNull(stickyQueueScheduleToStartTimeout, "stickyQueueScheduleToStartTimeout");
            Objects.requireNonNull(stepMode, "stepMode");
            Objects.requireNonNull(capacity, "capacity");
        }

        public static Options production() {
            return new Options(Duration.ofSeconds(5), ControlPlaneWorkflows.STEP_MODE, Capacity.DEFAULT);
        }

        public static Options testServer() {
            return new Options(Duration.ZERO, ControlPlaneWorkflows.STEP_MODE, Capacity.DEFAULT);
        }

        public Options withStepMode(StepMode mode) {
            return new Options(stickyQueueScheduleToStartTimeout, mode, capacity);
        }

        public Options withCapacity(Capacity newCapacity) {
            return new Options(stickyQueueScheduleToStartTimeout, stepMode, newCapacity);
        }
    }

    /**
     * How many calls one control-plane node keeps in memory and serves at once. Every held call is an
     * open CallWorkflow waiting on its agent session; a node that cannot cache all of them evicts and
     * replays a whole history on each of their events. With platform workflow threads each cached
     * workflow also parks one OS thread, so the thread limit must match the cache; on virtual threads
     * a parked workflow costs a few KB of heap and no OS thread (bench/README.md, held calls: ~57-70
     * KB of heap per held call).
     *
     * <p>Activity slots bound how many route, ledger and line steps run at once; an acquire holds its
     * slot while its semaphore answers. More slots are not more admissions: on the 2-CPU bench with
     * 10,000 calls, 1,000 slots let more acquires at once reach the semaphores, which then answered
     * each later, and more calls ran past their 30 s setup bound than with the SDK's 200
     * (bench/README.md); so did running activities on virtual threads. Raise it only with a Temporal
     * service that keeps up.
     *
     * @param workflowCacheSize open workflows kept in memory: held calls plus one LineWorkflow per
     *     busy organization, with room to spare
     * @param virtualWorkflowThreads run workflow code on virtual threads (activities stay on the SDK's
     *     platform threads, bounded by the slots)
     * @param activitySlots activities run at once by this node
     */
    public record Capacity(int workflowCacheSize, boolean virtualWorkflowThreads, int activitySlots) {
        /** 10,000 cached workflows on virtual threads, 200 activity slots (the SDK's): one node, measured. */
        public static final Capacity DEFAULT = new Capacity(10_000, true, 200);

        public Capacity {
            if (workflowCacheSize < 1) {
                throw new IllegalArgumentException("workflowCacheSize must be at least 1, was " + workflowCacheSize);
            }
            if (activitySlots < 1) {
                throw new IllegalArgumentException("activitySlots must be at least 1, was " + activitySlots);
            }
        }

        /** The worker factory options this capacity stands for: workflow cache and threads. */
        public WorkerFactoryOptions factoryOptions() {
            WorkerFactoryOptions.Builder options =
                    WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(workflowCacheSize);
            if (virtualWorkflowThreads) {
                options.setUsingVirtualWorkflowThreads(true).setMaxWorkflowThreadCount(Integer.MAX_VALUE);
            } else {
                // A cached workflow parks one platform thread; fewer threads than the cache would evict.
                options.setMaxWorkflowThreadCount(workflowCacheSize);
            }
            return options.build();
        }
    }

    /**
     * Adds the control-plane workers to {@code factory}; the caller starts the factory.
     *
     * @return the {@link TaskQueues#CALLS} worker
     */
    public static Worker register(WorkerFactory factory, Activities activities, Options options) {
        WorkerOptions workerOptions = WorkerOptions.newBuilder()
                .setStickyQueueScheduleToStartTimeout(options.stickyQueueScheduleToStartTimeout())
                .setMaxConcurrentActivityExecutionSize(options.capacity().activitySlots())
                .build();
        Worker calls = factory.newWorker(TaskQueues.CALLS, workerOptions);
        ControlPlaneWorkflows.register(calls, options.stepMode());
        // The audit stays on the calls queue too, for semaphores that still run there.
        calls.registerActivitiesImplementations(
                activities.route(),
                activities.ledger(),
                activities.lines(),
                activities.lineAudit(),
                activities.liveKit());
        Worker lines = factory.newWorker(TaskQueues.LINES, workerOptions);
        ControlPlaneWorkflows.registerLines(lines);
        lines.registerActivitiesImplementations(activities.lineAudit());
        return calls;
    }
}
