package com.switchboard.bench.chaos;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A stretch of the run during which one part was stopped on purpose: from the moment the soak
 * stopped it until the moment it was started again (null while it is still away), and then for
 * {@code recovery}, while the work the outage left behind drains.
 *
 * <p>Why a server's or Temporal's window outlasts its restart: the workflows the dead worker had
 * cached keep their sticky task queue, and the real server moves a task off it only after the
 * sticky schedule-to-start timeout (the control-plane worker's 5 s). A call that ends just after the
 * restart therefore waits that long for its own workflow task, and its release waits it again on
 * the organization's semaphore: {@link #STICKY_RECOVERY}.
 */
record FaultWindow(Part part, String name, Instant from, Instant to, Duration recovery) {

    /** Two sticky schedule-to-start timeouts (the call's, then the semaphore's) and a second of polls. */
    static final Duration STICKY_RECOVERY = Duration.ofSeconds(2 * 5 + 1);

    FaultWindow(Part part, String name, Instant from, Instant to) {
        this(part, name, from, to, Duration.ZERO);
    }

    /** The window of a part restarted at {@code to}, with the recovery its kind of outage needs. */
    static FaultWindow closed(Part part, String name, Instant from, Instant to) {
        return new FaultWindow(part, name, from, to, part == Part.GPU_WORKER ? Duration.ZERO : STICKY_RECOVERY);
    }

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
        return !from.isAfter(b) && !(to != null && to.plus(recovery).isBefore(a));
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
        return name + " away " + length().toMillis() + " ms from " + from
                + (recovery.isZero() ? "" : " (+ " + recovery.toSeconds() + " s recovery)");
    }
}
