package com.switchboard.server.metrics;

import com.switchboard.gpu.status.GpuFleetReport;
import java.util.List;

/**
 * Where the GPU slot gauges learn what the GPU workers hold. The server's default asks Temporal
 * which workers poll the agent-sessions queue and reads their {@code /status}; the embedded default
 * supplies its in-process worker's report instead.
 */
@FunctionalInterface
public interface GpuFleetSource {
    /** The workers' reports now; a worker that cannot be read is left out. */
    List<GpuFleetReport> reports();
}
