package com.switchboard.livekit.simulator;

import java.time.Instant;

/**
 * A snapshot of one simulated SIP call.
 *
 * @param roomName the room LiveKit put the caller in (null when the INVITE was not accepted)
 * @param sipStatus the final SIP status the PBX saw: 200 when answered, 486 when rejected while
 *     ringing, 404 when no trunk or rule matched, 487 when the caller cancelled; null while ringing
 * @param endCause null while the call is in progress
 */
public record SimulatedCall(
        String roomName,
        String calledNumber,
        String callerNumber,
        String callerIdentity,
        String sipCallId,
        String sipCallIdFull,
        String trunkId,
        CallState state,
        Integer sipStatus,
        Instant placedAt,
        Instant answeredAt,
        Instant endedAt,
        EndCause endCause) {}
