package com.switchboard.livekit.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.PriorityQueue;

/**
 * Time that moves only when a test says so: {@link #advance} runs the timers that fall due, in order,
 * on the test's thread.
 */
final class ManualTimers implements Timers {
    private record Due(Instant at, long order, Runnable task) {}

    private final PriorityQueue<Due> due = new PriorityQueue<>(
            (a, b) -> a.at().equals(b.at()) ? Long.compare(a.order(), b.order()) : a.at().compareTo(b.at()));
    private Instant now = Instant.parse("2026-01-05T09:00:00Z");
    private long scheduled;

    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the simulator's clock is UTC");
        }

        @Override
        public Instant instant() {
            synchronized (ManualTimers.this) {
                return now;
            }
        }
    };

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        due.add(new Due(now.plus(delay), scheduled++, task));
    }

    /** Moves the clock on by {@code duration}, running each timer at its time. */
    void advance(Duration duration) {
        Instant until;
        synchronized (this) {
            until = now.plus(duration);
        }
        while (true) {
            Due next;
            synchronized (this) {
                next = due.peek();
                if (next == null || next.at().isAfter(until)) {
                    now = until;
                    return;
                }
                due.poll();
                now = next.at();
            }
            // Outside this lock: the task takes the simulator's lock, which may be scheduling more.
            next.task().run();
        }
    }

    @Override
    public void close() {}
}
