package com.switchboard.livekit.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The simulator's time: the clock its timestamps come from and the timers that make agents join and
 * media time out. The simulator runs on {@link #system()}; a test may drive a manual one instead of
 * sleeping through those delays. Webhook delivery keeps real time: it talks to a real receiver.
 */
interface Timers extends AutoCloseable {
    Clock clock();

    /** Runs {@code task} once, {@code delay} from now. */
    void schedule(Duration delay, Runnable task);

    @Override
    void close();

    /** The system's clock and one daemon thread for the timers. */
    static Timers system() {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "livekit-simulator-timers");
            t.setDaemon(true);
            return t;
        });
        return new Timers() {
            @Override
            public Clock clock() {
                return Clock.systemUTC();
            }

            @Override
            public void schedule(Duration delay, Runnable task) {
                executor.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
