package com.switchboard.gpu.slots;

import java.time.Duration;

/**
 * How many sessions a device admits.
 *
 * @param sessionFootprintMiB GPU memory one session's models need (speech-to-text, LLM context,
 *     text-to-speech); a GPU admits a session only while its free memory covers it
 * @param maxSessionsPerGpu upper bound per GPU, whatever its memory says
 * @param cpuSlots sessions on a host without GPUs (tests, dev mode)
 * @param memorySettleTime how long after a session starts its models may still be loading; until
 *     then its footprint is counted against the GPU's headroom even though the free-memory reading
 *     does not show it yet, so a burst of calls cannot all squeeze into the same free memory
 * @param recheckInterval how often a waiting reservation reads the GPUs again (memory freed by
 *     something other than our own sessions ending shows up only in a new reading)
 */
public record SlotPolicy(
        long sessionFootprintMiB,
        int maxSessionsPerGpu,
        int cpuSlots,
        Duration memorySettleTime,
        Duration recheckInterval) {

    public SlotPolicy {
        if (sessionFootprintMiB < 1) {
            throw new IllegalArgumentException("the per-session footprint is at least 1 MiB");
        }
        if (maxSessionsPerGpu < 1) {
            throw new IllegalArgumentException("a GPU holds at least one session");
        }
        if (cpuSlots < 0) {
            throw new IllegalArgumentException("CPU slots are not negative");
        }
        if (memorySettleTime == null || memorySettleTime.isNegative()) {
            throw new IllegalArgumentException("memorySettleTime must not be negative");
        }
        if (recheckInterval == null || recheckInterval.isZero() || recheckInterval.isNegative()) {
            throw new IllegalArgumentException("recheckInterval must be positive");
        }
    }
}
