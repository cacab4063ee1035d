package com.switchboard.workflows.session;

/** Why an agent session ended, as the GPU worker's supervision saw it. */
public enum SessionEndReason {
    /** The caller left the room (a hangup). */
    CALLER_LEFT,
    /** The caller vanished without a BYE (LiveKit's media timeout dropped it). */
    CALLER_MEDIA_LOST,
    /** The agent left; the worker deleted the room so that no call stays open with RTP flowing. */
    AGENT_LEFT,
    /** The room no longer exists. */
    ROOM_GONE,
    /** The organization's maximum call duration passed; the worker ended the call. */
    MAX_DURATION,
    /** The workflow cancelled the session (hangup signal); the worker cleaned up. */
    CANCELLED
}
