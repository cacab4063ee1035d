package com.switchboard.livekit.simulator;

import java.util.LinkedHashMap;
import livekit.LivekitModels;
import livekit.LivekitModels.ParticipantInfo;

/** A room and who is in it; {@code call} is the simulated SIP call placed into it, if any. */
final class SimRoom {
    final String name;
    final LivekitModels.Room info;
    final LinkedHashMap<String, ParticipantInfo> participants = new LinkedHashMap<>();
    SimCall call;

    SimRoom(String name, LivekitModels.Room info) {
        this.name = name;
        this.info = info;
    }

    boolean hasCaller() {
        return call != null && participants.containsKey(call.identity);
    }

    boolean isCaller(String identity) {
        return call != null && call.identity.equals(identity);
    }

    LivekitModels.Room snapshot() {
        return info.toBuilder().setNumParticipants(participants.size()).build();
    }
}
