package com.switchboard.server.e2e;

import com.switchboard.gpu.GpuWorker;
import com.switchboard.gpu.GpuWorkerConfig;
import com.switchboard.gpu.inventory.DjlGpuProbe;
import com.switchboard.gpu.inventory.GpuNames;
import com.switchboard.gpu.session.LiveKitRooms;
import com.switchboard.server.ServerTestSupport;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.Map;
import org.springframework.context.SmartLifecycle;

/**
 * One GPU host in this JVM, as {@code GpuWorkerMain} assembles it but with the test's Temporal
 * client and the simulator as its LiveKit: CPU slots whatever the machine has (so that a GPU on
 * the build host without a CUDA libtorch cannot fail the start), fast polls and heartbeats.
 */
final class GpuHost implements SmartLifecycle {
    static final String NAME = "gpu@e2e";

    private final WorkflowClient client;
    private final String liveKitUrl;
    private GpuWorker worker;

    GpuHost(WorkflowClient client, String liveKitUrl) {
        this.client = client;
        this.liveKitUrl = liveKitUrl;
    }

    @Override
    public synchronized void start() {
        Map<String, String> settings = Map.of(
                "GPU_WORKER_NAME", NAME,
                "GPU_FORCE_CPU", "true",
                "GPU_CPU_SLOTS", "4",
                "SESSION_POLL_MILLIS", "200",
                "SESSION_HEARTBEAT_SECONDS", "1",
                "AGENT_JOIN_TIMEOUT_SECONDS", "2",
                // One host only: a long pause after a no-show would starve the retry.
                "AGENT_NO_SHOW_PAUSE_SECONDS", "1",
                "GPU_DRAIN_SECONDS", "2");
        worker = GpuWorker.start(
                GpuWorkerConfig.from(settings::get),
                client,
                new DjlGpuProbe(GpuNames.none()),
                LiveKitRooms.connect(liveKitUrl, ServerTestSupport.API_KEY, ServerTestSupport.API_SECRET));
    }

    @Override
    public synchronized void stop() {
        worker.shutdown(Duration.ofSeconds(2));
        worker = null;
    }

    @Override
    public synchronized boolean isRunning() {
        return worker != null;
    }

    /** What session results and the calls row name as the GPU host: worker identity and device. */
    synchronized String sessionHost() {
        return worker.identity() + "/cpu";
    }
}
