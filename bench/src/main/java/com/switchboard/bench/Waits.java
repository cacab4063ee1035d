package com.switchboard.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting for the control plane to settle between runs. */
final class Waits {
    private Waits() {}

    static void until(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        until(condition, timeout, true);
    }

    /** Returns whether the condition was met; throws instead of returning false when {@code strict}. */
    static boolean until(BooleanSupplier condition, Duration timeout, boolean strict) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                if (strict) {
                    throw new IllegalStateException("not reached within " + timeout);
                }
                return false;
            }
            Thread.sleep(50);
        }
        return true;
    }
}
