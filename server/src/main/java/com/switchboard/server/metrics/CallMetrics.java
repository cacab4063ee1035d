package com.switchboard.server.metrics;

import com.switchboard.workflows.call.CallOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The call counters and timers this server exports (Prometheus names in brackets):
 *
 * <ul>
 *   <li>{@code switchboard.calls.admitted} [switchboard_calls_admitted_total]: calls that got a line,
 *       by organization;
 *   <li>{@code switchboard.calls.rejected} [switchboard_calls_rejected_total]: callers turned away
 *       while ringing (486), by organization and reason (busy_number, busy_organization, unrouted,
 *       no_gpu_capacity);
 *   <li>{@code switchboard.calls.ended} [switchboard_calls_ended_total]: every closed call, by
 *       organization and outcome;
 *   <li>{@code switchboard.calls.ghosts.reaped} [switchboard_calls_ghosts_reaped_total]: calls that
 *       died without a hangup and were found by supervision or the heartbeat timeout;
 *   <li>{@code switchboard.call.admission} [switchboard_call_admission_seconds]: from the caller
 *       joining LiveKit's room to holding a line (route, semaphore, ledger: the control plane's
 *       share of call setup), recorded at admission;
 *   <li>{@code switchboard.call.setup} [switchboard_call_setup_seconds]: from the caller joining to
 *       the agent answering (LiveKit's 200 OK: admission, GPU scheduling, agent dispatch and
 *       join), recorded when the call closes, since only then does the ledger know the answer time.
 * </ul>
 *
 * Counts are of what this replica's workers did: sum them over replicas. Organizations are tagged
 * by id (their slug is in {@code switchboard_organization_info}).
 */
final class CallMetrics {
    static final String NO_ORGANIZATION = "none";

    private final MeterRegistry registry;

    CallMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void admitted(long organizationId, Duration sinceJoined) {
        Counter.builder("switchboard.calls.admitted")
                .description("Calls that got a line")
                .tag("organization", Long.toString(organizationId))
                .register(registry)
                .increment();
        if (sinceJoined != null && !sinceJoined.isNegative()) {
            timer("switchboard.call.admission", "From the caller joining the room to holding a line", organizationId)
                    .record(sinceJoined);
        }
    }

    void closed(Long organizationId, CallOutcome outcome, Duration joinedToAnswered) {
        String organization = organizationId == null ? NO_ORGANIZATION : organizationId.toString();
        Counter.builder("switchboard.calls.ended")
                .description("Closed calls by outcome")
                .tag("organization", organization)
                .tag("outcome", outcome.dbValue())
                .register(registry)
                .increment();
        if (outcome.rejectsWhileRinging()) {
            Counter.builder("switchboard.calls.rejected")
                    .description("Callers turned away while ringing (SIP 486), by reason")
                    .tag("organization", organization)
                    .tag("reason", outcome.dbValue())
                    .register(registry)
                    .increment();
        }
        if (outcome == CallOutcome.GHOST_REAPED) {
            Counter.builder("switchboard.calls.ghosts.reaped")
                    .description("Calls that died without a hangup and were reaped")
                    .tag("organization", organization)
                    .register(registry)
                    .increment();
        }
        if (joinedToAnswered != null && !joinedToAnswered.isNegative() && organizationId != null) {
            timer("switchboard.call.setup", "From the caller joining the room to the agent answering", organizationId)
                    .record(joinedToAnswered);
        }
    }

    private Timer timer(String name, String description, long organizationId) {
        return Timer.builder(name)
                .description(description)
                .tag("organization", Long.toString(organizationId))
                .publishPercentileHistogram()
                // A ringing caller: tens of milliseconds to tens of seconds is the range that matters.
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofSeconds(60))
                .register(registry);
    }
}
