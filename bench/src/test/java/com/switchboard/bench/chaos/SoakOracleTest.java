package com.switchboard.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.livekit.simulator.CallState;
import com.switchboard.livekit.simulator.EndCause;
import com.switchboard.livekit.simulator.SimulatedCall;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SoakOracleTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aPlainBusyIsTheStrictOutcomeOfA486NotAnAmbiguity() {
        var expected = SoakOracle.expect(placed(Script.TALK), rejected(), false);

        assertThat(expected.judge("busy_number")).isEqualTo(SoakOracle.Verdict.STRICT);
        assertThat(expected.judge("busy_organization")).isEqualTo(SoakOracle.Verdict.STRICT);
        assertThat(expected.judge("no_gpu_capacity")).isEqualTo(SoakOracle.Verdict.STRICT);
    }

    @Test
    void aRoutedCallRejectedAsUnroutedIsWrong() {
        assertThat(SoakOracle.expect(placed(Script.TALK), rejected(), false).judge("unrouted"))
                .isEqualTo(SoakOracle.Verdict.WRONG);
    }

    @Test
    void aCancelCrossingTheDecisionIsARace() {
        var expected = SoakOracle.expect(
                placed(Script.ABANDON), ended(null, T0.plusMillis(300), EndCause.CALLER_HANGUP), false);

        assertThat(expected.judge("abandoned")).isEqualTo(SoakOracle.Verdict.STRICT);
        assertThat(expected.judge("busy_number")).isEqualTo(SoakOracle.Verdict.RACE);
        assertThat(expected.judge("completed")).isEqualTo(SoakOracle.Verdict.WRONG);
    }

    @Test
    void aHangupAtTheAnswerIsARace() {
        var expected = SoakOracle.expect(
                placed(Script.TALK), ended(T0.plusSeconds(1), T0.plusMillis(1500), EndCause.CALLER_HANGUP), false);

        assertThat(expected.judge("abandoned")).isEqualTo(SoakOracle.Verdict.RACE);
        assertThat(expected.judge("completed")).isEqualTo(SoakOracle.Verdict.STRICT);
    }

    @Test
    void a486ReapedDuringAnOutageIsExplainedByTheFaultAndWrongWithoutOne() {
        assertThat(SoakOracle.expect(placed(Script.TALK), rejected(), true).judge("ghost_reaped"))
                .isEqualTo(SoakOracle.Verdict.UNDER_FAULT);
        assertThat(SoakOracle.expect(placed(Script.TALK), rejected(), false).judge("ghost_reaped"))
                .isEqualTo(SoakOracle.Verdict.WRONG);
    }

    @Test
    void aGhostIsReapedAndATalkerCompletes() {
        assertThat(SoakOracle.expect(
                                placed(Script.GHOST),
                                ended(T0.plusSeconds(1), T0.plusSeconds(6), EndCause.MEDIA_TIMEOUT),
                                false)
                        .judge("ghost_reaped"))
                .isEqualTo(SoakOracle.Verdict.STRICT);
        assertThat(SoakOracle.expect(
                                placed(Script.TALK),
                                ended(T0.plusSeconds(1), T0.plusSeconds(6), EndCause.CALLER_HANGUP),
                                false)
                        .judge("ghost_reaped"))
                .isEqualTo(SoakOracle.Verdict.WRONG);
    }

    static Placed placed(Script script) {
        return new Placed("room-1", script, 1, 10, T0, null);
    }

    static SimulatedCall rejected() {
        return call(CallState.REJECTED_486, 486, null, T0.plusMillis(400), EndCause.ROOM_DELETED);
    }

    static SimulatedCall ended(Instant answeredAt, Instant endedAt, EndCause cause) {
        return call(CallState.ENDED, answeredAt == null ? 487 : 200, answeredAt, endedAt, cause);
    }

    static SimulatedCall call(CallState state, Integer status, Instant answeredAt, Instant endedAt, EndCause cause) {
        return new SimulatedCall(
                "room-1",
                "+390550000100",
                "+393330000001",
                "sip_caller",
                "SCL_1",
                "abc@pbx",
                "ST_1",
                state,
                status,
                T0,
                answeredAt,
                endedAt,
                cause);
    }
}
