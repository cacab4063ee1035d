package com.switchboard.bench.chaos;

import java.time.Duration;

/**
 * How big and how nasty a soak is.
 *
 * @param calls calls placed in all
 * @param callsPerSecond the steady rate they are placed at
 * @param organizations tenants, each with {@code numbersPerOrganization} numbers
 * @param organizationLimit each organization's concurrent-call limit
 * @param numberLimit each number's limit (the first number of each tenant gets 1, so busy_number is
 *     common; the others this)
 * @param ghostShare answered callers whose audio then stops (LiveKit drops them after its media
 *     timeout and the webhook of that drop is lost)
 * @param abandonShare callers who hang up at once, usually while still ringing
 * @param unroutedShare calls to numbers nobody owns
 * @param minHold shortest time an answered caller talks
 * @param maxHold longest time an answered caller talks
 * @param maxRing how long a caller lets it ring before hanging up
 * @param gpuRestarts how many times a GPU worker is stopped and started again, spread over the run
 * @param serverRestarts how many times the server is stopped and started again
 * @param temporalRestarts how many times the Temporal server is SIGKILLed and started again on its
 *     database (only where the soak runs its own real Temporal server)
 * @param settle how long after the last call the system may take to close every call
 */
public record SoakPlan(
        int calls,
        double callsPerSecond,
        int organizations,
        int numbersPerOrganization,
        int organizationLimit,
        int numberLimit,
        double ghostShare,
        double abandonShare,
        double unroutedShare,
        Duration minHold,
        Duration maxHold,
        Duration maxRing,
        int gpuRestarts,
        int serverRestarts,
        int temporalRestarts,
        Duration settle,
        long seed) {

    /** The test suite's soak: a few hundred calls, about a minute of calls. */
    public static SoakPlan shortRun() {
        return new SoakPlan(
                300,
                5,
                3,
                3,
                4,
                2,
                0.1,
                0.1,
                0.05,
                Duration.ofMillis(500),
                Duration.ofSeconds(3),
                Duration.ofSeconds(20),
                1,
                1,
                1,
                Duration.ofSeconds(90),
                2026);
    }

    /** The harness's default: thousands of calls, ~5-10 minutes on a 2-core machine. */
    public static SoakPlan longRun() {
        return new SoakPlan(
                3000,
                8,
                4,
                3,
                6,
                2,
                0.1,
                0.1,
                0.05,
                Duration.ofMillis(500),
                Duration.ofSeconds(4),
                Duration.ofSeconds(25),
                3,
                2,
                1,
                Duration.ofSeconds(120),
                2026);
    }

    public SoakPlan withCalls(int n, double perSecond) {
        return new SoakPlan(
                n,
                perSecond,
                organizations,
                numbersPerOrganization,
                organizationLimit,
                numberLimit,
                ghostShare,
                abandonShare,
                unroutedShare,
                minHold,
                maxHold,
                maxRing,
                gpuRestarts,
                serverRestarts,
                temporalRestarts,
                settle,
                seed);
    }

    public SoakPlan withRestarts(int gpu, int server) {
        return new SoakPlan(
                calls,
                callsPerSecond,
                organizations,
                numbersPerOrganization,
                organizationLimit,
                numberLimit,
                ghostShare,
                abandonShare,
                unroutedShare,
                minHold,
                maxHold,
                maxRing,
                gpu,
                server,
                temporalRestarts,
                settle,
                seed);
    }

    public SoakPlan withTemporalRestarts(int temporal) {
        return new SoakPlan(
                calls,
                callsPerSecond,
                organizations,
                numbersPerOrganization,
                organizationLimit,
                numberLimit,
                ghostShare,
                abandonShare,
                unroutedShare,
                minHold,
                maxHold,
                maxRing,
                gpuRestarts,
                serverRestarts,
                temporal,
                settle,
                seed);
    }

    public SoakPlan withSeed(long newSeed) {
        return new SoakPlan(
                calls,
                callsPerSecond,
                organizations,
                numbersPerOrganization,
                organizationLimit,
                numberLimit,
                ghostShare,
                abandonShare,
                unroutedShare,
                minHold,
                maxHold,
                maxRing,
                gpuRestarts,
                serverRestarts,
                temporalRestarts,
                settle,
                newSeed);
    }

    public SoakPlan withSettle(Duration newSettle) {
        return new SoakPlan(
                calls,
                callsPerSecond,
                organizations,
                numbersPerOrganization,
                organizationLimit,
                numberLimit,
                ghostShare,
                abandonShare,
                unroutedShare,
                minHold,
                maxHold,
                maxRing,
                gpuRestarts,
                serverRestarts,
                temporalRestarts,
                newSettle,
                seed);
    }
}
