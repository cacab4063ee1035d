package com.switchboard.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.workflows.ControlPlaneWorkflows;
import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.lines.AcquireLine;
import com.switchboard.workflows.lines.ClosedHolders;
import com.switchboard.workflows.lines.LineAuditActivities;
import com.switchboard.workflows.lines.LineDecision;
import com.switchboard.workflows.lines.LineHolder;
import com.switchboard.workflows.lines.LineState;
import com.switchboard.workflows.lines.LineTuning;
import com.switchboard.workflows.lines.LineWorkflow;
import com.switchboard.workflows.lines.ReleaseLine;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The real LineWorkflow on the time-skipping test service, its histories read back. */
class LineHistoryTest {
    static final long ORGANIZATION = 9;

    private final Set<String> closed = ConcurrentHashMap.newKeySet();
    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @BeforeEach
    void start() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(TaskQueues.LINES);
        ControlPlaneWorkflows.registerLines(worker);
        worker.registerActivitiesImplementations((LineAuditActivities) audit -> new ClosedHolders(
                audit.callWorkflowIds().stream().filter(closed::contains).toList()));
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void replaysEveryDecisionWithItsHoldersAndEveryReleaseAcrossContinueAsNew() throws InterruptedException {
        Instant since = Instant.parse("2026-12-01T09:00:00Z");
        LineState carried = new LineState(ORGANIZATION, List.of(new LineHolder("call-old", 1, since)));
        LineTuning tuning = new LineTuning(Duration.ofSeconds(60), Duration.ofHours(1), 20);
        LineWorkflow lines = client.newWorkflowStub(
                LineWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(WorkflowIds.lines(ORGANIZATION))
                        .setTaskQueue(TaskQueues.LINES)
                        .setMemo(Map.of(LineTuning.MEMO_KEY, tuning))
                        .build());
        String firstRun = WorkflowClient.start(lines::run, carried).getRunId();
        LineWorkflow stub = client.newWorkflowStub(LineWorkflow.class, WorkflowIds.lines(ORGANIZATION));

        assertThat(stub.acquire(ask("call-a"))).isEqualTo(LineDecision.GRANTED);
        assertThat(stub.acquire(ask("call-b"))).isEqualTo(LineDecision.BUSY_NUMBER);
        stub.release(new ReleaseLine("call-old", ORGANIZATION));
        assertThat(stub.acquire(ask("call-b"))).isEqualTo(LineDecision.GRANTED);
        // Releases of lines nobody holds grow the history until the run continues as new.
        for (int i = 0; i < 100 && status(firstRun) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING; i++) {
            try {
                stub.release(new ReleaseLine("call-never-held-" + i, ORGANIZATION));
            } catch (WorkflowNotFoundException betweenRuns) {
                // The test service briefly finds no open run while one continues as the next.
            }
            Thread.sleep(20);
        }
        assertThat(status(firstRun)).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW);
        assertThat(stub.acquire(ask("call-c"))).isEqualTo(LineDecision.BUSY_NUMBER);
        stub.release(new ReleaseLine("call-a", ORGANIZATION));
        // call-b's workflow closed without releasing: the next audit (time skipped) drops it.
        closed.add("call-b");
        env.sleep(Duration.ofSeconds(61));
        assertThat(stub.state().holders()).isEmpty();

        LineHistory.Log log = LineHistory.read(client, ORGANIZATION);

        assertThat(log.runs()).isGreaterThanOrEqualTo(2);
        assertThat(log.decisions())
                .extracting(d -> d.request().callWorkflowId() + " " + d.decision() + " "
                        + d.holders().stream().map(LineHolder::callWorkflowId).toList())
                .containsExactly(
                        "call-a GRANTED [call-old]",
                        "call-b BUSY_NUMBER [call-old, call-a]",
                        "call-b GRANTED [call-a]",
                        "call-c BUSY_NUMBER [call-a, call-b]");
        assertThat(log.granted()).containsOnlyKeys("call-a", "call-b");
        assertThat(log.releases().get("call-old").how()).isEqualTo(LineHistory.Release.How.SIGNAL);
        assertThat(log.releases().get("call-a").how()).isEqualTo(LineHistory.Release.How.SIGNAL);
        assertThat(log.releases().get("call-b").how()).isEqualTo(LineHistory.Release.How.AUDIT);
        assertThat(log.releases().get("call-b").at()).isAfter(log.granted().get("call-b"));
        assertThat(BusyAudit.judge(log.decisions(), Map.of(), List.of(), BusyAudit.GRACE)
                        .unexplained())
                .as("every busy is accounted for by the replayed holders")
                .isEmpty();
    }

    private WorkflowExecutionStatus status(String runId) {
        WorkflowExecutionInfo info = client.getWorkflowServiceStubs()
                .blockingStub()
                .describeWorkflowExecution(
                        io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                                .setNamespace(client.getOptions().getNamespace())
                                .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                                        .setWorkflowId(WorkflowIds.lines(ORGANIZATION))
                                        .setRunId(runId))
                                .build())
                .getWorkflowExecutionInfo();
        return info.getStatus();
    }

    private static AcquireLine ask(String callId) {
        return new AcquireLine(callId, ORGANIZATION, 1, 2, 5);
    }
}
