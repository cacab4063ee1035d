package com.switchboard.server.embedded;

import com.switchboard.gpu.GpuWorker;
import com.switchboard.gpu.GpuWorkerConfig;
import com.switchboard.gpu.inventory.GpuDevice;
import com.switchboard.gpu.inventory.GpuMemory;
import com.switchboard.gpu.inventory.GpuProbe;
import com.switchboard.gpu.session.LiveKitRooms;
import com.switchboard.livekit.simulator.LiveKitSimulator;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.context.SmartLifecycle;

/**
 * The GPU host of the embedded default: the gpu-workers module's worker, in this process, on CPU
 * slots, against the same Temporal service, dispatching agents into the LiveKit simulator (whose
 * agents join when dispatched). It shares the server's Temporal client, so the server's logging
 * context and metrics interceptors apply to its sessions too.
 */
final class InProcessGpuWorker implements SmartLifecycle {
    static final String NAME = "embedded-gpu@127.0.0.1";

    private final WorkflowClient client;
    private final LiveKitSimulator liveKit;
    private final EmbeddedSettings settings;
    private final int statusPort;
    private volatile GpuWorker worker;

    InProcessGpuWorker(WorkflowClient client, LiveKitSimulator liveKit, EmbeddedSettings settings, int statusPort) {
        this.client = client;
        this.liveKit = liveKit;
        this.settings = settings;
        this.statusPort = statusPort;
    }

    @Override
    public synchronized void start() {
        Map<String, String> environment = new java.util.HashMap<>(Map.of(
                "LIVEKIT_URL",
                liveKit.url().toString(),
                "LIVEKIT_API_KEY",
                EmbeddedInfrastructure.LIVEKIT_API_KEY,
                "LIVEKIT_API_SECRET",
                EmbeddedInfrastructure.LIVEKIT_API_SECRET,
                "GPU_WORKER_NAME",
                NAME,
                "GPU_FORCE_CPU",
                "true",
                "GPU_CPU_SLOTS",
                Integer.toString(settings.gpuSlots()),
                // /status where the fleet page and the GPU metrics read it (switchboard.fleet.workers).
                "GPU_STATUS_PORT",
                Integer.toString(statusPort),
                "GPU_DRAIN_SECONDS",
                "2"));
        if (settings.testServer()) {
            // The test service never moves a task off a sticky queue: nothing to wait for.
            environment.put("TEMPORAL_STICKY_SCHEDULE_TO_START_SECONDS", "0");
        }
        GpuWorkerConfig config = GpuWorkerConfig.from(environment::get);
        worker = GpuWorker.start(
                config,
                client,
                new NoGpu(),
                LiveKitRooms.connect(config.liveKitUrl(), config.liveKitApiKey(), config.liveKitApiSecret()));
    }

    @Override
    public synchronized void stop() {
        if (worker != null) {
            // On the real server its sessions time out and are retried by the next start's worker,
            // which finds whether their rooms still exist; on the test service they end with it.
            worker.shutdown(Duration.ofSeconds(2));
            worker = null;
        }
    }

    @Override
    public boolean isRunning() {
        return worker != null;
    }

    String identity() {
        GpuWorker running = worker;
        return running == null ? NAME : running.identity();
    }

    /** A host without GPUs: the worker runs its CPU slots and never loads PyTorch. */
    private static final class NoGpu implements GpuProbe {
        @Override
        public List<GpuDevice> devices() {
            return List.of();
        }

        @Override
        public GpuMemory memory(int index) {
            throw new IllegalStateException("no GPU " + index + " on this host");
        }

        @Override
        public void selfTest(int index) {
            throw new IllegalStateException("no GPU " + index + " on this host");
        }
    }
}
