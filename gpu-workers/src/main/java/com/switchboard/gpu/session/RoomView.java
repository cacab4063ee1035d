package com.switchboard.gpu.session;

import java.util.List;
import java.util.Optional;

/** The participants of a room at one instant, reduced to what supervision needs. */
record RoomView(List<Participant> participants) {
    /** LiveKit SIP's attribute carrying ringing / active / hangup. */
    static final String CALL_STATUS = "sip.callStatus";

    /** The attribute in which an agent may report how many tickets it created during the call. */
    static final String TICKETS_CREATED = "switchboard.ticketsCreated";

    /** The attribute in which an agent reports the caller's audio: {@code flowing} or {@code lost}. */
    static final String CALLER_AUDIO = "switchboard.callerAudio";

    static final String AUDIO_LOST = "lost";

    RoomView {
        participants = List.copyOf(participants);
    }

    enum Kind {
        SIP,
        AGENT,
        OTHER
    }

    /**
     * @param callStatus the caller's {@code sip.callStatus}, null for others
     * @param ticketsCreated an agent's {@code switchboard.ticketsCreated}, null when absent
     * @param callerAudioLost whether an agent reports that no RTP arrives from the caller any more
     *     ({@code switchboard.callerAudio} = {@code lost}); false for others
     */
    record Participant(String identity, Kind kind, String callStatus, Integer ticketsCreated, boolean callerAudioLost) {

        Participant(String identity, Kind kind, String callStatus, Integer ticketsCreated) {
            this(identity, kind, callStatus, ticketsCreated, false);
        }
    }

    /** The caller: by identity when the call names it, else the room's SIP participant. */
    Optional<Participant> caller(String callerIdentity) {
        return participants.stream()
                .filter(p -> callerIdentity == null || callerIdentity.isBlank()
                        ? p.kind() == Kind.SIP
                        : callerIdentity.equals(p.identity()))
                .findFirst();
    }

    List<Participant> agents() {
        return participants.stream().filter(p -> p.kind() == Kind.AGENT).toList();
    }
}
