package com.switchboard.server.metrics;

import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.client.WorkflowClient;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Readiness needs Temporal: a server that cannot reach it answers webhooks with 503 and runs no
 * calls. One cheap round trip, bounded well below a probe's timeout.
 */
final class TemporalHealthIndicator implements HealthIndicator {
    private final WorkflowClient client;

    TemporalHealthIndicator(WorkflowClient client) {
        this.client = client;
    }

    @Override
    public Health health() {
        try {
            client.getWorkflowServiceStubs()
                    .blockingStub()
                    .withDeadlineAfter(2, TimeUnit.SECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
            return Health.up()
                    .withDetail("namespace", client.getOptions().getNamespace())
                    .build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.toString()).build();
        }
    }
}
