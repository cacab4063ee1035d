package com.switchboard.gpu.status;

import com.switchboard.gpu.inventory.GpuInventory;
import com.switchboard.gpu.slots.DeviceLoad;
import com.switchboard.gpu.slots.HeldSlot;
import com.switchboard.gpu.slots.SessionDevice;
import com.switchboard.gpu.slots.SlotSnapshot;
import java.time.Instant;
import java.util.List;

/**
 * What one GPU worker holds, as JSON on its {@code /status} endpoint.
 *
 * <p>How the server finds it, without any extra publication channel: every GPU worker polls the
 * agent-sessions task queue, so the server lists that queue's pollers (Temporal's
 * DescribeTaskQueue, activity task type). Each poller's identity is {@code <name>@<host>:<port>}
 * when the worker serves its status (see {@code GpuWorkerConfig#statusPort}), and the server reads
 * {@code http://<host>:<port>/status} of each. A poller that stops polling drops out of the list
 * within a minute, which is also how a dead host leaves the fleet view. Which calls a host holds
 * is visible in Temporal too: each running session heartbeats its {@code gpuHost}.
 *
 * @param mode {@code gpu}, or {@code cpu} on a host without GPUs
 * @param slotsFree sessions this worker would still admit now
 * @param pausedUntil set while the worker admits nothing after one of its agents did not show up
 */
public record GpuFleetReport(
        String identity,
        String taskQueue,
        Instant at,
        String mode,
        int slotsUsed,
        int slotsFree,
        Instant pausedUntil,
        List<Device> devices,
        List<Session> sessions,
        List<ExcludedGpu> excluded) {

    /**
     * @param totalMiB null for the CPU
     * @param freeMiB the last reading, null for the CPU or a GPU that cannot be read
     */
    public record Device(
            String id, String name, Long totalMiB, Long freeMiB, int sessions, int maxSessions, int freeSlots) {}

    public record Session(String callWorkflowId, int attempt, String device, Instant since) {}

    public record ExcludedGpu(String id, String name, String reason) {}

    public static GpuFleetReport of(String identity, String taskQueue, GpuInventory inventory, SlotSnapshot slots) {
        boolean cpu = slots.devices().stream().allMatch(load -> load.device() instanceof SessionDevice.Cpu);
        return new GpuFleetReport(
                identity,
                taskQueue,
                slots.at(),
                cpu ? "cpu" : "gpu",
                slots.slotsUsed(),
                slots.slotsFree(),
                slots.pausedUntil(),
                slots.devices().stream().map(load -> device(load, slots)).toList(),
                slots.sessions().stream().map(GpuFleetReport::session).toList(),
                inventory.excluded().stream()
                        .map(e -> new ExcludedGpu(e.device().id(), e.device().name(), e.reason()))
                        .toList());
    }

    private static Device device(DeviceLoad load, SlotSnapshot slots) {
        int sessions = (int) slots.sessions().stream()
                .filter(s -> s.device().equals(load.device().id()))
                .count();
        Long total = switch (load.device()) {
            case SessionDevice.Gpu gpu -> gpu.gpu().totalMiB();
            case SessionDevice.Cpu cpu -> null;
        };
        Long free = load.memory().map(m -> m.freeMiB()).orElse(null);
        return new Device(
                load.device().id(),
                load.device().name(),
                total,
                free,
                sessions,
                load.device().maxSessions(),
                load.freeSlots(slots.policy()));
    }

    private static Session session(HeldSlot held) {
        return new Session(held.session().workflowId(), held.session().attempt(), held.device(), held.since());
    }
}
