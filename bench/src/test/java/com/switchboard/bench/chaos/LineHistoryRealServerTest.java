package com.switchboard.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.activities.lines.LineActivitiesImpl;
import com.switchboard.bench.DevServerProcess;
import com.switchboard.workflows.ControlPlaneWorkflows;
import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.lines.AcquireLine;
import com.switchboard.workflows.lines.ClosedHolders;
import com.switchboard.workflows.lines.LineAuditActivities;
import com.switchboard.workflows.lines.LineDecision;
import com.switchboard.workflows.lines.LineWorkflow;
import com.switchboard.workflows.lines.ReleaseLine;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The replay against the real server's histories: acquires and releases crossing in one task. */
class LineHistoryRealServerTest {
    static final long ORGANIZATION = 11;

    @Test
    void everyBusyOfAConcurrentRunIsExplainedByTheReplayedHolders() throws Exception {
        try (DevServerProcess temporal = DevServerProcess.launch()) {
            WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                    .setTarget(temporal.target())
                    .build());
            WorkflowClient client = WorkflowClient.newInstance(stubs);
            WorkerFactory factory = WorkerFactory.newInstance(client);
            Worker worker = factory.newWorker(TaskQueues.LINES);
            ControlPlaneWorkflows.registerLines(worker);
            worker.registerActivitiesImplementations((LineAuditActivities) audit -> new ClosedHolders(List.of()));
            factory.start();
            try {
                // Acquire as calls do: update-with-start through the line activities.
                LineActivitiesImpl activities = new LineActivitiesImpl(client);
                LineWorkflow stub = client.newWorkflowStub(LineWorkflow.class, WorkflowIds.lines(ORGANIZATION));
                List<Future<?>> callers = new ArrayList<>();
                try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                    for (int c = 0; c < 8; c++) {
                        int caller = c;
                        callers.add(pool.submit(() -> {
                            for (int i = 0; i < 15; i++) {
                                String id = "call-" + caller + "-" + i;
                                long number = 1 + ThreadLocalRandom.current().nextInt(3);
                                LineDecision d = activities.acquire(new AcquireLine(id, ORGANIZATION, number, 1, 2));
                                if (d == LineDecision.GRANTED) {
                                    stub.release(new ReleaseLine(id, ORGANIZATION));
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : callers) {
                        f.get();
                    }
                }
                // The last release signals may still wait for their workflow task.
                for (int i = 0; i < 100 && !stub.state().holders().isEmpty(); i++) {
                    Thread.sleep(50);
                }
                LineHistory.Log log = LineHistory.read(client, ORGANIZATION);

                assertThat(log.decisions()).hasSize(120);
                assertThat(BusyAudit.judge(log.decisions(), java.util.Map.of(), List.of(), BusyAudit.GRACE)
                                .unexplained())
                        .isEmpty();
                assertThat(log.releases()).hasSameSizeAs(log.granted());
            } finally {
                factory.shutdownNow();
                stubs.shutdownNow();
            }
        }
    }
}
