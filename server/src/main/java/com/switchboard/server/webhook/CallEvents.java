package com.switchboard.server.webhook;

import com.switchboard.workflows.call.CallerJoined;
import com.switchboard.workflows.call.Hangup;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitWebhook.WebhookEvent;

/**
 * Which LiveKit webhook events concern a call, and what they mean for it. Only rooms named by our
 * dispatch rule are calls; of their participants only the SIP caller matters (the agent's comings
 * and goings are the agent session's business).
 */
final class CallEvents {
    static final String CALLED_NUMBER = "sip.trunkPhoneNumber";
    static final String CALLER_NUMBER = "sip.phoneNumber";
    static final String CALL_ID = "sip.callID";
    static final String CALL_ID_FULL = "sip.callIDFull";
    static final String TRUNK_ID = "sip.trunkID";

    private CallEvents() {}

    static Optional<CallSignal> from(WebhookEvent event, String roomPrefix) {
        String room = event.hasRoom() ? event.getRoom().getName() : "";
        if (room.isBlank() || !room.startsWith(roomPrefix)) {
            return Optional.empty();
        }
        Instant at = event.getCreatedAt() > 0 ? Instant.ofEpochSecond(event.getCreatedAt()) : Instant.now();
        return switch (event.getEvent()) {
            case "participant_joined" -> sipCaller(event).map(p -> new CallSignal.Joined(room, callerJoined(p, at)));
            case "participant_left" -> sipCaller(event).map(p -> gone(room, Hangup.HangupSource.PARTICIPANT_LEFT, at));
            case "participant_connection_aborted" ->
                sipCaller(event).map(p -> gone(room, Hangup.HangupSource.PARTICIPANT_CONNECTION_ABORTED, at));
            case "room_finished" -> Optional.of(gone(room, Hangup.HangupSource.ROOM_FINISHED, at));
            default -> Optional.empty();
        };
    }

    private static Optional<ParticipantInfo> sipCaller(WebhookEvent event) {
        if (event.hasParticipant() && event.getParticipant().getKind() == ParticipantInfo.Kind.SIP) {
            return Optional.of(event.getParticipant());
        }
        return Optional.empty();
    }

    private static CallerJoined callerJoined(ParticipantInfo caller, Instant at) {
        Map<String, String> attributes = caller.getAttributesMap();
        return new CallerJoined(
                attributes.get(CALLED_NUMBER),
                attributes.get(CALLER_NUMBER),
                attributes.get(CALL_ID),
                attributes.get(CALL_ID_FULL),
                attributes.get(TRUNK_ID),
                caller.getIdentity(),
                at);
    }

    private static CallSignal.Gone gone(String room, Hangup.HangupSource source, Instant at) {
        return new CallSignal.Gone(room, new Hangup(source, at));
    }
}
