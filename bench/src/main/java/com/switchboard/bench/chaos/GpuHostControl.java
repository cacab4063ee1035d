package com.switchboard.bench.chaos;

import com.switchboard.gpu.GpuWorker;
import com.switchboard.gpu.GpuWorkerConfig;
import com.switchboard.gpu.inventory.DjlGpuProbe;
import com.switchboard.gpu.inventory.GpuNames;
import com.switchboard.gpu.session.LiveKitRooms;
import io.temporal.client.WorkflowClient;
import java.util.Map;

/**
 * One GPU host in this JVM, as {@code GpuWorkerMain} assembles it but on CPU slots, with fast polls
 * and heartbeats. {@link #stop()} halts it at once, as a crashed host looks to Temporal: its sessions
 * stop heartbeating and are reaped or retried elsewhere.
 */
public final class GpuHostControl implements Restartable {
    private final String name;
    private final int slots;
    private final WorkflowClient client;
    private final String liveKitUrl;
    private final String apiKey;
    private final String apiSecret;
    private GpuWorker worker;

    public GpuHostControl(
            String name, int slots, WorkflowClient client, String liveKitUrl, String apiKey, String apiSecret) {
        this.name = name;
        this.slots = slots;
        this.client = client;
        this.liveKitUrl = liveKitUrl;
        this.apiKey = apiKey;
        this.apiSecret = apiSecret;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() {
        Map<String, String> settings = Map.of(
                "GPU_WORKER_NAME", name,
                "GPU_FORCE_CPU", "true",
                "GPU_CPU_SLOTS", Integer.toString(slots),
                "SESSION_POLL_MILLIS", "200",
                "SESSION_HEARTBEAT_SECONDS", "1",
                "AGENT_JOIN_TIMEOUT_SECONDS", "3",
                "AGENT_NO_SHOW_PAUSE_SECONDS", "1",
                // Temporal's test service never moves a task off a sticky queue.
                "TEMPORAL_STICKY_SCHEDULE_TO_START_SECONDS", "0",
                "GPU_DRAIN_SECONDS", "2");
        worker = GpuWorker.start(
                GpuWorkerConfig.from(settings::get),
                client,
                new DjlGpuProbe(GpuNames.none()),
                LiveKitRooms.connect(liveKitUrl, apiKey, apiSecret));
    }

    @Override
    public synchronized void stop() {
        if (worker != null) {
            worker.halt();
            worker = null;
        }
    }

    /** A graceful stop at the end of a run. */
    public synchronized void shutdown() {
        if (worker != null) {
            worker.shutdown(java.time.Duration.ofSeconds(2));
            worker = null;
        }
    }
}
