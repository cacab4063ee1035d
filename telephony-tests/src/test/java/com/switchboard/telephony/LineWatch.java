package com.switchboard.telephony;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/** Watches, every 100 ms, whether the call from one caller holds a line, and when it lets go. */
final class LineWatch {
    private final AtomicReference<Instant> held = new AtomicReference<>();
    private final AtomicReference<Instant> freed = new AtomicReference<>();
    private final AtomicReference<RuntimeException> lastError = new AtomicReference<>();
    private final Thread thread;

    private LineWatch(TestDatabase database, String caller, Duration atMost) {
        long deadline = System.nanoTime() + atMost.toNanos();
        thread = Thread.ofVirtual().start(() -> {
            while (freed.get() == null && System.nanoTime() < deadline) {
                try {
                    boolean holds = database.holdsLineFrom(caller);
                    Instant now = Instant.now();
                    if (holds) {
                        held.compareAndSet(null, now);
                    } else if (held.get() != null) {
                        freed.set(now);
                    }
                } catch (RuntimeException e) {
                    lastError.set(e);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    static LineWatch start(TestDatabase database, String caller) {
        return new LineWatch(database, caller, Duration.ofMinutes(3));
    }

    /** When the line was let go; fails when it was never held or is still held after {@code within}. */
    Instant awaitFreed(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (freed.get() == null && System.nanoTime() < deadline) {
            ChildProcess.sleep(100);
        }
        thread.interrupt();
        if (held.get() == null) {
            throw new AssertionError("the call never held a line", lastError.get());
        }
        if (freed.get() == null) {
            throw new AssertionError("the line was not freed within " + within, lastError.get());
        }
        return freed.get();
    }
}
