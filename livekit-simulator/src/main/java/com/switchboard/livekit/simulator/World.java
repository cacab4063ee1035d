package com.switchboard.livekit.simulator;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import livekit.LivekitAgentDispatch;
import livekit.LivekitModels;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitRoom;
import livekit.LivekitSip;
import livekit.LivekitWebhook.WebhookEvent;

/**
 * Everything the simulated LiveKit knows: rooms and their participants, SIP trunks and dispatch
 * rules, agent dispatches, and the simulated calls. One lock guards it all; webhooks are queued
 * under that lock, so they leave in the order the changes happened.
 */
final class World {
    static final String ATTR_CALL_STATUS = "sip.callStatus";
    /** What an agent reports of the caller's audio (agents/reference/README.md). */
    static final String ATTR_CALLER_AUDIO = "switchboard.callerAudio";

    private final SimulatorConfig config;
    private final Ids ids;
    private final WebhookSender webhooks;
    private final ScheduledExecutorService timers;

    private final Map<String, SimRoom> rooms = new LinkedHashMap<>();
    private final Map<String, SimCall> calls = new LinkedHashMap<>();
    private final List<SimCall> refusedCalls = new ArrayList<>();
    private final Map<String, LivekitSip.SIPInboundTrunkInfo> trunks = new LinkedHashMap<>();
    private final Map<String, LivekitSip.SIPDispatchRuleInfo> rules = new LinkedHashMap<>();
    private final Map<String, LivekitAgentDispatch.AgentDispatch> dispatches = new LinkedHashMap<>();
    private final List<Dispatch> dispatchLog = new ArrayList<>();
    private final Map<String, AgentBehaviour> agentBehaviours = new HashMap<>();

    World(SimulatorConfig config, Ids ids, WebhookSender webhooks, ScheduledExecutorService timers) {
        this.config = config;
        this.ids = ids;
        this.webhooks = webhooks;
        this.timers = timers;
    }

    // ---------------------------------------------------------------- RoomService

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

    // ---------------------------------------------------------------- AgentDispatchService

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
                .setState(LivekitAgentDispatch.AgentDispatchState.newBuilder()
                        .setCreatedAt(System.currentTimeMillis() * 1_000_000L))
                .build();
        dispatches.put(dispatch.getId(), dispatch);
        dispatchLog.add(new Dispatch(
                dispatch.getId(), dispatch.getRoom(), dispatch.getAgentName(), dispatch.getMetadata(), Instant.now()));
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
            case AgentBehaviour.JoinsAfter joins ->
                timers.schedule(
                        () -> agentJoins(dispatch.getId()), joins.delay().toMillis(), TimeUnit.MILLISECONDS);
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
        SimCall call = calls.get(room.name);
        if (call != null && call.state == CallState.RINGING && room.participants.containsKey(call.identity)) {
            // LiveKit SIP answers the INVITE when the first track subscription happens: the agent's.
            call.state = CallState.ACTIVE;
            call.sipStatus = 200;
            call.answeredAt = Instant.now();
            setCallStatus(room, call.identity, "active");
        }
    }

    synchronized void setAgentBehaviour(String agentName, AgentBehaviour behaviour) {
        agentBehaviours.put(agentName, behaviour);
    }

    // ---------------------------------------------------------------- SIP

    synchronized LivekitSip.SIPInboundTrunkInfo createInboundTrunk(LivekitSip.CreateSIPInboundTrunkRequest request) {
        Instant now = Instant.now();
        LivekitSip.SIPInboundTrunkInfo trunk = request.getTrunk().toBuilder()
                .setSipTrunkId(ids.next("ST_"))
                .setCreatedAt(timestamp(now))
                .setUpdatedAt(timestamp(now))
                .build();
        trunks.put(trunk.getSipTrunkId(), trunk);
        return trunk;
    }

    synchronized List<LivekitSip.SIPInboundTrunkInfo> listInboundTrunks(LivekitSip.ListSIPInboundTrunkRequest request) {
        return trunks.values().stream()
                .filter(t -> request.getTrunkIdsList().isEmpty()
                        || request.getTrunkIdsList().contains(t.getSipTrunkId()))
                .filter(t -> request.getNumbersList().isEmpty()
                        || t.getNumbersList().isEmpty()
                        || t.getNumbersList().stream().anyMatch(request.getNumbersList()::contains))
                .toList();
    }

    synchronized LivekitSip.SIPInboundTrunkInfo updateInboundTrunk(LivekitSip.UpdateSIPInboundTrunkRequest request) {
        LivekitSip.SIPInboundTrunkInfo current = trunks.get(request.getSipTrunkId());
        if (current == null) {
            throw TwirpException.notFound("trunk not found");
        }
        LivekitSip.SIPInboundTrunkInfo.Builder next = switch (request.getActionCase()) {
            case REPLACE -> request.getReplace().toBuilder().setCreatedAt(current.getCreatedAt());
            case UPDATE -> applyTrunkUpdate(current, request.getUpdate());
            case ACTION_NOT_SET -> throw TwirpException.invalidArgument("no update action");
        };
        LivekitSip.SIPInboundTrunkInfo updated = next.setSipTrunkId(current.getSipTrunkId())
                .setUpdatedAt(timestamp(Instant.now()))
                .build();
        trunks.put(updated.getSipTrunkId(), updated);
        return updated;
    }

    // DeleteSIPTrunk still answers with the deprecated SIPTrunkInfo in LiveKit's API.
    @SuppressWarnings("deprecation")
    synchronized LivekitSip.SIPTrunkInfo deleteTrunk(String trunkId) {
        LivekitSip.SIPInboundTrunkInfo removed = trunks.remove(trunkId);
        if (removed == null) {
            throw TwirpException.notFound("trunk not found");
        }
        return LivekitSip.SIPTrunkInfo.newBuilder()
                .setSipTrunkId(removed.getSipTrunkId())
                .setKind(LivekitSip.SIPTrunkInfo.TrunkKind.TRUNK_INBOUND)
                .setName(removed.getName())
                .addAllInboundNumbers(removed.getNumbersList())
                .build();
    }

    // Older clients send the rule in the request's deprecated top-level fields; LiveKit still reads them.
    @SuppressWarnings("deprecation")
    synchronized LivekitSip.SIPDispatchRuleInfo createDispatchRule(LivekitSip.CreateSIPDispatchRuleRequest request) {
        LivekitSip.SIPDispatchRuleInfo.Builder rule;
        if (request.hasDispatchRule()) {
            rule = request.getDispatchRule().toBuilder();
        } else {
            // The request's deprecated top-level fields, as older clients send them.
            rule = LivekitSip.SIPDispatchRuleInfo.newBuilder()
                    .setRule(request.getRule())
                    .addAllTrunkIds(request.getTrunkIdsList())
                    .setHidePhoneNumber(request.getHidePhoneNumber())
                    .addAllInboundNumbers(request.getInboundNumbersList())
                    .setName(request.getName())
                    .setMetadata(request.getMetadata())
                    .putAllAttributes(request.getAttributesMap());
        }
        if (!rule.hasRule() || rule.getRule().getRuleCase() == LivekitSip.SIPDispatchRule.RuleCase.RULE_NOT_SET) {
            throw TwirpException.invalidArgument("dispatch rule type is required");
        }
        Instant now = Instant.now();
        LivekitSip.SIPDispatchRuleInfo created = rule.setSipDispatchRuleId(ids.next("SDR_"))
                .setCreatedAt(timestamp(now))
                .setUpdatedAt(timestamp(now))
                .build();
        rules.put(created.getSipDispatchRuleId(), created);
        return created;
    }

    synchronized LivekitSip.SIPDispatchRuleInfo updateDispatchRule(LivekitSip.UpdateSIPDispatchRuleRequest request) {
        LivekitSip.SIPDispatchRuleInfo current = rules.get(request.getSipDispatchRuleId());
        if (current == null) {
            throw TwirpException.notFound("dispatch rule not found");
        }
        LivekitSip.SIPDispatchRuleInfo.Builder next = switch (request.getActionCase()) {
            case REPLACE -> request.getReplace().toBuilder().setCreatedAt(current.getCreatedAt());
            case UPDATE -> applyRuleUpdate(current, request.getUpdate());
            case ACTION_NOT_SET -> throw TwirpException.invalidArgument("no update action");
        };
        LivekitSip.SIPDispatchRuleInfo updated = next.setSipDispatchRuleId(current.getSipDispatchRuleId())
                .setUpdatedAt(timestamp(Instant.now()))
                .build();
        rules.put(updated.getSipDispatchRuleId(), updated);
        return updated;
    }

    private static LivekitSip.SIPInboundTrunkInfo.Builder applyTrunkUpdate(
            LivekitSip.SIPInboundTrunkInfo current, LivekitSip.SIPInboundTrunkUpdate update) {
        LivekitSip.SIPInboundTrunkInfo.Builder next = current.toBuilder();
        if (update.hasNumbers()) {
            next.clearNumbers().addAllNumbers(ListUpdates.apply(current.getNumbersList(), update.getNumbers()));
        }
        if (update.hasAllowedAddresses()) {
            next.clearAllowedAddresses()
                    .addAllAllowedAddresses(
                            ListUpdates.apply(current.getAllowedAddressesList(), update.getAllowedAddresses()));
        }
        if (update.hasAllowedNumbers()) {
            next.clearAllowedNumbers()
                    .addAllAllowedNumbers(
                            ListUpdates.apply(current.getAllowedNumbersList(), update.getAllowedNumbers()));
        }
        if (update.hasName()) {
            next.setName(update.getName());
        }
        if (update.hasMetadata()) {
            next.setMetadata(update.getMetadata());
        }
        if (update.hasAuthUsername()) {
            next.setAuthUsername(update.getAuthUsername());
        }
        if (update.hasAuthPassword()) {
            next.setAuthPassword(update.getAuthPassword());
        }
        return next;
    }

    private static LivekitSip.SIPDispatchRuleInfo.Builder applyRuleUpdate(
            LivekitSip.SIPDispatchRuleInfo current, LivekitSip.SIPDispatchRuleUpdate update) {
        LivekitSip.SIPDispatchRuleInfo.Builder next = current.toBuilder();
        if (update.hasTrunkIds()) {
            next.clearTrunkIds().addAllTrunkIds(ListUpdates.apply(current.getTrunkIdsList(), update.getTrunkIds()));
        }
        if (update.hasRule()) {
            next.setRule(update.getRule());
        }
        if (update.hasName()) {
            next.setName(update.getName());
        }
        if (update.hasMetadata()) {
            next.setMetadata(update.getMetadata());
        }
        update.getAttributesMap().forEach((k, v) -> {
            if (v.isEmpty()) {
                next.removeAttributes(k);
            } else {
                next.putAttributes(k, v);
            }
        });
        return next;
    }

    synchronized List<LivekitSip.SIPDispatchRuleInfo> listDispatchRules(LivekitSip.ListSIPDispatchRuleRequest request) {
        return rules.values().stream()
                .filter(r -> request.getDispatchRuleIdsList().isEmpty()
                        || request.getDispatchRuleIdsList().contains(r.getSipDispatchRuleId()))
                .filter(r -> request.getTrunkIdsList().isEmpty()
                        || r.getTrunkIdsList().isEmpty()
                        || r.getTrunkIdsList().stream().anyMatch(request.getTrunkIdsList()::contains))
                .toList();
    }

    synchronized LivekitSip.SIPDispatchRuleInfo deleteDispatchRule(String ruleId) {
        LivekitSip.SIPDispatchRuleInfo removed = rules.remove(ruleId);
        if (removed == null) {
            throw TwirpException.notFound("dispatch rule not found");
        }
        return removed;
    }

    // ---------------------------------------------------------------- simulated callers

    synchronized SimulatedCall placeCall(String calledNumber, String callerNumber, String sourceAddress) {
        Instant now = Instant.now();
        Optional<LivekitSip.SIPInboundTrunkInfo> trunk = matchTrunk(calledNumber, callerNumber, sourceAddress);
        Optional<LivekitSip.SIPDispatchRuleInfo> rule = trunk.flatMap(this::matchRule);
        if (!trunks.isEmpty() && (trunk.isEmpty() || rule.isEmpty())) {
            SimCall refused = new SimCall(null, calledNumber, callerNumber, null, null, null, null, now);
            // LiveKit SIP with hide_inbound_port (deploy/livekit/sip.yaml) rings once, then stays silent.
            refused.state = CallState.NOT_ACCEPTED;
            refused.sipStatus = null;
            refused.endedAt = now;
            refusedCalls.add(refused);
            return refused.snapshot();
        }
        String trunkId =
                trunk.map(LivekitSip.SIPInboundTrunkInfo::getSipTrunkId).orElse("ST_simulated");
        String ruleId =
                rule.map(LivekitSip.SIPDispatchRuleInfo::getSipDispatchRuleId).orElse("SDR_simulated");
        String roomName = roomNameFor(rule.orElse(null), callerNumber);

        SimRoom room = rooms.get(roomName);
        if (room == null) {
            room = openRoom(roomName, 300, "");
        }
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
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("sip.callID", call.callId);
        attributes.put("sip.callIDFull", call.callIdFull);
        attributes.put("sip.callTag", ids.hex(8));
        attributes.put("sip.trunkID", trunkId);
        attributes.put("sip.ruleID", ruleId);
        attributes.put("sip.phoneNumber", callerNumber);
        attributes.put("sip.hostname", sourceAddress);
        attributes.put("sip.trunkPhoneNumber", calledNumber);
        attributes.put(ATTR_CALL_STATUS, "ringing");
        // LiveKit SIP gives the caller the dispatch rule's metadata.
        ParticipantInfo caller = participant(
                identity,
                "Phone " + callerNumber,
                ParticipantInfo.Kind.SIP,
                attributes,
                rule.map(LivekitSip.SIPDispatchRuleInfo::getMetadata).orElse(""));
        room.participants.put(identity, caller);
        emit("participant_joined", room, caller);
        // Agents named in the rule's room configuration are dispatched by LiveKit itself, at once.
        if (rule.isPresent() && rule.get().hasRoomConfig()) {
            for (LivekitAgentDispatch.RoomAgentDispatch agent :
                    rule.get().getRoomConfig().getAgentsList()) {
                createDispatch(LivekitAgentDispatch.CreateAgentDispatchRequest.newBuilder()
                        .setRoom(roomName)
                        .setAgentName(agent.getAgentName())
                        .setMetadata(agent.getMetadata())
                        .build());
            }
        }
        return call.snapshot();
    }

    synchronized void hangup(String roomName) {
        SimCall call = requireCall(roomName);
        SimRoom room = rooms.get(roomName);
        if (room == null || !room.participants.containsKey(call.identity)) {
            return;
        }
        leave(room, call.identity, LivekitModels.DisconnectReason.CLIENT_INITIATED, EndCause.CALLER_HANGUP, true);
    }

    synchronized void abortConnection(String roomName) {
        SimCall call = requireCall(roomName);
        SimRoom room = rooms.get(roomName);
        if (room == null || !room.participants.containsKey(call.identity)) {
            return;
        }
        ParticipantInfo caller = room.participants.get(call.identity);
        emit("participant_connection_aborted", room, caller);
        leave(
                room,
                call.identity,
                LivekitModels.DisconnectReason.CONNECTION_TIMEOUT,
                EndCause.CONNECTION_ABORTED,
                false);
        closeIfOnlyAgentsLeft(room);
    }

    /**
     * The caller's RTP stops. The agents in the room notice first (they report {@code
     * switchboard.callerAudio} = {@code lost} after {@code agentNotices}, as the reference agent
     * does); after the media timeout LiveKit SIP hangs up the PBX and the caller leaves exactly as
     * after a BYE: {@code sip.callStatus} hangup and a participant_left webhook.
     */
    synchronized void stopMedia(String roomName, Duration mediaTimeout, Duration agentNotices) {
        requireCall(roomName);
        timers.schedule(() -> agentsHearNothing(roomName), agentNotices.toMillis(), TimeUnit.MILLISECONDS);
        timers.schedule(() -> mediaTimedOut(roomName), mediaTimeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void agentsHearNothing(String roomName) {
        SimRoom room = rooms.get(roomName);
        if (room == null) {
            return;
        }
        room.participants.replaceAll((identity, p) -> p.getKind() == ParticipantInfo.Kind.AGENT
                ? p.toBuilder().putAttributes(ATTR_CALLER_AUDIO, "lost").build()
                : p);
    }

    private synchronized void mediaTimedOut(String roomName) {
        SimCall call = calls.get(roomName);
        SimRoom room = rooms.get(roomName);
        if (call == null || room == null || !room.participants.containsKey(call.identity)) {
            return;
        }
        leave(room, call.identity, LivekitModels.DisconnectReason.CLIENT_INITIATED, EndCause.MEDIA_TIMEOUT, true);
    }

    // ---------------------------------------------------------------- queries

    synchronized Optional<SimulatedCall> call(String roomName) {
        return Optional.ofNullable(calls.get(roomName)).map(SimCall::snapshot);
    }

    synchronized List<SimulatedCall> calls() {
        List<SimulatedCall> out = new ArrayList<>();
        calls.values().forEach(c -> out.add(c.snapshot()));
        refusedCalls.forEach(c -> out.add(c.snapshot()));
        out.sort(Comparator.comparing(SimulatedCall::placedAt));
        return out;
    }

    synchronized List<Dispatch> dispatchLog() {
        return List.copyOf(dispatchLog);
    }

    synchronized List<String> roomNames() {
        return List.copyOf(rooms.keySet());
    }

    synchronized List<LivekitSip.SIPInboundTrunkInfo> trunks() {
        return List.copyOf(trunks.values());
    }

    synchronized List<LivekitSip.SIPDispatchRuleInfo> rules() {
        return List.copyOf(rules.values());
    }

    // ---------------------------------------------------------------- internals

    private SimRoom openRoom(String name, int emptyTimeout, String metadata) {
        Instant now = Instant.now();
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

    private void leave(
            SimRoom room,
            String identity,
            LivekitModels.DisconnectReason reason,
            EndCause cause,
            boolean closeWhenOnlyAgentsLeft) {
        ParticipantInfo p = room.participants.remove(identity);
        if (p == null) {
            return;
        }
        SimCall call = calls.get(room.name);
        boolean isCaller = call != null && call.identity.equals(identity);
        ParticipantInfo.Builder left =
                p.toBuilder().setState(ParticipantInfo.State.DISCONNECTED).setDisconnectReason(reason);
        if (isCaller) {
            left.putAttributes(ATTR_CALL_STATUS, "hangup");
        }
        if (cause != EndCause.CONNECTION_ABORTED) {
            emit("participant_left", room, left.build());
        }
        if (isCaller) {
            endCall(call, cause);
        }
        if (closeWhenOnlyAgentsLeft) {
            closeIfOnlyAgentsLeft(room);
        }
    }

    /**
     * Agents end their session when the caller they serve leaves, and an empty room is finished: the
     * webhooks are participant_left for each agent, then room_finished.
     */
    private void closeIfOnlyAgentsLeft(SimRoom room) {
        if (!rooms.containsKey(room.name)) {
            return;
        }
        boolean onlyAgents =
                room.participants.values().stream().allMatch(p -> p.getKind() == ParticipantInfo.Kind.AGENT);
        if (onlyAgents) {
            closeRoom(room, LivekitModels.DisconnectReason.CLIENT_INITIATED, EndCause.CALLER_HANGUP);
        }
    }

    private void endCall(SimCall call, EndCause cause) {
        Instant now = Instant.now();
        if (call.state == CallState.RINGING) {
            switch (cause) {
                case ROOM_DELETED, PARTICIPANT_REMOVED -> {
                    // Closing the room or removing the caller before any answer: LiveKit SIP sends 486.
                    call.state = CallState.REJECTED_486;
                    call.sipStatus = 486;
                }
                case CALLER_HANGUP, CONNECTION_ABORTED, MEDIA_TIMEOUT -> {
                    call.state = CallState.ENDED;
                    call.sipStatus = 487;
                }
            }
        } else if (call.state == CallState.ACTIVE) {
            call.state = CallState.ENDED;
        } else {
            return;
        }
        call.endedAt = now;
        call.endCause = cause;
    }

    private void setCallStatus(SimRoom room, String identity, String status) {
        ParticipantInfo p = room.participants.get(identity);
        if (p != null) {
            room.participants.put(
                    identity,
                    p.toBuilder().putAttributes(ATTR_CALL_STATUS, status).build());
        }
    }

    private Optional<LivekitSip.SIPInboundTrunkInfo> matchTrunk(String called, String caller, String source) {
        LivekitSip.SIPInboundTrunkInfo wildcard = null;
        for (LivekitSip.SIPInboundTrunkInfo trunk : trunks.values()) {
            if (!trunk.getAllowedNumbersList().isEmpty()
                    && !trunk.getAllowedNumbersList().contains(caller)) {
                continue;
            }
            if (!AddressMasks.allows(trunk.getAllowedAddressesList(), source)) {
                continue;
            }
            if (trunk.getNumbersList().isEmpty()) {
                wildcard = wildcard == null ? trunk : wildcard;
            } else if (trunk.getNumbersList().contains(called)) {
                return Optional.of(trunk);
            }
        }
        return Optional.ofNullable(wildcard);
    }

    private Optional<LivekitSip.SIPDispatchRuleInfo> matchRule(LivekitSip.SIPInboundTrunkInfo trunk) {
        LivekitSip.SIPDispatchRuleInfo wildcard = null;
        for (LivekitSip.SIPDispatchRuleInfo rule : rules.values()) {
            if (rule.getTrunkIdsList().contains(trunk.getSipTrunkId())) {
                return Optional.of(rule);
            }
            if (rule.getTrunkIdsList().isEmpty()) {
                wildcard = wildcard == null ? rule : wildcard;
            }
        }
        return Optional.ofNullable(wildcard);
    }

    /** LiveKit's individual rule: prefix, "_", caller number, "_", random suffix. */
    private String roomNameFor(LivekitSip.SIPDispatchRuleInfo rule, String callerNumber) {
        if (rule != null && rule.getRule().hasDispatchRuleDirect()) {
            return rule.getRule().getDispatchRuleDirect().getRoomName();
        }
        String prefix = config.roomPrefix();
        boolean randomize = true;
        if (rule != null && rule.getRule().hasDispatchRuleIndividual()) {
            prefix = rule.getRule().getDispatchRuleIndividual().getRoomPrefix();
            randomize = !rule.getRule().getDispatchRuleIndividual().getNoRandomness();
        }
        String room = prefix.isEmpty() ? callerNumber : prefix + "_" + callerNumber;
        return randomize ? room + "_" + ids.next("") : room;
    }

    private ParticipantInfo participant(
            String identity, String name, ParticipantInfo.Kind kind, Map<String, String> attributes, String metadata) {
        Instant now = Instant.now();
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

    private void emit(String event, SimRoom room, ParticipantInfo participant) {
        WebhookEvent.Builder e = WebhookEvent.newBuilder()
                .setEvent(event)
                .setId(ids.next("EV_"))
                .setCreatedAt(Instant.now().getEpochSecond())
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

    private SimCall requireCall(String roomName) {
        SimCall call = calls.get(roomName);
        if (call == null) {
            throw new IllegalArgumentException("no simulated call in room " + roomName);
        }
        return call;
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }

    private static final class SimRoom {
        final String name;
        final LivekitModels.Room info;
        final LinkedHashMap<String, ParticipantInfo> participants = new LinkedHashMap<>();

        SimRoom(String name, LivekitModels.Room info) {
            this.name = name;
            this.info = info;
        }

        LivekitModels.Room snapshot() {
            return info.toBuilder().setNumParticipants(participants.size()).build();
        }
    }

    private static final class SimCall {
        final String room;
        final String calledNumber;
        final String callerNumber;
        final String identity;
        final String callId;
        final String callIdFull;
        final String trunkId;
        final Instant placedAt;
        CallState state = CallState.RINGING;
        Integer sipStatus;
        Instant answeredAt;
        Instant endedAt;
        EndCause endCause;

        SimCall(
                String room,
                String calledNumber,
                String callerNumber,
                String identity,
                String callId,
                String callIdFull,
                String trunkId,
                Instant placedAt) {
            this.room = room;
            this.calledNumber = calledNumber;
            this.callerNumber = callerNumber;
            this.identity = identity;
            this.callId = callId;
            this.callIdFull = callIdFull;
            this.trunkId = trunkId;
            this.placedAt = placedAt;
        }

        SimulatedCall snapshot() {
            return new SimulatedCall(
                    room,
                    calledNumber,
                    callerNumber,
                    identity,
                    callId,
                    callIdFull,
                    trunkId,
                    state,
                    sipStatus,
                    placedAt,
                    answeredAt,
                    endedAt,
                    endCause);
        }
    }
}
