package com.switchboard.activities.livekit;

import com.switchboard.workflows.livekit.EndCall;
import com.switchboard.workflows.livekit.LiveKitActivities;
import com.switchboard.workflows.livekit.RejectCall;
import io.livekit.server.RoomServiceClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control plane's LiveKit adapter. Both operations delete the call's room: while the caller
 * still rings that makes LiveKit SIP answer the INVITE with 486 Busy Here, once answered it hangs
 * the call up. A room that is already gone is success, so retries are harmless.
 */
public final class LiveKitActivitiesImpl implements LiveKitActivities {
    private static final Logger log = LoggerFactory.getLogger(LiveKitActivitiesImpl.class);

    private final RoomServiceClient rooms;

    public LiveKitActivitiesImpl(LiveKitClients clients) {
        this.rooms = clients.rooms();
    }

    @Override
    public void rejectCall(RejectCall request) {
        deleteRoom(request.roomName(), "reject call (" + request.reason() + ")");
    }

    @Override
    public void endCall(EndCall request) {
        deleteRoom(request.roomName(), "end call (" + request.reason().wire() + ")");
    }

    private void deleteRoom(String roomName, String why) {
        try {
            boolean deleted = LiveKitCalls.delete(rooms.deleteRoom(roomName), "delete room " + roomName);
            log.info("{}: room {} {}", why, roomName, deleted ? "deleted" : "was already gone");
        } catch (LiveKitCallException e) {
            throw LiveKitCalls.asActivityFailure(e);
        }
    }
}
