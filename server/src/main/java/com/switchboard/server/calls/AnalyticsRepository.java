package com.switchboard.server.calls;

import static com.switchboard.db.Tables.CALLS;
import static org.jooq.impl.DSL.avg;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.noCondition;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import com.switchboard.workflows.call.CallOutcome;
import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Record3;
import org.jooq.impl.SQLDataType;

/**
 * Figures over the call history of a date range. The cutting into days and hours happens in
 * PostgreSQL, in the range's time zone ({@code started_at at time zone 'Europe/Rome'}), so a call
 * at 23:30 UTC counts for the next day in Rome, and daylight-saving days have the hours they have.
 */
public final class AnalyticsRepository {
    private static final Condition BUSY_NUMBER = CALLS.OUTCOME.eq(inline(CallOutcome.BUSY_NUMBER.dbValue()));
    private static final Condition BUSY_ORGANIZATION =
            CALLS.OUTCOME.eq(inline(CallOutcome.BUSY_ORGANIZATION.dbValue()));
    private static final Condition ANSWERED = CALLS.ANSWERED_AT.isNotNull();

    private final Database database;

    public AnalyticsRepository(Database database) {
        this.database = database;
    }

    /**
     * @param numberId only the calls to this number, or null for all the actor may see
     */
    public CallAnalytics analytics(Actor actor, DateRange range, Long numberId) {
        // The zone is inlined, not bound: PostgreSQL matches GROUP BY expressions to the select list
        // textually, and two bind markers ($1, $2) would be two different expressions. ZoneId has
        // validated it, and jOOQ escapes inlined strings.
        Field<LocalDateTime> local = field(
                "({0} at time zone {1})",
                SQLDataType.LOCALDATETIME, CALLS.STARTED_AT, inline(range.zone().getId()));
        Field<LocalDate> day = local.cast(SQLDataType.LOCALDATE);
        Field<Integer> weekday = field("extract(isodow from {0})::int", Integer.class, local);
        Field<Integer> hour = field("extract(hour from {0})::int", Integer.class, local);
        Condition where = CALLS.STARTED_AT
                .ge(range.start())
                .and(CALLS.STARTED_AT.lt(range.end()))
                .and(numberId == null ? noCondition() : CALLS.SIP_NUMBER_ID.eq(numberId));

        return database.transactionResult(actor, tx -> {
            Map<LocalDate, CallAnalytics.DayCount> days = new HashMap<>();
            for (Record3<LocalDate, Integer, Integer> r : tx.select(
                            day, count(), count().filterWhere(BUSY_NUMBER.or(BUSY_ORGANIZATION)))
                    .from(CALLS)
                    .where(where)
                    .groupBy(day)
                    .fetch()) {
                days.put(r.value1(), new CallAnalytics.DayCount(r.value1(), r.value2(), r.value3()));
            }
            List<CallAnalytics.DayCount> perDay = range.days().stream()
                    .map(d -> days.getOrDefault(d, new CallAnalytics.DayCount(d, 0, 0)))
                    .toList();

            var totals = tx.select(
                            count(),
                            count().filterWhere(ANSWERED),
                            avg(CALLS.DURATION_SECONDS).filterWhere(ANSWERED.and(CALLS.DURATION_SECONDS.isNotNull())),
                            count().filterWhere(BUSY_NUMBER),
                            count().filterWhere(BUSY_ORGANIZATION))
                    .from(CALLS)
                    .where(where)
                    .fetchSingle();

            long[] grid = new long[7 * 24];
            tx.select(weekday, hour, count())
                    .from(CALLS)
                    .where(where)
                    .groupBy(weekday, hour)
                    .fetch()
                    .forEach(r -> grid[(r.value1() - 1) * 24 + r.value2()] = r.value3());
            List<CallAnalytics.HourBucket> hours = new ArrayList<>(grid.length);
            for (int i = 0; i < grid.length; i++) {
                hours.add(new CallAnalytics.HourBucket(DayOfWeek.of(i / 24 + 1), i % 24, grid[i]));
            }

            BigDecimal average = totals.value3();
            return new CallAnalytics(
                    range,
                    perDay,
                    totals.value1(),
                    totals.value2(),
                    average == null ? null : average.doubleValue(),
                    totals.value4(),
                    totals.value5(),
                    hours);
        });
    }
}
