package com.switchboard.workflows.livekit;

import com.switchboard.workflows.call.CallOutcome;

/** Turns a ringing caller away: the room is deleted before any agent answers, LiveKit SIP sends 486. */
public record RejectCall(String roomName, CallOutcome reason) {}
