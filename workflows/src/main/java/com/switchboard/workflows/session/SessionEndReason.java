package com.switchboard.workflows.session;

/** Why an agent session ended, as the GPU worker's supervision saw it. */
public enum SessionEndReason {
    /** The caller left the room (a hangup). */
    CALLER_LEFT,
    /**
     * The caller vanished from the room while the worker last saw it active, and the agent had not
     * said its audio stopped: LiveKit's media timeout, or a hangup whose webhook is still on its way.
     */
    CALLER_MEDIA_LOST,
    /**
     * The caller's audio had stopped (the agent reported no RTP) when the caller left or the room
     * went: LiveKit SIP's media timeout hung up a PBX that went silent without BYE. A ghost, even
     * though LiveKit reports that departure exactly as a hangup (participant_left).
     */
    CALLER_MEDIA_TIMEOUT,
    /** The agent left; the worker deleted the room so that no call stays open with RTP flowing. */
    AGENT_LEFT,
    /** The room no longer exists. */
    ROOM_GONE,
    /** The organization's maximum call duration passed; the worker ended the call. */
    MAX_DURATION,
    /** The workflow cancelled the session (hangup signal); the worker cleaned up. */
    CANCELLED
}
