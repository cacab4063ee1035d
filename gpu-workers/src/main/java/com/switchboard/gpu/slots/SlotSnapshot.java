package com.switchboard.gpu.slots;

import java.time.Instant;
import java.util.List;

/**
 * What the slot supplier holds at one instant, for the fleet view. {@code devices} count running
 * sessions only: the reservations pollers hold while they wait for work are free capacity.
 *
 * @param pausedUntil while admission is paused after an agent no-show, null otherwise
 */
public record SlotSnapshot(
        Instant at, SlotPolicy policy, List<DeviceLoad> devices, List<HeldSlot> sessions, Instant pausedUntil) {
    public SlotSnapshot {
        devices = List.copyOf(devices);
        sessions = List.copyOf(sessions);
    }

    public int slotsUsed() {
        return sessions.size();
    }

    /** Sessions this worker would still admit now (none while paused). */
    public int slotsFree() {
        if (pausedUntil != null) {
            return 0;
        }
        return devices.stream().mapToInt(load -> load.freeSlots(policy)).sum();
    }
}
