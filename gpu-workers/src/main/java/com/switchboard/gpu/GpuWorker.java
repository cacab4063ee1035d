package com.switchboard.gpu;

import com.switchboard.gpu.inventory.GpuInventory;
import com.switchboard.gpu.inventory.GpuProbe;
import com.switchboard.gpu.session.AgentSessionActivitiesImpl;
import com.switchboard.gpu.session.LiveKitRooms;
import com.switchboard.gpu.slots.GpuSlotSupplier;
import com.switchboard.gpu.slots.SessionDevice;
import com.switchboard.gpu.status.GpuFleetReport;
import com.switchboard.gpu.status.StatusServer;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.tuning.CompositeTuner;
import io.temporal.worker.tuning.FixedSizeSlotSupplier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GPU host's worker: finds its devices, sizes its session slots from them, and polls the
 * agent-sessions queue with the agent-session activity. Assembled from parts so that tests run
 * several "hosts" in one JVM, each with its own client, probe and LiveKit.
 */
public final class GpuWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GpuWorker.class);

    // The worker runs no workflows; Temporal still asks for these suppliers.
    private static final int OTHER_SLOTS = 2;

    private final GpuWorkerConfig config;
    private final String identity;
    private final GpuInventory inventory;
    private final GpuSlotSupplier slots;
    private final WorkerFactory factory;
    private final StatusServer status;

    private GpuWorker(
            GpuWorkerConfig config,
            String identity,
            GpuInventory inventory,
            GpuSlotSupplier slots,
            WorkerFactory factory,
            StatusServer status) {
        this.config = config;
        this.identity = identity;
        this.inventory = inventory;
        this.slots = slots;
        this.factory = factory;
        this.status = status;
    }

    public static GpuWorker start(GpuWorkerConfig config, WorkflowClient client, GpuProbe probe, LiveKitRooms livekit) {
        Clock clock = Clock.systemUTC();
        GpuInventory inventory =
                config.forceCpu() ? new GpuInventory(List.of(), List.of()) : GpuInventory.discover(probe);
        List<SessionDevice> devices = devices(config, inventory);
        GpuSlotSupplier slots = new GpuSlotSupplier(devices, probe, config.slots(), clock);

        AtomicReference<GpuWorker> self = new AtomicReference<>();
        StatusServer status = null;
        try {
            String identity = config.name();
            if (config.statusPort() >= 0) {
                status =
                        StatusServer.start(config.statusPort(), () -> self.get().report());
                // The port in the identity tells the server where /status is (see GpuFleetReport).
                identity = config.name() + ":" + status.port();
            }
            GpuWorker worker =
                    new GpuWorker(config, identity, inventory, slots, WorkerFactory.newInstance(client), status);
            self.set(worker);
            return worker.register(client, livekit, clock);
        } catch (IOException e) {
            slots.close();
            throw new UncheckedIOException("cannot serve /status on port " + config.statusPort(), e);
        } catch (RuntimeException e) {
            slots.close();
            if (status != null) {
                status.close();
            }
            throw e;
        }
    }

    private GpuWorker register(WorkflowClient client, LiveKitRooms livekit, Clock clock) {
        String host = identity;
        AgentSessionActivitiesImpl sessions = new AgentSessionActivitiesImpl(
                livekit,
                config.session(),
                key -> host + "/" + slots.deviceOf(key).map(SessionDevice::id).orElse("unplaced"),
                () -> slots.pause(config.session().noShowPause()),
                clock);
        Worker worker = factory.newWorker(
                config.taskQueue(),
                WorkerOptions.newBuilder()
                        .setIdentity(identity)
                        .setWorkerTuner(new CompositeTuner(
                                new FixedSizeSlotSupplier<>(OTHER_SLOTS),
                                slots,
                                new FixedSizeSlotSupplier<>(OTHER_SLOTS),
                                new FixedSizeSlotSupplier<>(OTHER_SLOTS)))
                        .setMaxHeartbeatThrottleInterval(config.heartbeatInterval())
                        .setDefaultHeartbeatThrottleInterval(config.heartbeatInterval())
                        // A graceful stop lets running calls end normally, still heartbeating.
                        .setAllowActivityHeartbeatDuringShutdown(true)
                        .setStickyQueueScheduleToStartTimeout(config.stickyScheduleToStart())
                        .build());
        worker.registerActivitiesImplementations(sessions);
        factory.start();
        log.info(
                "GPU worker {} polls {} with {} on {}",
                identity,
                config.taskQueue(),
                slots.snapshot().devices().stream()
                        .map(d -> d.device().id() + " (max " + d.device().maxSessions() + ")")
                        .toList(),
                client.getOptions().getNamespace());
        return this;
    }

    static List<SessionDevice> devices(GpuWorkerConfig config, GpuInventory inventory) {
        if (inventory.hostHasNoGpu()) {
            if (config.slots().cpuSlots() < 1) {
                throw new IllegalStateException(
                        "no GPU found and GPU_CPU_SLOTS is 0: this worker could hold no session");
            }
            log.info("no GPU found: running {} CPU slots", config.slots().cpuSlots());
            return List.of(new SessionDevice.Cpu(config.slots().cpuSlots()));
        }
        if (inventory.usable().isEmpty()) {
            // GPUs present but none works: refusing to start makes the broken host visible.
            throw new IllegalStateException("every GPU failed its self-test (is a CUDA build of pytorch-native on the"
                    + " class path, matching PYTORCH_FLAVOR?): " + inventory.excluded());
        }
        return inventory.usable().stream()
                .<SessionDevice>map(
                        gpu -> new SessionDevice.Gpu(gpu, config.slots().maxSessionsPerGpu()))
                .toList();
    }

    public String identity() {
        return identity;
    }

    public GpuFleetReport report() {
        return GpuFleetReport.of(identity, config.taskQueue(), inventory, slots.snapshot());
    }

    /** Stops taking sessions, lets running ones end within {@code drain}, then interrupts them. */
    public void shutdown(Duration drain) {
        log.info("GPU worker {} stops taking calls; draining for up to {}", identity, drain);
        factory.shutdown();
        factory.awaitTermination(drain.toMillis(), TimeUnit.MILLISECONDS);
        if (!factory.isTerminated()) {
            log.warn("GPU worker {} interrupts the calls still running after {}", identity, drain);
            factory.shutdownNow();
            factory.awaitTermination(10, TimeUnit.SECONDS);
        }
        closeParts();
    }

    /** Stops at once, as a crash would look to Temporal if its client is closed too (tests). */
    public void halt() {
        factory.shutdownNow();
        closeParts();
    }

    private void closeParts() {
        slots.close();
        if (status != null) {
            status.close();
        }
    }

    @Override
    public void close() {
        shutdown(config.drain());
    }
}
