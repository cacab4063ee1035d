package com.switchboard.bench;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/** Waiting for the control plane to settle between runs. */
final class Waits {
    private Waits() {}

    static void until(BooleanSupplier condition, Duration timeout) {
        until(condition, timeout, true);
    }

    /** Returns whether the condition was met; throws instead of returning false when {@code strict}. */
    static boolean until(BooleanSupplier condition, Duration timeout, boolean strict) {
        try {
            Awaitility.await()
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(condition::getAsBoolean);
            return true;
        } catch (ConditionTimeoutException e) {
            if (strict) {
                throw new IllegalStateException("not reached within " + timeout, e);
            }
            return false;
        }
    }
}
