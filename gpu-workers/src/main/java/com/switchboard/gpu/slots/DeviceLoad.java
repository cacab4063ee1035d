package com.switchboard.gpu.slots;

import com.switchboard.gpu.inventory.GpuMemory;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One device at one instant: its sessions and the memory reading the decision is made on. The
 * admission rule lives here, as a pure function of the numbers, so it is tested from injected
 * readings alone.
 *
 * @param held slots held on the device: running sessions plus reservations of pollers waiting
 * @param unsettled held slots whose models may not show in {@code memory} yet (see
 *     {@link SlotPolicy#memorySettleTime()})
 * @param memory the reading, empty for the CPU or when the GPU could not be read
 */
public record DeviceLoad(SessionDevice device, int held, int unsettled, Optional<GpuMemory> memory) {

    /** The device to put a new session on: the one with most headroom that admits it, if any. */
    public static Optional<SessionDevice> choose(List<DeviceLoad> loads, SlotPolicy policy) {
        return loads.stream()
                .filter(load -> load.admits(policy))
                .max(Comparator.comparingLong((DeviceLoad load) -> load.headroom(policy))
                        .thenComparing(load -> -load.held()))
                .map(DeviceLoad::device);
    }

    /** Whether one more session fits: under the device's maximum and, on a GPU, in its memory. */
    public boolean admits(SlotPolicy policy) {
        if (held >= device.maxSessions()) {
            return false;
        }
        return switch (device) {
            case SessionDevice.Gpu gpu -> headroom(policy) >= policy.sessionFootprintMiB();
            case SessionDevice.Cpu cpu -> true;
        };
    }

    /**
     * Room left for new sessions: on a GPU the free MiB less the footprint of sessions that have
     * not loaded yet (negative when overcommitted; {@link Long#MIN_VALUE} without a reading, so an
     * unreadable GPU never wins); on the CPU the free slots.
     */
    public long headroom(SlotPolicy policy) {
        return switch (device) {
            case SessionDevice.Gpu gpu ->
                memory.map(m -> m.freeMiB() - (long) unsettled * policy.sessionFootprintMiB())
                        .orElse(Long.MIN_VALUE);
            case SessionDevice.Cpu cpu -> device.maxSessions() - held;
        };
    }

    /** How many more sessions would be admitted now, one after another, by this rule. */
    public int freeSlots(SlotPolicy policy) {
        int byCount = Math.max(0, device.maxSessions() - held);
        return switch (device) {
            case SessionDevice.Gpu gpu -> {
                long headroom = headroom(policy);
                long byMemory = headroom <= 0 ? 0 : headroom / policy.sessionFootprintMiB();
                yield (int) Math.min(byCount, byMemory);
            }
            case SessionDevice.Cpu cpu -> byCount;
        };
    }
}
