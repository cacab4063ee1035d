package com.switchboard.activities.ledger;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.CALLS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.db.tables.records.CallsRecord;
import com.switchboard.workflows.call.CallOutcome;
import com.switchboard.workflows.call.EndReason;
import com.switchboard.workflows.call.EndReason.Fixed;
import com.switchboard.workflows.ledger.AdmitCall;
import com.switchboard.workflows.ledger.CloseCall;
import com.switchboard.workflows.ledger.OpenCall;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.Map;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LedgerActivitiesImplTest {
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    private final TestDatabase db = TestDatabase.shared();
    private final DSLContext owner = db.owner();
    private final LedgerRepository ledger = new LedgerRepository(db.database());
    private final LedgerActivitiesImpl activities = new LedgerActivitiesImpl(ledger);

    private long organizationId;
    private long numberId;

    @BeforeEach
    void freshDatabase() {
        db.reset();
        organizationId = owner.insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.SLUG, "acme")
                .set(ORGANIZATIONS.NAME, "Acme")
                .returningResult(ORGANIZATIONS.ID)
                .fetchSingle()
                .value1();
        numberId = owner.insertInto(SIP_NUMBERS)
                .set(SIP_NUMBERS.PHONE_NUMBER, "+390551234567")
                .set(SIP_NUMBERS.ORGANIZATION_ID, organizationId)
                .returningResult(SIP_NUMBERS.ID)
                .fetchSingle()
                .value1();
    }

    @Test
    void openingTwiceKeepsOneRowAndAnswersTheSameId() {
        long first = activities.openCall(open("call-a"));
        long second = activities.openCall(open("call-a"));

        assertThat(second).isEqualTo(first);
        assertThat(owner.fetchCount(CALLS)).isEqualTo(1);
        CallsRecord row = owner.fetchSingle(CALLS, CALLS.ID.eq(first));
        assertThat(row.getOrganizationId()).isEqualTo(organizationId);
        assertThat(row.getSipNumberId()).isEqualTo(numberId);
        assertThat(row.getCalledNumber()).isEqualTo("+390551234567");
        assertThat(row.getStartedAt()).isEqualTo(T0);
        assertThat(row.getOutcome()).isNull();
    }

    @Test
    void anUnroutedCallOpensWithoutOrganizationOrNumber() {
        long id = activities.openCall(
                new OpenCall("call-u", "u", null, null, "+15550000000", "+15551111111", null, null, null, T0));

        CallsRecord row = owner.fetchSingle(CALLS, CALLS.ID.eq(id));
        assertThat(row.getOrganizationId()).isNull();
        assertThat(row.getSipNumberId()).isNull();
    }

    @Test
    void admittingTwiceKeepsOneActiveRow() {
        long callId = activities.openCall(open("call-a"));
        activities.admitCall(admit("call-a"));
        activities.admitCall(admit("call-a"));

        assertThat(owner.fetchCount(ACTIVE_CALLS)).isEqualTo(1);
        assertThat(owner.fetchSingle(ACTIVE_CALLS).getCallId()).isEqualTo(callId);
        assertThat(ledger.activeCalls(organizationId)).isEqualTo(1);
        assertThat(ledger.activeCallsPerNumber(organizationId)).isEqualTo(Map.of(numberId, 1));
    }

    @Test
    void closingFreesTheActiveRowAndRecordsOutcomeAndBillableDuration() {
        activities.openCall(open("call-a"));
        activities.admitCall(admit("call-a"));

        activities.closeCall(new CloseCall(
                "call-a", CallOutcome.COMPLETED, Fixed.CALLER_LEFT, T0.plusSeconds(3), T0.plusSeconds(65), "gpu-1", 2));

        assertThat(owner.fetchCount(ACTIVE_CALLS)).isZero();
        CallsRecord row = owner.fetchSingle(CALLS, CALLS.WORKFLOW_ID.eq("call-a"));
        assertThat(row.getOutcome()).isEqualTo("completed");
        assertThat(row.getEndReason()).isEqualTo("caller_left");
        assertThat(row.getAnsweredAt()).isEqualTo(T0.plusSeconds(3));
        assertThat(row.getEndedAt()).isEqualTo(T0.plusSeconds(65));
        assertThat(row.getDurationSeconds()).isEqualTo(62);
        assertThat(row.getGpuHost()).isEqualTo("gpu-1");
        assertThat(row.getTicketsCreated()).isEqualTo(2);
    }

    @Test
    void aCallNeverAnsweredLastsZeroSeconds() {
        activities.openCall(open("call-b"));

        activities.closeCall(
                new CloseCall("call-b", CallOutcome.BUSY_NUMBER, Fixed.NUMBER_BUSY, null, T0.plusSeconds(1), null, 0));

        CallsRecord row = owner.fetchSingle(CALLS, CALLS.WORKFLOW_ID.eq("call-b"));
        assertThat(row.getOutcome()).isEqualTo("busy_number");
        assertThat(row.getDurationSeconds()).isZero();
    }

    @Test
    void closingTwiceKeepsTheFirstOutcome() {
        activities.openCall(open("call-a"));
        activities.admitCall(admit("call-a"));
        activities.closeCall(new CloseCall(
                "call-a", CallOutcome.GHOST_REAPED, Fixed.HEARTBEAT_LOST, null, T0.plusSeconds(20), null, 0));

        activities.closeCall(
                new CloseCall("call-a", CallOutcome.FAILED, Fixed.WORKER_SHUTDOWN, null, T0.plusSeconds(99), null, 0));

        CallsRecord row = owner.fetchSingle(CALLS, CALLS.WORKFLOW_ID.eq("call-a"));
        assertThat(row.getOutcome()).isEqualTo("ghost_reaped");
        assertThat(row.getEndedAt()).isEqualTo(T0.plusSeconds(20));
        assertThat(owner.fetchCount(ACTIVE_CALLS)).isZero();
    }

    @Test
    void aLateAdmissionOfAClosedCallLeavesNoLiveRow() {
        activities.openCall(open("call-a"));
        activities.closeCall(new CloseCall(
                "call-a", CallOutcome.ABANDONED, new EndReason.HungUp(null), null, T0.plusSeconds(2), null, 0));

        activities.admitCall(admit("call-a"));

        assertThat(owner.fetchCount(ACTIVE_CALLS)).isZero();
        assertThat(ledger.openCalls()).isZero();
    }

    @Test
    void admittingACallThatWasNeverOpenedFailsWithoutRetry() {
        assertThatThrownBy(() -> activities.admitCall(admit("call-x")))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.getType()).isEqualTo(LedgerActivitiesImpl.CALL_NOT_OPENED);
                    assertThat(f.isNonRetryable()).isTrue();
                });
    }

    private OpenCall open(String workflowId) {
        return new OpenCall(
                workflowId,
                workflowId.substring(5),
                organizationId,
                numberId,
                "+390551234567",
                "+393331234567",
                "SCL_1",
                "abc@pbx",
                "ST_1",
                T0);
    }

    private AdmitCall admit(String workflowId) {
        return new AdmitCall(workflowId, organizationId, numberId, workflowId.substring(5), "SCL_1", T0.plusSeconds(1));
    }
}
