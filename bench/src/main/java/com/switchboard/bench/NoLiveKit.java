package com.switchboard.bench;

import com.switchboard.workflows.livekit.EndCall;
import com.switchboard.workflows.livekit.LiveKitActivities;
import com.switchboard.workflows.livekit.RejectCall;

/** LiveKit is not part of what is measured: rooms are "deleted" at once. */
final class NoLiveKit implements LiveKitActivities {
    @Override
    public void rejectCall(RejectCall request) {}

    @Override
    public void endCall(EndCall request) {}
}
