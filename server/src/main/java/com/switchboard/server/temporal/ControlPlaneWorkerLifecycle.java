package com.switchboard.server.temporal;

import com.switchboard.activities.db.Database;
import com.switchboard.activities.livekit.LiveKitActivitiesImpl;
import com.switchboard.activities.livekit.LiveKitClients;
import com.switchboard.activities.route.PhoneNumbers;
import com.switchboard.activities.route.RouteActivitiesImpl;
import com.switchboard.activities.route.RoutingRepository;
import com.switchboard.activities.temporal.ControlPlaneWorker;
import com.switchboard.activities.temporal.SearchAttributeRegistration;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Runs the control-plane worker (task queue {@code calls}) inside the server, built by {@link
 * ControlPlaneWorker} exactly as the tests and the benchmark build it. Started once the context is
 * ready, stopped (in-flight tasks allowed to finish) before the database pool closes.
 */
@Component
class ControlPlaneWorkerLifecycle implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ControlPlaneWorkerLifecycle.class);

    private final WorkflowClient client;
    private final Database database;
    private final LiveKitClients liveKit;
    private final WorkerProperties properties;
    private final boolean testServer;
    private WorkerFactory factory;

    ControlPlaneWorkerLifecycle(
            WorkflowClient client,
            Database database,
            LiveKitClients liveKit,
            WorkerProperties properties,
            Environment environment) {
        this.client = client;
        this.database = database;
        this.liveKit = liveKit;
        this.properties = properties;
        // Also for a test service in a process of its own (soak harness, benchmarks): it never moves a
        // task off a dead worker's sticky queue, so a restarted server must not use sticky queues.
        this.testServer = environment.getProperty("spring.temporal.test-server.enabled", Boolean.class, false)
                || environment.getProperty("switchboard.temporal.test-service", Boolean.class, false);
    }

    @Override
    public synchronized void start() {
        if (!properties.enabled()) {
            log.info("control-plane worker disabled (switchboard.worker.enabled=false)");
            return;
        }
        try {
            SearchAttributeRegistration.register(
                    client.getWorkflowServiceStubs(), client.getOptions().getNamespace());
        } catch (RuntimeException e) {
            // Not fatal: attributes registered earlier stay; the worker's polls reveal an outage anyway.
            log.warn("could not register the call search attributes: {}", e.toString());
        }
        ControlPlaneWorker.Capacity capacity = properties.capacity();
        factory = WorkerFactory.newInstance(client, capacity.factoryOptions());
        ControlPlaneWorker.register(
                factory,
                ControlPlaneWorker.Activities.of(
                        database,
                        client,
                        new RouteActivitiesImpl(
                                new RoutingRepository(database, new PhoneNumbers(properties.defaultRegion()))),
                        new LiveKitActivitiesImpl(liveKit)),
                (testServer ? ControlPlaneWorker.Options.testServer() : ControlPlaneWorker.Options.production())
                        .withCapacity(capacity));
        factory.start();
        log.info(
                "control-plane worker polling task queue calls (workflow cache {}, {} workflow threads, {} activity slots)",
                capacity.workflowCacheSize(),
                capacity.activitySlots(),
                capacity.virtualWorkflowThreads() ? "virtual" : "platform");
    }

    @Override
    public synchronized void stop() {
        if (factory != null) {
            factory.shutdown();
            factory.awaitTermination(10, TimeUnit.SECONDS);
            factory = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return factory != null;
    }
}
