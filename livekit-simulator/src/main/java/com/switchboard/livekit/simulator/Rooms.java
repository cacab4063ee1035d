package com.switchboard.livekit.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import livekit.LivekitAgentDispatch;
import livekit.LivekitModels;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRoom;
import livekit.LivekitWebhook.WebhookEvent;

/**
 * LiveKit server's rooms: the room service, participants, explicit agent dispatch and the agents
 * that answer it. Its monitor is the simulator's one lock (the callers take it too); webhooks are
 * queued under it, so they leave in the order the changes happened.
 */
final class Rooms {
    static final String ATTR_CALL_STATUS = "sip.callStatus";
    /** What an agent reports of the caller's audio (agents/reference/README.md). */
    static final String ATTR_CALLER_AUDIO = "switchboard.callerAudio";

    private final SimulatorConfig config;
    private final Ids ids;
    private final WebhookSender webhooks;
    private final Timers timers;
    private final Clock clock;

    private final Map<String, SimRoom> rooms = new LinkedHashMap<>();
    private final Map<String, LivekitAgentDispatch.AgentDispatch> dispatches = new LinkedHashMap<>();
    private final List<Dispatch> dispatchLog = new ArrayList<>();
    private final Map<String, AgentBehaviour> agentBehaviours = new HashMap<>();

    Rooms(SimulatorConfig config, Ids ids, WebhookSender webhooks, Timers timers) {
        this.config = config;
        this.ids = ids;
        this.webhooks = webhooks;
        this.timers = timers;
        this.clock = timers.clock();
    }

    // The room service.

    synchronized LivekitModels.Room createRoom(LivekitRoom.CreateRoomRequest request) {
        if (request.getName().isBlank()) {
            throw TwirpException.invalidArgument("room name is required");
        }
        SimRoom existing = rooms.get(request.getName());
        if (existing != null) {
            return existing.snapshot();
        }
        return openRoom(
                        request.getName(),
                        request.getEmptyTimeout() == 0 ? 300 : request.getEmptyTimeout(),
                        request.getMetadata())
                .snapshot();
    }

    synchronized List<LivekitModels.Room> listRooms(List<String> names) {
        return rooms.values().stream()
                .filter(r -> names.isEmpty() || names.contains(r.name))
                .map(SimRoom::snapshot)
                .toList();
    }

    synchronized void deleteRoom(String name) {
        SimRoom room = rooms.get(name);
        if (room == null) {
            throw TwirpException.notFound("room not found");
        }
        closeRoom(room, LivekitModels.DisconnectReason.ROOM_DELETED, EndCause.ROOM_DELETED);
    }

    synchronized List<ParticipantInfo> listParticipants(String roomName) {
        return List.copyOf(requireRoom(roomName).participants.values());
    }

    synchronized ParticipantInfo getParticipant(String roomName, String identity) {
        ParticipantInfo p = requireRoom(roomName).participants.get(identity);
        if (p == null) {
            throw TwirpException.notFound("participant not found");
        }
        return p;
    }

    synchronized void removeParticipant(String roomName, String identity) {
        SimRoom room = requireRoom(roomName);
        if (!room.participants.containsKey(identity)) {
            throw TwirpException.notFound("participant not found");
        }
        leave(room, identity, LivekitModels.DisconnectReason.PARTICIPANT_REMOVED, EndCause.PARTICIPANT_REMOVED, true);
    }

    // Agent dispatch.

    synchronized LivekitAgentDispatch.AgentDispatch createDispatch(
            LivekitAgentDispatch.CreateAgentDispatchRequest request) {
        if (request.getRoom().isBlank()) {
            throw TwirpException.invalidArgument("room is required");
        }
        LivekitAgentDispatch.AgentDispatch dispatch = LivekitAgentDispatch.AgentDispatch.newBuilder()
                .setId(ids.next("AD_"))
                .setAgentName(request.getAgentName())
                .setRoom(request.getRoom())
                .setMetadata(request.getMetadata())
                .setRestartPolicy(request.getRestartPolicy())
                .setState(
                        LivekitAgentDispatch.AgentDispatchState.newBuilder().setCreatedAt(clock.millis() * 1_000_000L))
                .build();
        dispatches.put(dispatch.getId(), dispatch);
        dispatchLog.add(new Dispatch(
                dispatch.getId(),
                dispatch.getRoom(),
                dispatch.getAgentName(),
                dispatch.getMetadata(),
                clock.instant()));
        scheduleAgent(dispatch);
        return dispatch;
    }

    synchronized List<LivekitAgentDispatch.AgentDispatch> listDispatch(String room, String dispatchId) {
        return dispatches.values().stream()
                .filter(d -> d.getRoom().equals(room))
                .filter(d -> dispatchId.isEmpty() || d.getId().equals(dispatchId))
                .toList();
    }

    synchronized LivekitAgentDispatch.AgentDispatch deleteDispatch(String room, String dispatchId) {
        LivekitAgentDispatch.AgentDispatch dispatch = dispatches.get(dispatchId);
        if (dispatch == null || !dispatch.getRoom().equals(room)) {
            throw TwirpException.notFound("dispatch not found");
        }
        dispatches.remove(dispatchId);
        return dispatch;
    }

    private void scheduleAgent(LivekitAgentDispatch.AgentDispatch dispatch) {
        AgentBehaviour behaviour = agentBehaviours.getOrDefault(
                dispatch.getAgentName(), new AgentBehaviour.JoinsAfter(config.agentJoinDelay()));
        switch (behaviour) {
            case AgentBehaviour.JoinsAfter joins -> timers.schedule(joins.delay(), () -> agentJoins(dispatch.getId()));
            case AgentBehaviour.NeverJoins never -> {
                // Nobody picks the job up: the caller keeps ringing until someone gives up.
            }
        }
    }

    private synchronized void agentJoins(String dispatchId) {
        LivekitAgentDispatch.AgentDispatch dispatch = dispatches.get(dispatchId);
        if (dispatch == null) {
            return;
        }
        SimRoom room = rooms.get(dispatch.getRoom());
        if (room == null) {
            return;
        }
        String identity = "agent-" + dispatchId;
        if (room.participants.containsKey(identity)) {
            return;
        }
        ParticipantInfo agent = participant(
                identity,
                dispatch.getAgentName(),
                ParticipantInfo.Kind.AGENT,
                Map.of("lk.agent.state", "listening"),
                dispatch.getMetadata());
        room.participants.put(identity, agent);
        emit("participant_joined", room, agent);
        if (room.hasCaller() && room.call.answer(clock.instant())) {
            setCallStatus(room, room.call.identity, "active");
        }
    }

    synchronized void setAgentBehaviour(String agentName, AgentBehaviour behaviour) {
        agentBehaviours.put(agentName, behaviour);
    }

    /** The agents stop receiving the caller's audio and say so, as the reference agent does. */
    synchronized void agentsHearNothing(String roomName) {
        SimRoom room = rooms.get(roomName);
        if (room == null) {
            return;
        }
        room.participants.replaceAll((identity, p) -> p.getKind() == ParticipantInfo.Kind.AGENT
                ? p.toBuilder().putAttributes(ATTR_CALLER_AUDIO, "lost").build()
                : p);
    }

    synchronized List<Dispatch> dispatchLog() {
        return List.copyOf(dispatchLog);
    }

    synchronized List<String> roomNames() {
        return List.copyOf(rooms.keySet());
    }

    // For the callers, under this lock.

    Optional<SimRoom> room(String name) {
        return Optional.ofNullable(rooms.get(name));
    }

    SimRoom openRoom(String name, int emptyTimeout, String metadata) {
        Instant now = clock.instant();
        SimRoom room = new SimRoom(
                name,
                LivekitModels.Room.newBuilder()
                        .setSid(ids.next("RM_"))
                        .setName(name)
                        .setEmptyTimeout(emptyTimeout)
                        .setDepartureTimeout(20)
                        .setCreationTime(now.getEpochSecond())
                        .setCreationTimeMs(now.toEpochMilli())
                        .setMetadata(metadata)
                        .build());
        rooms.put(name, room);
        emit("room_started", room, null);
        return room;
    }

    /** Disconnects everyone (participant_left each), then the room is gone (room_finished). */
    private void closeRoom(SimRoom room, LivekitModels.DisconnectReason reason, EndCause cause) {
        for (String identity : List.copyOf(room.participants.keySet())) {
            leave(room, identity, reason, cause, false);
        }
        rooms.remove(room.name);
        emit("room_finished", room, null);
    }

    void leave(
            SimRoom room,
            String identity,
            LivekitModels.DisconnectReason reason,
            EndCause cause,
            boolean closeWhenOnlyAgentsLeft) {
        ParticipantInfo p = room.participants.remove(identity);
        if (p == null) {
            return;
        }
        boolean isCaller = room.isCaller(identity);
        ParticipantInfo.Builder left =
                p.toBuilder().setState(ParticipantInfo.State.DISCONNECTED).setDisconnectReason(reason);
        if (isCaller) {
            left.putAttributes(ATTR_CALL_STATUS, "hangup");
        }
        if (cause != EndCause.CONNECTION_ABORTED) {
            emit("participant_left", room, left.build());
        }
        if (isCaller) {
            room.call.end(cause, clock.instant());
        }
        if (closeWhenOnlyAgentsLeft) {
            closeIfOnlyAgentsLeft(room);
        }
    }

    /**
     * Agents end their session when the caller they serve leaves, and an empty room is finished: the
     * webhooks are participant_left for each agent, then room_finished.
     */
    void closeIfOnlyAgentsLeft(SimRoom room) {
        if (!rooms.containsKey(room.name)) {
            return;
        }
        boolean onlyAgents =
                room.participants.values().stream().allMatch(p -> p.getKind() == ParticipantInfo.Kind.AGENT);
        if (onlyAgents) {
            closeRoom(room, LivekitModels.DisconnectReason.CLIENT_INITIATED, EndCause.CALLER_HANGUP);
        }
    }

    private void setCallStatus(SimRoom room, String identity, String status) {
        ParticipantInfo p = room.participants.get(identity);
        if (p != null) {
            room.participants.put(
                    identity,
                    p.toBuilder().putAttributes(ATTR_CALL_STATUS, status).build());
        }
    }

    ParticipantInfo participant(
            String identity, String name, ParticipantInfo.Kind kind, Map<String, String> attributes, String metadata) {
        Instant now = clock.instant();
        return ParticipantInfo.newBuilder()
                .setSid(ids.next("PA_"))
                .setIdentity(identity)
                .setName(name)
                .setState(ParticipantInfo.State.ACTIVE)
                .setKind(kind)
                .putAllAttributes(attributes)
                .setMetadata(metadata)
                .setJoinedAt(now.getEpochSecond())
                .setJoinedAtMs(now.toEpochMilli())
                .setIsPublisher(true)
                .build();
    }

    void emit(String event, SimRoom room, ParticipantInfo participant) {
        WebhookEvent.Builder e = WebhookEvent.newBuilder()
                .setEvent(event)
                .setId(ids.next("EV_"))
                .setCreatedAt(clock.instant().getEpochSecond())
                .setRoom(room.snapshot());
        if (participant != null) {
            e.setParticipant(participant);
        }
        webhooks.enqueue(e.build());
    }

    private SimRoom requireRoom(String name) {
        SimRoom room = rooms.get(name);
        if (room == null) {
            throw TwirpException.notFound("requested room does not exist");
        }
        return room;
    }
}
