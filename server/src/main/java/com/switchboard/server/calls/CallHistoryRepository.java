package com.switchboard.server.calls;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.CALLS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import com.switchboard.workflows.call.CallOutcome;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Record1;
import org.jooq.Records;
import org.jooq.SelectField;

/**
 * Reads of the call ledger for dashboards: calls in progress, the history, per-number usage. Every
 * read acts as the person asking, so row-level security keeps each tenant to its own calls. The
 * ledger itself is written by the control plane (module activities, package ledger).
 */
public final class CallHistoryRepository {
    private static final SelectField<CallRecord> CALL = row(
                    CALLS.ID,
                    CALLS.ORGANIZATION_ID,
                    CALLS.SIP_NUMBER_ID,
                    CALLS.CALLED_NUMBER,
                    CALLS.CALLER_NUMBER,
                    CALLS.STARTED_AT,
                    CALLS.ANSWERED_AT,
                    CALLS.ENDED_AT,
                    CALLS.DURATION_SECONDS,
                    CALLS.OUTCOME.convertFrom(CallHistoryRepository::outcome),
                    CALLS.END_REASON,
                    CALLS.TICKETS_CREATED,
                    CALLS.WORKFLOW_ID)
            .mapping(CallRecord::new);

    private final Database database;

    public CallHistoryRepository(Database database) {
        this.database = database;
    }

    /** Calls holding a line now, oldest first. */
    public List<LiveCall> liveCalls(Actor actor) {
        return database.transactionResult(
                actor,
                tx -> tx.select(
                                ACTIVE_CALLS.CALL_ID,
                                ACTIVE_CALLS.ORGANIZATION_ID,
                                ACTIVE_CALLS.SIP_NUMBER_ID,
                                CALLS.CALLED_NUMBER,
                                CALLS.CALLER_NUMBER,
                                SIP_NUMBERS.LABEL,
                                ACTIVE_CALLS.STARTED_AT,
                                ACTIVE_CALLS.WORKFLOW_ID,
                                ORGANIZATIONS.NAME)
                        .from(ACTIVE_CALLS)
                        .join(CALLS)
                        .on(CALLS.ID.eq(ACTIVE_CALLS.CALL_ID))
                        .leftJoin(ORGANIZATIONS)
                        .on(ORGANIZATIONS.ID.eq(ACTIVE_CALLS.ORGANIZATION_ID))
                        // Left: a number reassigned mid-call is no longer visible to the call's tenant.
                        .leftJoin(SIP_NUMBERS)
                        .on(SIP_NUMBERS.ID.eq(ACTIVE_CALLS.SIP_NUMBER_ID))
                        .orderBy(ACTIVE_CALLS.STARTED_AT, ACTIVE_CALLS.ID)
                        .fetch(Records.mapping(LiveCall::new)));
    }

    /** Calls holding a line now, per number; numbers without any are absent. */
    public Map<Long, Integer> liveCountsByNumber(Actor actor) {
        return database.transactionResult(
                actor,
                tx -> tx.select(ACTIVE_CALLS.SIP_NUMBER_ID, count())
                        .from(ACTIVE_CALLS)
                        .groupBy(ACTIVE_CALLS.SIP_NUMBER_ID)
                        .fetchMap(ACTIVE_CALLS.SIP_NUMBER_ID, count()));
    }

    /** Calls holding a line now, per organization; organizations without any are absent. */
    public Map<Long, Integer> liveCountsByOrganization(Actor actor) {
        return database.transactionResult(
                actor,
                tx -> tx.select(ACTIVE_CALLS.ORGANIZATION_ID, count())
                        .from(ACTIVE_CALLS)
                        .groupBy(ACTIVE_CALLS.ORGANIZATION_ID)
                        .fetchMap(ACTIVE_CALLS.ORGANIZATION_ID, count()));
    }

    /** Live and recent calls per number the actor may see calls of; numbers with neither are absent. */
    public Map<Long, NumberUsage> usageByNumber(Actor actor, Instant since) {
        return database.transactionResult(actor, tx -> {
            Map<Long, Integer> live = tx.select(ACTIVE_CALLS.SIP_NUMBER_ID, count())
                    .from(ACTIVE_CALLS)
                    .groupBy(ACTIVE_CALLS.SIP_NUMBER_ID)
                    .fetchMap(ACTIVE_CALLS.SIP_NUMBER_ID, count());
            Map<Long, Integer> recent = tx.select(CALLS.SIP_NUMBER_ID, count())
                    .from(CALLS)
                    .where(CALLS.STARTED_AT.ge(since))
                    .and(CALLS.SIP_NUMBER_ID.isNotNull())
                    .groupBy(CALLS.SIP_NUMBER_ID)
                    .fetchMap(CALLS.SIP_NUMBER_ID, count());
            Map<Long, NumberUsage> usage = new HashMap<>();
            live.forEach((id, n) -> usage.put(id, new NumberUsage(id, n, recent.getOrDefault(id, 0))));
            recent.forEach((id, n) -> usage.putIfAbsent(id, new NumberUsage(id, 0, n)));
            return usage;
        });
    }

    /** One page of the calls started within the query's range, newest first. */
    public CallPage history(Actor actor, CallQuery query) {
        Condition where = CALLS.STARTED_AT
                .ge(query.range().start())
                .and(CALLS.STARTED_AT.lt(query.range().end()))
                .and(query.numberId() == null ? noCondition() : CALLS.SIP_NUMBER_ID.eq(query.numberId()));
        return database.transactionResult(actor, tx -> {
            int total = tx.fetchCount(CALLS, where);
            List<CallRecord> calls = tx.select(CALL)
                    .from(CALLS)
                    .where(where)
                    .orderBy(CALLS.STARTED_AT.desc(), CALLS.ID.desc())
                    .limit(query.size())
                    .offset((long) query.page() * query.size())
                    .fetch(Record1::value1);
            return new CallPage(calls, query.page(), query.size(), total);
        });
    }

    private static CallOutcome outcome(String stored) {
        return stored == null ? null : CallOutcome.valueOf(stored.toUpperCase(Locale.ROOT));
    }
}
