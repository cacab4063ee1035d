package com.switchboard.workflows.lines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.switchboard.workflows.ControlPlaneWorkflows;
import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.testing.Histories;
import com.switchboard.workflows.testing.ScriptedAudit;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowTargetOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** LineWorkflow on the time-skipping test service. */
class LineWorkflowTest {
    static final long ORGANIZATION = 7;
    static final int NUMBER_LIMIT = 2;
    static final int ORGANIZATION_LIMIT = 5;

    private final ScriptedAudit audit = new ScriptedAudit();
    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private String startedRun;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(TaskQueues.LINES);
        ControlPlaneWorkflows.registerLines(worker);
        worker.registerActivitiesImplementations(audit);
        // Semaphores started before they had a queue of their own run on the calls queue.
        Worker calls = env.newWorker(TaskQueues.CALLS);
        ControlPlaneWorkflows.register(calls);
        calls.registerActivitiesImplementations(audit);
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void numberAtItsLimitAnswersBusyNumber() {
        LineWorkflow lines = startLines(LineState.empty(ORGANIZATION), null);

        assertThat(lines.acquire(ask("call-a", 1))).isEqualTo(LineDecision.GRANTED);
        assertThat(lines.acquire(ask("call-b", 1))).isEqualTo(LineDecision.GRANTED);
        assertThat(lines.acquire(ask("call-c", 1))).isEqualTo(LineDecision.BUSY_NUMBER);
        assertThat(lines.acquire(ask("call-d", 2))).isEqualTo(LineDecision.GRANTED);

        assertThat(holderIds(lines)).containsExactly("call-a", "call-b", "call-d");
    }

    @Test
    void organizationAtItsLimitAnswersBusyOrganization() {
        LineWorkflow lines = startLines(LineState.empty(ORGANIZATION), null);
        for (int number = 1; number <= ORGANIZATION_LIMIT; number++) {
            assertThat(lines.acquire(ask("call-" + number, number))).isEqualTo(LineDecision.GRANTED);
        }

        assertThat(lines.acquire(ask("call-6", 6))).isEqualTo(LineDecision.BUSY_ORGANIZATION);
        assertThat(lines.state().holders()).hasSize(ORGANIZATION_LIMIT);
    }

    @Test
    void acquireIsIdempotentByCallId() {
        LineWorkflow lines = startLines(LineState.empty(ORGANIZATION), null);
        assertThat(lines.acquire(ask("call-a", 1))).isEqualTo(LineDecision.GRANTED);
        assertThat(lines.acquire(ask("call-b", 1))).isEqualTo(LineDecision.GRANTED);

        assertThat(lines.acquire(ask("call-a", 1)))
                .as("a holder asking again, with its number full")
                .isEqualTo(LineDecision.GRANTED);
        assertThat(holderIds(lines)).containsExactly("call-a", "call-b");
    }

    @Test
    void releaseIsIdempotentAndFreesTheLine() {
        LineWorkflow lines = startLines(LineState.empty(ORGANIZATION), null);
        lines.acquire(ask("call-a", 1));
        lines.acquire(ask("call-b", 1));
        assertThat(lines.acquire(ask("call-c", 1))).isEqualTo(LineDecision.BUSY_NUMBER);

        lines.release(new ReleaseLine("call-a", ORGANIZATION));
        lines.release(new ReleaseLine("call-a", ORGANIZATION));
        lines.release(new ReleaseLine("call-never-held", ORGANIZATION));

        assertThat(lines.acquire(ask("call-c", 1))).isEqualTo(LineDecision.GRANTED);
        assertThat(holderIds(lines)).containsExactly("call-b", "call-c");
        Histories.record(client, WorkflowIds.lines(ORGANIZATION), "line-acquire-release");
    }

    @Test
    void validatorRejectsBadInputBeforeItReachesHistory() {
        LineWorkflow lines = startLines(LineState.empty(ORGANIZATION), null);

        assertThatThrownBy(() -> lines.acquire(new AcquireLine(" ", ORGANIZATION, 1, 2, 5)))
                .isInstanceOf(WorkflowUpdateException.class);
        assertThatThrownBy(() -> lines.acquire(new AcquireLine("call-a", ORGANIZATION + 1, 1, 2, 5)))
                .isInstanceOf(WorkflowUpdateException.class);
        assertThatThrownBy(() -> lines.acquire(new AcquireLine("call-a", ORGANIZATION, 1, -1, 5)))
                .isInstanceOf(WorkflowUpdateException.class);
        assertThatThrownBy(() -> lines.acquire(new AcquireLine("call-a", ORGANIZATION, 1, 2, -1)))
                .isInstanceOf(WorkflowUpdateException.class);
        assertThat(lines.acquire(ask("call-a", 1))).isEqualTo(LineDecision.GRANTED);

        assertThat(holderIds(lines)).containsExactly("call-a");
        long accepted = client.fetchHistory(WorkflowIds.lines(ORGANIZATION)).getEvents().stream()
                .filter(event -> event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED)
                .count();
        assertThat(accepted).as("only the valid acquire is in history").isEqualTo(1);
    }

    @Test
    void auditDropsHoldersWhoseCallWorkflowClosed() {
        LineWorkflow lines = startLines(LineState.empty(ORGANIZATION), null);
        lines.acquire(ask("call-terminated", 1));
        lines.acquire(ask("call-alive", 1));
        audit.closed.add("call-terminated");

        env.sleep(Duration.ofSeconds(61));

        eventually(() -> assertThat(holderIds(lines)).containsExactly("call-alive"));
        assertThat(audit.audits.getFirst().callWorkflowIds()).containsExactly("call-terminated", "call-alive");
        assertThat(lines.acquire(ask("call-new", 1)))
                .as("the dropped holder's line is free again")
                .isEqualTo(LineDecision.GRANTED);
        Histories.record(client, WorkflowIds.lines(ORGANIZATION), "line-audit-drops-closed-holder");
    }

    @Test
    void noAuditWhileNoLineIsHeld() {
        LineWorkflow lines = startLines(LineState.empty(ORGANIZATION), null);
        lines.acquire(ask("call-a", 1));
        lines.release(new ReleaseLine("call-a", ORGANIZATION));

        env.sleep(Duration.ofMinutes(10));

        assertThat(audit.audits).isEmpty();
        assertThat(lines.state().holders()).isEmpty();
    }

    @Test
    void heldLineKeepsTheSemaphoreRunningPastTheIdleTimeout() {
        LineWorkflow lines = startLines(LineState.empty(ORGANIZATION), null);
        lines.acquire(ask("call-a", 1));

        env.sleep(Duration.ofMinutes(90));

        assertThat(status(startedRun)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        assertThat(holderIds(lines)).containsExactly("call-a");
        assertThat(audit.audits).hasSizeGreaterThanOrEqualTo(60);
    }

    @Test
    void idleOrganizationEndsItsWorkflowAndTheNextCallStartsItAgain() {
        LineWorkflow lines = startLines(LineState.empty(ORGANIZATION), null);
        String firstRun = startedRun;
        lines.acquire(ask("call-a", 1));
        lines.release(new ReleaseLine("call-a", ORGANIZATION));
        env.sleep(Duration.ofMinutes(61));
        eventually(() ->
                assertThat(status(firstRun)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED));
        Histories.record(client, WorkflowIds.lines(ORGANIZATION), firstRun, "line-idle-end");

        LineWorkflow starter = client.newWorkflowStub(
                LineWorkflow.class,
                options().toBuilder()
                        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                        .build());
        LineDecision decision = WorkflowClient.executeUpdateWithStart(
                starter::acquire,
                ask("call-b", 1),
                UpdateOptions.<LineDecision>newBuilder()
                        .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                        .build(),
                new WithStartWorkflowOperation<>(starter::run, LineState.empty(ORGANIZATION)));
        assertThat(decision).isEqualTo(LineDecision.GRANTED);
        assertThat(holderIds(lines)).containsExactly("call-b");
    }

    @Test
    void continueAsNewKeepsHoldersAndLimits() throws InterruptedException {
        Instant since = Instant.parse("2026-03-02T09:00:00Z");
        LineState carried = new LineState(
                ORGANIZATION,
                List.of(
                        new LineHolder("call-old-1", 1, since),
                        new LineHolder("call-old-2", 2, since),
                        new LineHolder("call-old-3", 3, since)));
        LineTuning tuning = new LineTuning(Duration.ofSeconds(60), Duration.ofHours(1), 20);
        LineWorkflow lines = startLines(carried, tuning);
        String firstRun = startedRun;

        continueAsNewByGrowth(lines, firstRun);

        assertThat(lines.state()).isEqualTo(carried);
        assertThat(lines.acquire(ask("call-new", 1))).isEqualTo(LineDecision.GRANTED);
        assertThat(lines.acquire(ask("call-newer", 1)))
                .as("the carried holder still counts against its number")
                .isEqualTo(LineDecision.BUSY_NUMBER);
        assertThat(WorkflowStub.fromTyped(lines)
                        .describe()
                        .getMemo(LineTuning.MEMO_KEY, LineTuning.class, LineTuning.class))
                .as("the tuning is carried over")
                .isEqualTo(tuning);
        Histories.record(client, WorkflowIds.lines(ORGANIZATION), firstRun, "line-continued-as-new");
    }

    @Test
    void aSemaphoreStartedOnTheCallsQueueMovesToTheLinesQueueAtContinueAsNew() throws InterruptedException {
        LineTuning tuning = new LineTuning(Duration.ofSeconds(60), Duration.ofHours(1), 20);
        LineWorkflow lines = startLines(TaskQueues.CALLS, LineState.empty(ORGANIZATION), tuning);
        String firstRun = startedRun;
        assertThat(lines.acquire(ask("call-held", 1))).isEqualTo(LineDecision.GRANTED);

        continueAsNewByGrowth(lines, firstRun);

        assertThat(WorkflowStub.fromTyped(lines)
                        .describe()
                        .getRawDescription()
                        .getExecutionConfig()
                        .getTaskQueue()
                        .getName())
                .as("the next run's task queue")
                .isEqualTo(TaskQueues.LINES);
        assertThat(holderIds(lines)).containsExactly("call-held");
        assertThat(lines.acquire(ask("call-next", 1))).isEqualTo(LineDecision.GRANTED);
        Histories.record(client, WorkflowIds.lines(ORGANIZATION), firstRun, "line-continued-as-new-onto-lines-queue");
    }

    @Test
    void burstOfOneHundredAcquiresNeverOverGrants() throws Exception {
        startLines(LineState.empty(ORGANIZATION), null);
        int numbers = 4;
        Map<LineDecision, Integer> answers = new EnumMap<>(LineDecision.class);
        Map<Long, Integer> grantedPerNumber = new HashMap<>();
        List<AcquireLine> asked = new ArrayList<>();
        List<Future<LineDecision>> decided = new ArrayList<>();
        try (ExecutorService callers = Executors.newFixedThreadPool(50)) {
            for (int i = 0; i < 100; i++) {
                AcquireLine request = ask("call-" + i, 1 + i % numbers);
                asked.add(request);
                decided.add(callers.submit(() -> lineStub().acquire(request)));
            }
            for (int i = 0; i < 100; i++) {
                LineDecision decision = decided.get(i).get();
                answers.merge(decision, 1, Integer::sum);
                if (decision == LineDecision.GRANTED) {
                    grantedPerNumber.merge(asked.get(i).numberId(), 1, Integer::sum);
                }
            }
        }

        assertThat(answers.get(LineDecision.GRANTED)).isEqualTo(ORGANIZATION_LIMIT);
        assertThat(answers.get(LineDecision.BUSY_NUMBER) + answers.get(LineDecision.BUSY_ORGANIZATION))
                .isEqualTo(95);
        assertThat(grantedPerNumber.values())
                .allSatisfy(granted -> assertThat(granted).isLessThanOrEqualTo(NUMBER_LIMIT));
        assertThat(lineStub().state().holders()).hasSize(ORGANIZATION_LIMIT);
    }

    @Test
    void callsComingAndGoingNeverHoldMoreLinesThanTheLimit() throws Exception {
        startLines(LineState.empty(ORGANIZATION), null);
        AtomicInteger holding = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        AtomicLong granted = new AtomicLong();
        try (ExecutorService callers = Executors.newFixedThreadPool(25)) {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                AcquireLine request = ask("call-" + i, 1 + i % 4);
                calls.add(callers.submit(() -> {
                    LineWorkflow lines = lineStub();
                    if (lines.acquire(request) != LineDecision.GRANTED) {
                        return null;
                    }
                    // Counted after the grant and uncounted before the release: never more than the
                    // semaphore's own holders, so a count above the limit would be an over-grant.
                    mostHeld.accumulateAndGet(holding.incrementAndGet(), Math::max);
                    granted.incrementAndGet();
                    Thread.sleep(5);
                    holding.decrementAndGet();
                    lines.release(new ReleaseLine(request.callWorkflowId(), ORGANIZATION));
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        }

        assertThat(mostHeld.get()).isLessThanOrEqualTo(ORGANIZATION_LIMIT);
        assertThat(granted.get()).isGreaterThanOrEqualTo(ORGANIZATION_LIMIT);
        eventually(() -> assertThat(lineStub().state().holders()).isEmpty());
    }

    // ---- harness ----

    private WorkflowOptions options() {
        return WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.lines(ORGANIZATION))
                .setTaskQueue(TaskQueues.LINES)
                .build();
    }

    private LineWorkflow startLines(LineState state, LineTuning tuning) {
        return startLines(TaskQueues.LINES, state, tuning);
    }

    private LineWorkflow startLines(String taskQueue, LineState state, LineTuning tuning) {
        WorkflowOptions.Builder options = options().toBuilder().setTaskQueue(taskQueue);
        if (tuning != null) {
            options.setMemo(Map.of(LineTuning.MEMO_KEY, tuning));
        }
        LineWorkflow lines = client.newWorkflowStub(LineWorkflow.class, options.build());
        startedRun = WorkflowClient.start(lines::run, state).getRunId();
        return lineStub();
    }

    private LineWorkflow lineStub() {
        return client.newWorkflowStub(LineWorkflow.class, WorkflowIds.lines(ORGANIZATION));
    }

    /**
     * Grows the run's history with releases until it continues as new. Paced, because a
     * continue-as-new is refused while new signals keep arriving (the server hands them to the old
     * run first; nothing is lost).
     */
    private void continueAsNewByGrowth(LineWorkflow lines, String firstRun) throws InterruptedException {
        for (int i = 0; i < 100 && status(firstRun) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING; i++) {
            try {
                lines.release(new ReleaseLine("call-never-held-" + i, ORGANIZATION));
            } catch (WorkflowNotFoundException betweenRuns) {
                // The test service briefly finds no open run while one continues as the next.
            }
            Thread.sleep(20);
        }
        eventually(() -> assertThat(status(firstRun))
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW));
    }

    private static AcquireLine ask(String callId, long numberId) {
        return new AcquireLine(callId, ORGANIZATION, numberId, NUMBER_LIMIT, ORGANIZATION_LIMIT);
    }

    private static List<String> holderIds(LineWorkflow lines) {
        return lines.state().holders().stream().map(LineHolder::callWorkflowId).toList();
    }

    private WorkflowExecutionStatus status(String runId) {
        return client.newUntypedWorkflowStub(WorkflowTargetOptions.newBuilder()
                        .setWorkflowId(WorkflowIds.lines(ORGANIZATION))
                        .setRunId(runId)
                        .build())
                .describe()
                .getStatus();
    }

    /** Retries an assertion on state that a workflow reaches asynchronously (after an activity). */
    private static void eventually(Runnable assertion) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw notYet;
                }
            }
        }
    }
}
