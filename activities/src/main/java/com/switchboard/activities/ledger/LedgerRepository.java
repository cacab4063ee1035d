package com.switchboard.activities.ledger;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.CALLS;
import static org.jooq.impl.DSL.count;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import com.switchboard.db.tables.records.CallsRecord;
import com.switchboard.workflows.ledger.AdmitCall;
import com.switchboard.workflows.ledger.CloseCall;
import com.switchboard.workflows.ledger.OpenCall;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * The call ledger's SQL: the history row of every call ({@code calls}) and the row of every call
 * that holds a line ({@code active_calls}). The control plane writes it as {@link Actor#SYSTEM}.
 * Every write is idempotent by workflow id, because activities are retried.
 */
public final class LedgerRepository {
    private final Database database;

    public LedgerRepository(Database database) {
        this.database = database;
    }

    /** Inserts the calls row, or finds the one an earlier attempt inserted; returns its id. */
    public long open(OpenCall call) {
        return database.transactionResult(
                Actor.SYSTEM,
                tx -> tx.insertInto(CALLS)
                        .set(CALLS.WORKFLOW_ID, call.callWorkflowId())
                        .set(CALLS.ROOM_NAME, call.roomName())
                        .set(CALLS.ORGANIZATION_ID, call.organizationId())
                        .set(CALLS.SIP_NUMBER_ID, call.numberId())
                        // A call that hung up before its join never told us the number it dialed.
                        .set(CALLS.CALLED_NUMBER, call.calledNumber() == null ? "" : call.calledNumber())
                        .set(CALLS.CALLER_NUMBER, call.callerNumber())
                        .set(CALLS.SIP_CALL_ID, call.sipCallId())
                        .set(CALLS.SIP_CALL_ID_FULL, call.sipCallIdFull())
                        .set(CALLS.TRUNK_ID, call.trunkId())
                        .set(CALLS.STARTED_AT, call.startedAt())
                        .onConflict(CALLS.WORKFLOW_ID)
                        .doNothing()
                        .returningResult(CALLS.ID)
                        .fetchOptional(r -> r.value1())
                        .orElseGet(() -> callId(tx, call.callWorkflowId())
                                .orElseThrow(() -> new IllegalStateException(
                                        "calls row of " + call.callWorkflowId() + " neither inserted nor found"))));
    }

    /** What {@link #admit} found. */
    public enum Admission {
        /** The active_calls row exists now (inserted by this or an earlier attempt). */
        ADMITTED,
        /**
         * The call is closed already: a late retry of an admission that lost its race with the close
         * must not leave a live row behind, so nothing was inserted.
         */
        ALREADY_CLOSED,
        /** There is no calls row to hang the active_calls row on: the call was never opened. */
        NOT_OPENED
    }

    /** Inserts the active_calls row of a call whose calls row is open. */
    public Admission admit(AdmitCall call) {
        return database.transactionResult(Actor.SYSTEM, tx -> {
            // The row lock orders this admission against a concurrent close of the same call.
            Optional<CallsRecord> row = tx.selectFrom(CALLS)
                    .where(CALLS.WORKFLOW_ID.eq(call.callWorkflowId()))
                    .forUpdate()
                    .fetchOptional();
            if (row.isEmpty()) {
                return Admission.NOT_OPENED;
            }
            if (row.get().getEndedAt() != null) {
                return Admission.ALREADY_CLOSED;
            }
            tx.insertInto(ACTIVE_CALLS)
                    .set(ACTIVE_CALLS.CALL_ID, row.get().getId())
                    .set(ACTIVE_CALLS.WORKFLOW_ID, call.callWorkflowId())
                    .set(ACTIVE_CALLS.ORGANIZATION_ID, call.organizationId())
                    .set(ACTIVE_CALLS.SIP_NUMBER_ID, call.numberId())
                    .set(ACTIVE_CALLS.ROOM_NAME, call.roomName())
                    .set(ACTIVE_CALLS.SIP_CALL_ID, call.sipCallId())
                    .set(ACTIVE_CALLS.STARTED_AT, call.admittedAt() == null ? Instant.now() : call.admittedAt())
                    .onConflictDoNothing()
                    .execute();
            return Admission.ADMITTED;
        });
    }

    /**
     * Deletes the call's active_calls row and closes its calls row, in one transaction. Closing a
     * closed call changes nothing, so the first outcome stays. Returns whether this closed it.
     */
    public boolean close(CloseCall call) {
        Instant endedAt = call.endedAt() == null ? Instant.now() : call.endedAt();
        return database.transactionResult(Actor.SYSTEM, tx -> {
            int closed = tx.update(CALLS)
                    .set(CALLS.OUTCOME, call.outcome().dbValue())
                    .set(CALLS.END_REASON, call.endReason().wire())
                    .set(CALLS.ANSWERED_AT, call.answeredAt())
                    .set(CALLS.ENDED_AT, endedAt)
                    .set(CALLS.DURATION_SECONDS, durationSeconds(call.answeredAt(), endedAt))
                    .set(CALLS.GPU_HOST, call.gpuHost())
                    .set(CALLS.TICKETS_CREATED, Math.max(0, call.ticketsCreated()))
                    .where(CALLS.WORKFLOW_ID.eq(call.callWorkflowId()))
                    .and(CALLS.ENDED_AT.isNull())
                    .execute();
            tx.deleteFrom(ACTIVE_CALLS)
                    .where(ACTIVE_CALLS.WORKFLOW_ID.eq(call.callWorkflowId()))
                    .execute();
            return closed == 1;
        });
    }

    /** Calls of an organization that hold a line now. */
    public int activeCalls(long organizationId) {
        return database.transactionResult(
                Actor.SYSTEM, tx -> tx.fetchCount(ACTIVE_CALLS, ACTIVE_CALLS.ORGANIZATION_ID.eq(organizationId)));
    }

    /** Calls of an organization that hold a line now, per sip_numbers id (numbers with none are absent). */
    public Map<Long, Integer> activeCallsPerNumber(long organizationId) {
        return database.transactionResult(
                Actor.SYSTEM,
                tx -> tx.select(ACTIVE_CALLS.SIP_NUMBER_ID, count())
                        .from(ACTIVE_CALLS)
                        .where(ACTIVE_CALLS.ORGANIZATION_ID.eq(organizationId))
                        .groupBy(ACTIVE_CALLS.SIP_NUMBER_ID)
                        .fetchMap(ACTIVE_CALLS.SIP_NUMBER_ID, count()));
    }

    /** Calls whose calls row is still open (no outcome yet), across all organizations. */
    public int openCalls() {
        return database.transactionResult(Actor.SYSTEM, tx -> tx.fetchCount(CALLS, CALLS.ENDED_AT.isNull()));
    }

    private static Optional<Long> callId(DSLContext tx, String callWorkflowId) {
        return tx.select(CALLS.ID)
                .from(CALLS)
                .where(CALLS.WORKFLOW_ID.eq(callWorkflowId))
                .fetchOptional(CALLS.ID);
    }

    /** Billable seconds: from the agent's answer to the end; a call never answered lasted 0 s. */
    static int durationSeconds(Instant answeredAt, Instant endedAt) {
        if (answeredAt == null || endedAt.isBefore(answeredAt)) {
            return 0;
        }
        return Math.toIntExact(Duration.between(answeredAt, endedAt).toSeconds());
    }
}
