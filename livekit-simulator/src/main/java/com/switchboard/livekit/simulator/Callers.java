package com.switchboard.livekit.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import livekit.LivekitAgentDispatch;
import livekit.LivekitModels;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitSip;

/**
 * The PBX's side as LiveKit SIP plays it: INVITEs matched to a trunk and dispatch rule, the ringing
 * SIP participant in a room of its own, hangups, dropped connections and lost media. Everything
 * happens under the rooms' lock, the simulator's one lock.
 */
final class Callers {
    private final Rooms rooms;
    private final SipProvisioning sip;
    private final Ids ids;
    private final Timers timers;
    private final Clock clock;

    /** By room name; a call stays here after its room is gone. */
    private final Map<String, SimCall> calls = new LinkedHashMap<>();

    private final List<SimCall> refusedCalls = new ArrayList<>();

    Callers(Rooms rooms, SipProvisioning sip, Ids ids, Timers timers) {
        this.rooms = rooms;
        this.sip = sip;
        this.ids = ids;
        this.timers = timers;
        this.clock = timers.clock();
    }

    SimulatedCall placeCall(String calledNumber, String callerNumber, String sourceAddress) {
        synchronized (rooms) {
            Instant now = clock.instant();
            Optional<LivekitSip.SIPInboundTrunkInfo> trunk = sip.matchTrunk(calledNumber, callerNumber, sourceAddress);
            Optional<LivekitSip.SIPDispatchRuleInfo> rule = trunk.flatMap(sip::matchRule);
            if (sip.anyTrunk() && (trunk.isEmpty() || rule.isEmpty())) {
                SimCall refused = SimCall.notAccepted(calledNumber, callerNumber, now);
                refusedCalls.add(refused);
                return refused.snapshot();
            }
            String trunkId =
                    trunk.map(LivekitSip.SIPInboundTrunkInfo::getSipTrunkId).orElse("ST_simulated");
            String ruleId = rule.map(LivekitSip.SIPDispatchRuleInfo::getSipDispatchRuleId)
                    .orElse("SDR_simulated");
            String roomName = sip.roomNameFor(rule.orElse(null), callerNumber);

            SimRoom room = rooms.room(roomName).orElseGet(() -> rooms.openRoom(roomName, 300, ""));
            String identity = "sip_" + callerNumber;
            SimCall call = new SimCall(
                    roomName,
                    calledNumber,
                    callerNumber,
                    identity,
                    ids.next("SCL_"),
                    ids.hex(16) + "@" + sourceAddress,
                    trunkId,
                    now);
            calls.put(roomName, call);
            room.call = call;
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("sip.callID", call.callId);
            attributes.put("sip.callIDFull", call.callIdFull);
            attributes.put("sip.callTag", ids.hex(8));
            attributes.put("sip.trunkID", trunkId);
            attributes.put("sip.ruleID", ruleId);
            attributes.put("sip.phoneNumber", callerNumber);
            attributes.put("sip.hostname", sourceAddress);
            attributes.put("sip.trunkPhoneNumber", calledNumber);
            attributes.put(Rooms.ATTR_CALL_STATUS, "ringing");
            // LiveKit SIP gives the caller the dispatch rule's metadata.
            ParticipantInfo caller = rooms.participant(
                    identity,
                    "Phone " + callerNumber,
                    ParticipantInfo.Kind.SIP,
                    attributes,
                    rule.map(LivekitSip.SIPDispatchRuleInfo::getMetadata).orElse(""));
            room.participants.put(identity, caller);
            rooms.emit("participant_joined", room, caller);
            // Agents named in the rule's room configuration are dispatched by LiveKit itself, at once.
            if (rule.isPresent() && rule.get().hasRoomConfig()) {
                for (LivekitAgentDispatch.RoomAgentDispatch agent :
                        rule.get().getRoomConfig().getAgentsList()) {
                    rooms.createDispatch(LivekitAgentDispatch.CreateAgentDispatchRequest.newBuilder()
                            .setRoom(roomName)
                            .setAgentName(agent.getAgentName())
                            .setMetadata(agent.getMetadata())
                            .build());
                }
            }
            return call.snapshot();
        }
    }

    void hangup(String roomName) {
        synchronized (rooms) {
            requireCall(roomName);
            callersRoom(roomName)
                    .ifPresent(room -> rooms.leave(
                            room,
                            room.call.identity,
                            LivekitModels.DisconnectReason.CLIENT_INITIATED,
                            EndCause.CALLER_HANGUP,
                            true));
        }
    }

    void abortConnection(String roomName) {
        synchronized (rooms) {
            requireCall(roomName);
            callersRoom(roomName).ifPresent(room -> {
                ParticipantInfo caller = room.participants.get(room.call.identity);
                rooms.emit("participant_connection_aborted", room, caller);
                rooms.leave(
                        room,
                        room.call.identity,
                        LivekitModels.DisconnectReason.CONNECTION_TIMEOUT,
                        EndCause.CONNECTION_ABORTED,
                        false);
                rooms.closeIfOnlyAgentsLeft(room);
            });
        }
    }

    /**
     * The caller's RTP stops. The agents in the room notice first (they report {@code
     * switchboard.callerAudio} = {@code lost} after {@code agentNotices}, as the reference agent
     * does); after the media timeout LiveKit SIP hangs up the PBX and the caller leaves exactly as
     * after a BYE: {@code sip.callStatus} hangup and a participant_left webhook.
     */
    void stopMedia(String roomName, Duration mediaTimeout, Duration agentNotices) {
        synchronized (rooms) {
            requireCall(roomName);
        }
        timers.schedule(agentNotices, () -> rooms.agentsHearNothing(roomName));
        timers.schedule(mediaTimeout, () -> mediaTimedOut(roomName));
    }

    private void mediaTimedOut(String roomName) {
        synchronized (rooms) {
            if (calls.containsKey(roomName)) {
                callersRoom(roomName)
                        .ifPresent(room -> rooms.leave(
                                room,
                                room.call.identity,
                                LivekitModels.DisconnectReason.CLIENT_INITIATED,
                                EndCause.MEDIA_TIMEOUT,
                                true));
            }
        }
    }

    Optional<SimulatedCall> call(String roomName) {
        synchronized (rooms) {
            return Optional.ofNullable(calls.get(roomName)).map(SimCall::snapshot);
        }
    }

    List<SimulatedCall> calls() {
        synchronized (rooms) {
            List<SimulatedCall> out = new ArrayList<>();
            calls.values().forEach(c -> out.add(c.snapshot()));
            refusedCalls.forEach(c -> out.add(c.snapshot()));
            out.sort(Comparator.comparing(SimulatedCall::placedAt));
            return out;
        }
    }

    /** The room of the call placed in it, while its caller is still there. */
    private Optional<SimRoom> callersRoom(String roomName) {
        return rooms.room(roomName).filter(SimRoom::hasCaller);
    }

    private void requireCall(String roomName) {
        if (!calls.containsKey(roomName)) {
            throw new IllegalArgumentException("no simulated call in room " + roomName);
        }
    }
}
