package com.switchboard.workflows.livekit;

/** Hangs a call up from our side by deleting its room; a room that is already gone is success. */
public record EndCall(String roomName, String reason) {}
