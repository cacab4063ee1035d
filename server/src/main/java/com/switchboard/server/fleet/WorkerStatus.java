package com.switchboard.server.fleet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;

/**
 * A GPU worker's {@code /status} document (gpu-workers' GpuFleetReport), read leniently: fields it
 * adds later are ignored, so the server and the workers can be upgraded one at a time.
 *
 * @param mode {@code gpu}, or {@code cpu} on a host without GPUs
 * @param slotsFree sessions the worker would still admit now
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkerStatus(
        String identity,
        String taskQueue,
        Instant at,
        String mode,
        int slotsUsed,
        int slotsFree,
        List<Device> devices,
        List<Session> sessions,
        List<ExcludedGpu> excluded) {

    public WorkerStatus {
        devices = devices == null ? List.of() : List.copyOf(devices);
        sessions = sessions == null ? List.of() : List.copyOf(sessions);
        excluded = excluded == null ? List.of() : List.copyOf(excluded);
    }

    /** @param totalMiB null for the CPU */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Device(
            String id, String name, Long totalMiB, Long freeMiB, int sessions, int maxSessions, int freeSlots) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Session(String callWorkflowId, int attempt, String device, Instant since) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ExcludedGpu(String id, String name, String reason) {}
}
