package com.switchboard.workflows.livekit;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The control plane's LiveKit calls (the adapter lives in the activities module). */
@ActivityInterface
public interface LiveKitActivities {
    @ActivityMethod
    void rejectCall(RejectCall request);

    @ActivityMethod
    void endCall(EndCall request);
}
