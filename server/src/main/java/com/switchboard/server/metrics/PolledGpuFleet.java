package com.switchboard.server.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.switchboard.gpu.status.GpuFleetReport;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.client.WorkflowClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPU fleet as Temporal sees it: every worker polling an agent-sessions queue names itself
 * {@code <name>@<host>:<statusPort>} (see GpuFleetReport), so its {@code /status} is at
 * {@code http://<host>:<statusPort>/status}. A worker that stopped polling drops out of Temporal's
 * poller list within a minute, and so out of the gauges.
 */
final class PolledGpuFleet implements GpuFleetSource {
    private static final Logger log = LoggerFactory.getLogger(PolledGpuFleet.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final WorkflowClient client;
    private final List<String> taskQueues;
    private final ObjectMapper json;
    private final HttpClient http;

    PolledGpuFleet(WorkflowClient client, List<String> taskQueues, ObjectMapper json) {
        this.client = client;
        this.taskQueues = List.copyOf(taskQueues);
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @Override
    public List<GpuFleetReport> reports() {
        List<GpuFleetReport> reports = new ArrayList<>();
        for (String taskQueue : taskQueues) {
            for (PollerInfo poller : pollers(taskQueue)) {
                statusUrl(poller.getIdentity()).flatMap(this::read).ifPresent(reports::add);
            }
        }
        return reports;
    }

    private List<PollerInfo> pollers(String taskQueue) {
        try {
            return client.getWorkflowServiceStubs()
                    .blockingStub()
                    .withDeadlineAfter(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
                            .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY)
                            .build())
                    .getPollersList();
        } catch (RuntimeException e) {
            log.debug("pollers of {} not read: {}", taskQueue, e.toString());
            return List.of();
        }
    }

    /** {@code gpu@host-a:9400} -> http://host-a:9400/status; identities without a port serve none. */
    static Optional<URI> statusUrl(String identity) {
        int at = identity.lastIndexOf('@');
        int colon = identity.lastIndexOf(':');
        if (colon <= at + 1 || colon == identity.length() - 1) {
            return Optional.empty();
        }
        String host = identity.substring(at + 1, colon);
        String port = identity.substring(colon + 1);
        if (!port.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        try {
            return Optional.of(URI.create("http://" + host + ":" + port + "/status"));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Optional<GpuFleetReport> read(URI status) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(status).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            return Optional.of(json.readValue(response.body(), GpuFleetReport.class));
        } catch (IOException e) {
            log.debug("{} not read: {}", status, e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
