package com.switchboard.server.temporal;

import com.switchboard.activities.temporal.ControlPlaneWorker;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled whether this server runs the control-plane worker (a server may serve webhooks only)
 * @param defaultRegion the region dialed numbers without a country code belong to (ISO 3166, e.g. IT)
 * @param workflowCacheSize open workflows (held calls, busy organizations' line semaphores) kept in
 *     memory; above it the worker evicts and replays histories. About 60-70 KB of heap each.
 * @param virtualWorkflowThreads workflow code on virtual threads: no OS thread per held call
 * @param activitySlots control-plane activities (route, ledger, line acquire) run at once
 */
@ConfigurationProperties("switchboard.worker")
public record WorkerProperties(
        Boolean enabled,
        String defaultRegion,
        Integer workflowCacheSize,
        Boolean virtualWorkflowThreads,
        Integer activitySlots) {
    public WorkerProperties {
        ControlPlaneWorker.Capacity defaults = ControlPlaneWorker.Capacity.DEFAULT;
        enabled = enabled == null ? Boolean.TRUE : enabled;
        defaultRegion = defaultRegion == null || defaultRegion.isBlank() ? "IT" : defaultRegion;
        workflowCacheSize = workflowCacheSize == null ? defaults.workflowCacheSize() : workflowCacheSize;
        virtualWorkflowThreads =
                virtualWorkflowThreads == null ? defaults.virtualWorkflowThreads() : virtualWorkflowThreads;
        activitySlots = activitySlots == null ? defaults.activitySlots() : activitySlots;
    }

    /** The control-plane worker's capacity; refuses a cache size or slot count below 1. */
    public ControlPlaneWorker.Capacity capacity() {
        return new ControlPlaneWorker.Capacity(workflowCacheSize, virtualWorkflowThreads, activitySlots);
    }
}
