package com.switchboard.workflows.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.switchboard.workflows.call.EndReason.Fixed;
import com.switchboard.workflows.call.Hangup.HangupSource;
import com.switchboard.workflows.ledger.CloseCall;
import com.switchboard.workflows.livekit.EndCall;
import com.switchboard.workflows.route.Route.UnroutedReason;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strings of calls.end_reason, as they were stored before end reasons were a type. */
class EndReasonTest {
    private static final DataConverter CONVERTER = DefaultDataConverter.STANDARD_INSTANCE;

    @ParameterizedTest
    @CsvSource({
        "hangup_before_join",
        "join_timeout",
        "hangup_before_admission",
        "number_busy",
        "organization_busy",
        "caller_left",
        "caller_media_lost",
        "caller_media_timeout",
        "agent_left",
        "room_gone",
        "max_duration",
        "session_cancelled",
        "heartbeat_lost",
        "worker_shutdown",
        "session_overran",
        "agent_no_show",
        "no_gpu_capacity",
        "workflow_cancelled",
        "embedded_restart",
        "hangup",
        "participant_left",
        "participant_connection_aborted",
        "room_finished",
        "operator",
        "malformed_number",
        "unknown_number",
        "unassigned_number",
        "inactive_number",
        "session_failed:Boom",
        "session_failed:timeout",
        "step_failed:AcquireLine",
        "workflow_terminated",
        "workflow_timed_out",
        "workflow_not_found",
    })
    void everyStoredStringReadsBackAsTheReasonThatWritesIt(String stored) {
        assertThat(EndReason.of(stored).wire()).isEqualTo(stored);
    }

    @Test
    void reasonsCarryTheirDetailInTheStringsTheyAlwaysHad() {
        assertThat(Fixed.NUMBER_BUSY.wire()).isEqualTo("number_busy");
        assertThat(new EndReason.HungUp(HangupSource.PARTICIPANT_CONNECTION_ABORTED).wire())
                .isEqualTo("participant_connection_aborted");
        assertThat(EndReason.hungUp(new Hangup(null, Instant.EPOCH)).wire()).isEqualTo("hangup");
        assertThat(new EndReason.NotRouted(UnroutedReason.INACTIVE_NUMBER).wire())
                .isEqualTo("inactive_number");
        assertThat(new EndReason.SessionFailed("Boom").wire()).isEqualTo("session_failed:Boom");
        assertThat(new EndReason.StepFailed("Acquire").wire()).isEqualTo("step_failed:Acquire");
        assertThat(new EndReason.WorkflowClosed("terminated").wire()).isEqualTo("workflow_terminated");
        assertThat(EndReason.of("workflow_cancelled"))
                .as("the workflow's own cancellation, not a closed status found by the line audit")
                .isEqualTo(Fixed.WORKFLOW_CANCELLED);
        assertThat(EndReason.of("session_failed:Boom")).isEqualTo(new EndReason.SessionFailed("Boom"));
    }

    @Test
    void noTwoReasonsWithoutDetailShareAString() {
        List<String> wires = EndReason.withoutDetail().map(EndReason::wire).toList();

        assertThat(wires).doesNotHaveDuplicates();
        assertThat(wires)
                .allSatisfy(wire -> assertThat(EndReason.of(wire).wire()).isEqualTo(wire));
    }

    @Test
    void aStringNoWorkflowWroteIsRefused() {
        assertThatThrownBy(() -> EndReason.of("number full")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void payloadsCarryTheReasonAsItsBareString() {
        assertThat(json(new EndCall("room-1", Fixed.CALLER_MEDIA_TIMEOUT)))
                .isEqualTo("{\"roomName\":\"room-1\",\"reason\":\"caller_media_timeout\"}");
        assertThat(json(new EndCall("room-1", new EndReason.HungUp(null))))
                .isEqualTo("{\"roomName\":\"room-1\",\"reason\":\"hangup\"}");
        CloseCall close = new CloseCall(
                "call-room-1",
                CallOutcome.FAILED,
                new EndReason.SessionFailed("Boom"),
                null,
                Instant.parse("2026-03-02T09:00:05Z"),
                null,
                0);
        assertThat(json(close))
                .isEqualTo("{\"callWorkflowId\":\"call-room-1\",\"outcome\":\"FAILED\","
                        + "\"endReason\":\"session_failed:Boom\",\"answeredAt\":null,"
                        + "\"endedAt\":\"2026-03-02T09:00:05Z\",\"gpuHost\":null,\"ticketsCreated\":0}");
        assertThat(readBack(close, CloseCall.class)).isEqualTo(close);
        EndCall end = new EndCall("room-1", new EndReason.NotRouted(UnroutedReason.UNKNOWN_NUMBER));
        assertThat(readBack(end, EndCall.class)).isEqualTo(end);
    }

    private static String json(Object value) {
        return CONVERTER.toPayload(value).orElseThrow().getData().toString(StandardCharsets.UTF_8);
    }

    private static <T> T readBack(T value, Class<T> type) {
        Optional<io.temporal.api.common.v1.Payload> payload = CONVERTER.toPayload(value);
        return CONVERTER.fromPayload(payload.orElseThrow(), type, type);
    }
}
