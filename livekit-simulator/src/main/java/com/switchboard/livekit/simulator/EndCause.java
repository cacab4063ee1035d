package com.switchboard.livekit.simulator;

/** Why a simulated call left its room. */
public enum EndCause {
    /** The caller hung up (BYE or CANCEL): participant_left is sent. */
    CALLER_HANGUP,
    /** The room was deleted through the API. */
    ROOM_DELETED,
    /** The caller was removed through the API. */
    PARTICIPANT_REMOVED,
    /**
     * No RTP for the media timeout: LiveKit SIP hung up the PBX, and the caller left with a
     * participant_left webhook as after a BYE (the agents had reported the audio lost).
     */
    MEDIA_TIMEOUT,
    /** The caller's connection failed: participant_connection_aborted is sent. */
    CONNECTION_ABORTED
}
