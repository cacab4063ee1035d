package com.switchboard.workflows.call;

import java.time.Instant;

/**
 * The SIP participant joined its room (LiveKit participant_joined, kind SIP).
 *
 * @param calledNumber {@code sip.trunkPhoneNumber}: the dialed number
 * @param callerNumber {@code sip.phoneNumber}
 * @param sipCallId {@code sip.callID}: LiveKit's call id
 * @param sipCallIdFull {@code sip.callIDFull}: the PBX's SIP Call-ID
 * @param trunkId {@code sip.trunkID}
 * @param participantIdentity the caller's participant identity in the room
 * @param joinedAt when LiveKit saw the join (the webhook's createdAt)
 */
public record CallerJoined(
        String calledNumber,
        String callerNumber,
        String sipCallId,
        String sipCallIdFull,
        String trunkId,
        String participantIdentity,
        Instant joinedAt) {}
