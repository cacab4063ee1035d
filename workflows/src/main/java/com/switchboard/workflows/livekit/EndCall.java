package com.switchboard.workflows.livekit;

import com.switchboard.workflows.call.EndReason;

/** Hangs a call up from our side by deleting its room; a room that is already gone is success. */
public record EndCall(String roomName, EndReason reason) {}
