package com.switchboard.server.calls;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.CALLS;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import com.switchboard.workflows.call.CallOutcome;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes calls and active_calls rows as the control plane does ({@link Actor#SYSTEM}), with the
 * times and outcomes a test needs.
 */
final class LedgerRows {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Database database;

    LedgerRows(Database database) {
        this.database = database;
    }

    /** A finished call; answered after {@code ringSeconds}, or never when that is negative. */
    long ended(
            long organizationId,
            Long numberId,
            String calledNumber,
            Instant startedAt,
            int ringSeconds,
            int durationSeconds,
            CallOutcome outcome) {
        Instant answeredAt = ringSeconds < 0 ? null : startedAt.plusSeconds(ringSeconds);
        Instant endedAt = answeredAt == null ? startedAt.plusSeconds(5) : answeredAt.plusSeconds(durationSeconds);
        String room = "call-test-" + SEQUENCE.incrementAndGet();
        return database.transactionResult(
                Actor.SYSTEM,
                tx -> tx.insertInto(CALLS)
                        .set(CALLS.WORKFLOW_ID, "call-" + room)
                        .set(CALLS.ROOM_NAME, room)
                        .set(CALLS.ORGANIZATION_ID, organizationId)
                        .set(CALLS.SIP_NUMBER_ID, numberId)
                        .set(CALLS.CALLED_NUMBER, calledNumber)
                        .set(CALLS.CALLER_NUMBER, "+393331234567")
                        .set(CALLS.STARTED_AT, startedAt)
                        .set(CALLS.ANSWERED_AT, answeredAt)
                        .set(CALLS.ENDED_AT, endedAt)
                        .set(CALLS.DURATION_SECONDS, answeredAt == null ? 0 : durationSeconds)
                        .set(CALLS.OUTCOME, outcome.dbValue())
                        .returningResult(CALLS.ID)
                        .fetchSingle(r -> r.value1()));
    }

    /** A call in progress: an open calls row and its active_calls row. */
    long live(long organizationId, long numberId, String calledNumber, Instant startedAt) {
        String room = "call-live-" + SEQUENCE.incrementAndGet();
        return database.transactionResult(Actor.SYSTEM, tx -> {
            long id = tx.insertInto(CALLS)
                    .set(CALLS.WORKFLOW_ID, "call-" + room)
                    .set(CALLS.ROOM_NAME, room)
                    .set(CALLS.ORGANIZATION_ID, organizationId)
                    .set(CALLS.SIP_NUMBER_ID, numberId)
                    .set(CALLS.CALLED_NUMBER, calledNumber)
                    .set(CALLS.CALLER_NUMBER, "+393339876543")
                    .set(CALLS.STARTED_AT, startedAt)
                    .set(CALLS.ANSWERED_AT, startedAt.plusSeconds(2))
                    .returningResult(CALLS.ID)
                    .fetchSingle(r -> r.value1());
            tx.insertInto(ACTIVE_CALLS)
                    .set(ACTIVE_CALLS.CALL_ID, id)
                    .set(ACTIVE_CALLS.WORKFLOW_ID, "call-" + room)
                    .set(ACTIVE_CALLS.ORGANIZATION_ID, organizationId)
                    .set(ACTIVE_CALLS.SIP_NUMBER_ID, numberId)
                    .set(ACTIVE_CALLS.ROOM_NAME, room)
                    .set(ACTIVE_CALLS.STARTED_AT, startedAt)
                    .execute();
            return id;
        });
    }
}
