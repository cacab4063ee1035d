package com.switchboard.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A stretch of the run during which one part was stopped on purpose: from the moment the soak
 * stopped it until the moment it was started again (null while it is still away).
 */
record FaultWindow(Part part, String name, Instant from, Instant to) {

    /** What was stopped; the checks excuse different things for different parts. */
    enum Part {
        /** A server replica: its webhook endpoint and control-plane worker. */
        SERVER,
        /** A GPU worker: its agent sessions stop heartbeating. */
        GPU_WORKER,
        /** The Temporal server itself. */
        TEMPORAL
    }

    boolean overlaps(Instant a, Instant b) {
        return !from.isAfter(b) && !(to != null && to.isBefore(a));
    }

    /** How long the part was away; up to now when it has not come back. */
    Duration length() {
        return Duration.between(from, to == null ? Instant.now() : to);
    }

    /** The first window of the given parts that overlaps [a, b], or null. */
    static FaultWindow overlapping(List<FaultWindow> windows, Instant a, Instant b, List<Part> parts) {
        for (FaultWindow w : windows) {
            if (parts.contains(w.part()) && w.overlaps(a, b)) {
                return w;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return name + " away " + length().toMillis() + " ms from " + from;
    }
}
