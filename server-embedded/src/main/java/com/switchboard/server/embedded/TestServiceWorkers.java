package com.switchboard.server.embedded;

import io.temporal.common.SimplePlugin;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/**
 * Worker options every worker needs on Temporal's test service, whoever builds the worker: the
 * service has no sticky schedule-to-start timeout of its own and never moves a workflow task off a
 * worker's sticky queue, so workers must not wait on one (zero). A plugin on the server's Temporal
 * client reaches every worker factory made from that client.
 */
final class TestServiceWorkers extends SimplePlugin {
    TestServiceWorkers() {
        super("switchboard-embedded-test-service");
    }

    @Override
    public void configureWorker(String taskQueue, WorkerOptions.Builder options) {
        super.configureWorker(taskQueue, options);
        options.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
    }
}
