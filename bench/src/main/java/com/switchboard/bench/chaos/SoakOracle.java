package com.switchboard.bench.chaos;

import com.switchboard.livekit.simulator.CallState;
import com.switchboard.livekit.simulator.SimulatedCall;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/**
 * What a call's history row must say, given what the simulator's caller and LiveKit did. Besides
 * the strict outcome, two kinds of other outcome are accepted and counted apart: real races, where
 * the caller's move crossed the platform's (a CANCEL crossing the decision, a hangup at the answer),
 * and outcomes explained by a fault the soak injected (an outage during the call, a lost webhook).
 * A plain 486 is neither: a routed call rejected while it rang is busy (number or organization) or
 * had no GPU; whether that busy was deserved is {@link BusyAudit}'s question.
 */
final class SoakOracle {
    /** Why a routed caller may hear 486 while it rings. */
    static final Set<String> REJECTED_WHILE_RINGING = Set.of("busy_number", "busy_organization", "no_gpu_capacity");

    /** A hangup this soon after the answer races the GPU worker's view of that answer. */
    static final Duration AT_THE_ANSWER = Duration.ofSeconds(2);

    private SoakOracle() {}

    /** How an outcome stands against what the caller did. */
    enum Verdict {
        STRICT,
        RACE,
        UNDER_FAULT,
        WRONG
    }

    /**
     * @param why what makes the other outcomes possible, printed with their counts
     */
    record Expectation(Set<String> strict, Set<String> races, Set<String> underFault, String why) {
        Expectation {
            strict = Set.copyOf(strict);
            races = Set.copyOf(races);
            underFault = Set.copyOf(underFault);
        }

        static Expectation only(Set<String> strict) {
            return new Expectation(strict, Set.of(), Set.of(), "");
        }

        Verdict judge(String outcome) {
            if (outcome == null) {
                return Verdict.WRONG;
            }
            if (strict.contains(outcome)) {
                return Verdict.STRICT;
            }
            if (races.contains(outcome)) {
                return Verdict.RACE;
            }
            return underFault.contains(outcome) ? Verdict.UNDER_FAULT : Verdict.WRONG;
        }

        Set<String> allowed() {
            Set<String> all = new HashSet<>(strict);
            all.addAll(races);
            all.addAll(underFault);
            return Set.copyOf(all);
        }
    }

    /**
     * @param disturbed whether a server, GPU worker or Temporal outage overlapped the call's life
     */
    static Expectation expect(Placed call, SimulatedCall sim, boolean disturbed) {
        if (call.script() == Script.UNROUTED) {
            return sim.state() == CallState.REJECTED_486
                    ? Expectation.only(Set.of("unrouted"))
                    // The join webhook was lost and the caller gave up: the hangup started the call.
                    : new Expectation(Set.of("unrouted"), Set.of(), Set.of("abandoned"), "unrouted, join webhook lost");
        }
        return switch (sim.state()) {
            case REJECTED_486 ->
                disturbed
                        // A GPU host lost while its agent was on the way, on the last attempt: reaped by
                        // the heartbeat timeout, the room deleted while the caller still rang.
                        ? new Expectation(
                                REJECTED_WHILE_RINGING,
                                Set.of(),
                                Set.of("failed", "ghost_reaped"),
                                "486 during an outage")
                        : Expectation.only(REJECTED_WHILE_RINGING);
            case ENDED -> {
                if (sim.answeredAt() == null) {
                    // The caller's CANCEL can cross the platform's decision: a rejection (busy, no
                    // GPU) already on its way wins.
                    yield new Expectation(
                            Set.of("abandoned"),
                            REJECTED_WHILE_RINGING,
                            Set.of(),
                            "hung up while ringing, crossed the decision");
                }
                if (sim.endCause() == com.switchboard.livekit.simulator.EndCause.CALLER_HANGUP
                        && Duration.between(sim.answeredAt(), sim.endedAt()).compareTo(AT_THE_ANSWER) < 0) {
                    // Hung up within moments of the agent answering: the GPU worker had not yet seen
                    // the call answered when the caller left.
                    yield new Expectation(
                            Set.of("completed"),
                            Set.of("abandoned", "ghost_reaped"),
                            Set.of(),
                            "hung up as it was answered");
                }
                yield switch (sim.endCause()) {
                    case CALLER_HANGUP, CONNECTION_ABORTED ->
                        disturbed
                                // The GPU worker holding it was stopped: its heartbeat timed out first.
                                ? new Expectation(
                                        Set.of("completed"),
                                        Set.of(),
                                        Set.of("ghost_reaped"),
                                        "hangup during an outage")
                                : Expectation.only(Set.of("completed"));
                    case MEDIA_TIMEOUT ->
                        disturbed
                                ? new Expectation(
                                        Set.of("ghost_reaped"), Set.of(), Set.of("completed"), "ghost during an outage")
                                : Expectation.only(Set.of("ghost_reaped"));
                    // The platform itself ended an answered call (its session was cancelled or failed):
                    // a ghost reaped by heartbeat, a failure, or completed when the caller left first.
                    case ROOM_DELETED, PARTICIPANT_REMOVED ->
                        new Expectation(
                                Set.of("ghost_reaped"),
                                Set.of(),
                                Set.of("failed", "completed"),
                                "ended by the platform");
                };
            }
            case RINGING, ACTIVE -> new Expectation(Set.of(), Set.of(), Set.of(), "still in progress at the end");
            // No trunk matched: LiveKit never made a room, so there is no call to account for.
            case NOT_ACCEPTED -> new Expectation(Set.of(), Set.of(), Set.of(), "INVITE not accepted");
        };
    }
}
