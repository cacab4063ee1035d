package com.switchboard.livekit.simulator;

import java.time.Instant;

/**
 * A snapshot of one simulated SIP call.
 *
 * @param roomName the room LiveKit put the caller in (null when the INVITE was not accepted)
 * @param sipStatus the final SIP status the PBX saw: 200 when answered, 486 when rejected while
 *     ringing, 487 when the caller cancelled; null while ringing, and for an INVITE no trunk or rule
 *     matched (LiveKit SIP with the production {@code hide_inbound_port} sends 180 Ringing, then no
 *     final response at all)
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
