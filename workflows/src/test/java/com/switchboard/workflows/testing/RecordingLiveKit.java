package com.switchboard.workflows.testing;

import com.switchboard.workflows.livekit.EndCall;
import com.switchboard.workflows.livekit.LiveKitActivities;
import com.switchboard.workflows.livekit.RejectCall;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Remembers which rooms were rejected (486 while ringing) or ended. */
public final class RecordingLiveKit implements LiveKitActivities {
    public final List<RejectCall> rejected = new CopyOnWriteArrayList<>();
    public final List<EndCall> ended = new CopyOnWriteArrayList<>();

    /** Runs inside each reject, after it is recorded: e.g. LiveKit's hangup webhook for the room. */
    public volatile Consumer<RejectCall> afterReject = request -> {};

    @Override
    public void rejectCall(RejectCall request) {
        rejected.add(request);
        afterReject.accept(request);
    }

    @Override
    public void endCall(EndCall request) {
        ended.add(request);
    }
}
