package com.switchboard.gpu.session;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.gpu.session.RoomView.Kind;
import com.switchboard.gpu.session.RoomView.Participant;
import com.switchboard.workflows.session.SessionEndReason;
import com.switchboard.workflows.session.SessionHeartbeat.SessionState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallWatchTest {
    private static final Instant T0 = Instant.parse("2026-01-01T09:00:00Z");
    private static final Participant RINGING = new Participant("sip_+39021234", Kind.SIP, "ringing", null);
    private static final Participant ACTIVE = new Participant("sip_+39021234", Kind.SIP, "active", null);
    private static final Participant HUNG_UP = new Participant("sip_+39021234", Kind.SIP, "hangup", null);
    private static final Participant AGENT = new Participant("agent-AJ_1", Kind.AGENT, null, null);
    private static final Participant STALE_AGENT = new Participant("agent-AJ_0", Kind.AGENT, null, null);
    private static final Participant AGENT_HEARING_NOTHING =
            new Participant("agent-AJ_1", Kind.AGENT, null, null, true);
    private static final Participant STALE_AGENT_HEARING_NOTHING =
            new Participant("agent-AJ_0", Kind.AGENT, null, null, true);

    private static CallWatch watch() {
        return watch(Set.of());
    }

    private static CallWatch watch(Set<String> agentsBefore) {
        return new CallWatch("sip_+39021234", agentsBefore, T0.plusSeconds(10), Duration.ofMinutes(5), T0, null);
    }

    private static Optional<RoomView> room(Participant... participants) {
        return Optional.of(new RoomView(List.of(participants)));
    }

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static CallWatch answered() {
        CallWatch watch = watch();
        assertThat(watch.observe(room(ACTIVE, AGENT), at(2))).isInstanceOf(Verdict.Continue.class);
        return watch;
    }

    @Test
    void waitsForTheAgentThenSupervises() {
        CallWatch watch = watch();

        assertThat(watch.observe(room(RINGING), at(1)))
                .isEqualTo(new Verdict.Continue(SessionState.WAITING_FOR_AGENT, false, true));
        assertThat(watch.observe(room(ACTIVE, AGENT), at(3)))
                .isEqualTo(new Verdict.Continue(SessionState.SUPERVISING, true, true));
        assertThat(watch.answeredAt()).isEqualTo(at(3));
    }

    @Test
    void anAgentThatDoesNotJoinInTimeIsANoShow() {
        CallWatch watch = watch();

        assertThat(watch.observe(room(RINGING), at(9))).isInstanceOf(Verdict.Continue.class);
        assertThat(watch.observe(room(RINGING), at(10))).isInstanceOf(Verdict.NoShow.class);
    }

    @Test
    void anAgentAlreadyInTheRoomBeforeTheDispatchIsNotThisSessionsAgent() {
        CallWatch watch = watch(Set.of(STALE_AGENT.identity()));

        assertThat(watch.observe(room(RINGING, STALE_AGENT), at(10))).isInstanceOf(Verdict.NoShow.class);
    }

    @Test
    void aCallerWhoHangsUpWhileRingingLeft() {
        CallWatch watch = watch();

        assertThat(watch.observe(room(), at(4))).isEqualTo(new Verdict.End(SessionEndReason.CALLER_LEFT, false));
        assertThat(watch.answeredAt()).isNull();
    }

    @Test
    void aCallerSeenHangingUpLeft() {
        CallWatch watch = answered();

        assertThat(watch.observe(room(HUNG_UP, AGENT), at(30)))
                .isEqualTo(new Verdict.End(SessionEndReason.CALLER_LEFT, false));
    }

    @Test
    void aCallerLastSeenHangingUpAndNowGoneLeft() {
        CallWatch watch = answered();
        watch.observe(room(HUNG_UP, AGENT), at(30));

        assertThat(watch.observe(room(AGENT), at(31))).isEqualTo(new Verdict.End(SessionEndReason.CALLER_LEFT, false));
    }

    @Test
    void anAnsweredCallerWhoVanishesWhileActiveLostTheirMedia() {
        CallWatch watch = answered();

        assertThat(watch.observe(room(AGENT), at(40)))
                .isEqualTo(new Verdict.End(SessionEndReason.CALLER_MEDIA_LOST, false));
    }

    @Test
    void anAgentThatLeavesEndsTheCallByDeletingTheRoom() {
        CallWatch watch = answered();

        assertThat(watch.observe(room(ACTIVE), at(40))).isEqualTo(new Verdict.End(SessionEndReason.AGENT_LEFT, true));
    }

    @Test
    void aRoomThatIsGoneEndsTheSession() {
        CallWatch watch = answered();

        assertThat(watch.observe(Optional.empty(), at(40)))
                .isEqualTo(new Verdict.End(SessionEndReason.ROOM_GONE, false));
    }

    @Test
    void theMaximumDurationEndsTheCallByDeletingTheRoom() {
        CallWatch watch = answered();

        assertThat(watch.observe(room(ACTIVE, AGENT), at(299))).isInstanceOf(Verdict.Continue.class);
        assertThat(watch.observe(room(ACTIVE, AGENT), at(300)))
                .isEqualTo(new Verdict.End(SessionEndReason.MAX_DURATION, true));
    }

    @Test
    void theCallerIsFoundByKindWhenTheRequestDoesNotNameIt() {
        CallWatch watch = new CallWatch(null, Set.of(), at(10), null, T0, null);

        assertThat(watch.observe(room(ACTIVE, AGENT), at(1)))
                .isEqualTo(new Verdict.Continue(SessionState.SUPERVISING, true, true));
        assertThat(watch.observe(room(AGENT), at(2)))
                .isEqualTo(new Verdict.End(SessionEndReason.CALLER_MEDIA_LOST, false));
    }

    @Test
    void aCallerSeenActiveWasAnsweredEvenIfTheAgentWasNeverSeen() {
        CallWatch watch = watch();
        watch.observe(room(RINGING), at(1));

        assertThat(watch.observe(room(ACTIVE), at(2))).isInstanceOf(Verdict.Continue.class);
        assertThat(watch.observe(Optional.empty(), at(3)))
                .isEqualTo(new Verdict.End(SessionEndReason.ROOM_GONE, false));
        assertThat(watch.answeredAt()).isEqualTo(at(2));
    }

    @Test
    void ticketsTheAgentReportsAreKept() {
        CallWatch watch = answered();
        watch.observe(room(ACTIVE, new Participant(AGENT.identity(), Kind.AGENT, null, 2)), at(20));

        watch.observe(room(AGENT), at(21));

        assertThat(watch.ticketsCreated()).isEqualTo(2);
    }

    @Test
    void aCallerWhoseAudioTheAgentReportedLostAndWhoThenLeavesIsAGhostNotAHangup() {
        CallWatch watch = answered();
        watch.observe(room(ACTIVE, AGENT_HEARING_NOTHING), at(5));

        // LiveKit SIP's media timeout: sip.callStatus hangup, then the caller is gone, as after a BYE.
        assertThat(watch.observe(room(HUNG_UP, AGENT_HEARING_NOTHING), at(15)))
                .isEqualTo(new Verdict.End(SessionEndReason.CALLER_MEDIA_TIMEOUT, false));
    }

    @Test
    void theAgentsLastReportCountsWhenItLeftWithTheCaller() {
        CallWatch watch = answered();
        watch.observe(room(ACTIVE, AGENT_HEARING_NOTHING), at(5));

        assertThat(watch.observe(room(), at(15)))
                .isEqualTo(new Verdict.End(SessionEndReason.CALLER_MEDIA_TIMEOUT, false));
    }

    @Test
    void aRoomGoneAfterTheAgentReportedTheAudioLostIsAGhost() {
        CallWatch watch = answered();
        watch.observe(room(ACTIVE, AGENT_HEARING_NOTHING), at(5));

        assertThat(watch.observe(Optional.empty(), at(15)))
                .isEqualTo(new Verdict.End(SessionEndReason.CALLER_MEDIA_TIMEOUT, false));
    }

    @Test
    void audioThatCameBackBeforeTheHangupMakesItAHangup() {
        CallWatch watch = answered();
        watch.observe(room(ACTIVE, AGENT_HEARING_NOTHING), at(5));
        watch.observe(room(ACTIVE, AGENT), at(6));

        assertThat(watch.observe(room(HUNG_UP, AGENT), at(9)))
                .isEqualTo(new Verdict.End(SessionEndReason.CALLER_LEFT, false));
    }

    @Test
    void anEarlierAttemptsAgentReportingLostAudioDoesNotMakeAGhost() {
        CallWatch watch = watch(Set.of(STALE_AGENT.identity()));
        watch.observe(room(ACTIVE, STALE_AGENT_HEARING_NOTHING, AGENT), at(2));

        assertThat(watch.observe(room(HUNG_UP, STALE_AGENT_HEARING_NOTHING, AGENT), at(9)))
                .isEqualTo(new Verdict.End(SessionEndReason.CALLER_LEFT, false));
    }
}
