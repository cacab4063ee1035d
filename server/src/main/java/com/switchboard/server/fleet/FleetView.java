package com.switchboard.server.fleet;

import java.util.List;

/**
 * The GPU fleet at one moment.
 *
 * @param configured false: no worker status URLs are configured at all
 * @param slotsUsed over the workers that answered
 */
public record FleetView(boolean configured, List<WorkerReading> workers, int slotsUsed, int slotsFree) {
    public FleetView {
        workers = List.copyOf(workers);
    }

    static FleetView of(List<WorkerReading> workers, boolean configured) {
        int used = 0;
        int free = 0;
        for (WorkerReading worker : workers) {
            if (worker.reachable()) {
                used += worker.status().slotsUsed();
                free += worker.status().slotsFree();
            }
        }
        return new FleetView(configured, workers, used, free);
    }
}
