package com.switchboard.livekit.simulator;

/** Where a simulated SIP call stands, as the PBX would see it. */
public enum CallState {
    /** LiveKit SIP accepted the INVITE and the caller is in its room; nobody answered yet. */
    RINGING,
    /** An agent joined: LiveKit SIP answered 200 OK. */
    ACTIVE,
    /** The room was deleted or the caller removed while ringing: LiveKit SIP answered 486 Busy Here. */
    REJECTED_486,
    /**
     * No inbound trunk or dispatch rule matched: LiveKit SIP dropped the INVITE without a final
     * response (hide_inbound_port) and made no room.
     */
    NOT_ACCEPTED,
    /** The call was answered or abandoned and is over; {@link SimulatedCall#endCause()} says how. */
    ENDED
}
