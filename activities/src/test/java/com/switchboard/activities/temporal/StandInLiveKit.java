package com.switchboard.activities.temporal;

import com.switchboard.workflows.livekit.EndCall;
import com.switchboard.workflows.livekit.LiveKitActivities;
import com.switchboard.workflows.livekit.RejectCall;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Stands in for LiveKit (an external system): remembers which rooms were rejected or ended. */
final class StandInLiveKit implements LiveKitActivities {
    final Map<String, RejectCall> rejected = new ConcurrentHashMap<>();
    final Map<String, EndCall> ended = new ConcurrentHashMap<>();

    @Override
    public void rejectCall(RejectCall request) {
        rejected.put(request.roomName(), request);
    }

    @Override
    public void endCall(EndCall request) {
        ended.put(request.roomName(), request);
    }
}
