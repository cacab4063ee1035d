package com.switchboard.server.calls;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SATURDAY;
import static java.time.DayOfWeek.SUNDAY;
import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.route.PhoneNumbers;
import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.server.numbers.NewNumber;
import com.switchboard.server.numbers.NumberRepository;
import com.switchboard.server.organizations.NewOrganization;
import com.switchboard.server.organizations.OrganizationRepository;
import com.switchboard.workflows.call.CallOutcome;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Figures checked against a known set of calls around the night Europe/Rome moved to summer time
 * (2025-03-30, 01:00 UTC), so that the zone of a range visibly decides which day and hour a call
 * belongs to.
 */
class AnalyticsRepositoryTest {
    private static final Actor OPERATOR = Actor.operator("ops@switchboard.example");
    private static final ZoneId ROME = ZoneId.of("Europe/Rome");
    private static final LocalDate MARCH_29 = LocalDate.of(2025, 3, 29);
    private static final LocalDate MARCH_31 = LocalDate.of(2025, 3, 31);

    private final TestDatabase db = TestDatabase.shared();
    private final AnalyticsRepository analytics = new AnalyticsRepository(db.database());
    private final LedgerRows ledger = new LedgerRows(db.database());

    private long pizzeria;
    private long frontDesk;
    private long kitchen;
    private Actor mario;

    @BeforeEach
    void knownCalls() {
        db.reset();
        OrganizationRepository organizations = new OrganizationRepository(db.database());
        NumberRepository numbers = new NumberRepository(db.database(), new PhoneNumbers("IT"));
        pizzeria = organizations
                .create(OPERATOR, new NewOrganization("pizzeria", "Pizzeria", null, 5))
                .id();
        long bakery = organizations
                .create(OPERATOR, new NewOrganization("bakery", "Bakery", null, 5))
                .id();
        frontDesk = numbers.add(OPERATOR, new NewNumber("+390550000001", pizzeria, "front desk", 2))
                .id();
        kitchen = numbers.add(OPERATOR, new NewNumber("+390550000002", pizzeria, "kitchen", 1))
                .id();
        long bakeryLine = numbers.add(OPERATOR, new NewNumber("+390550000003", bakery, "", 1))
                .id();
        mario = Actor.tenantAdmin(pizzeria, "mario@pizzeria.example");

        // Saturday 29 March in Rome (UTC+1).
        call(frontDesk, "2025-03-28T23:30:00Z", 10, 120, CallOutcome.COMPLETED); // Sat 00:30
        call(frontDesk, "2025-03-29T12:00:00Z", 5, 60, CallOutcome.COMPLETED); // Sat 13:00
        call(kitchen, "2025-03-29T12:10:00Z", -1, 0, CallOutcome.BUSY_NUMBER); // Sat 13:10
        // Sunday 30 March: 01:30 is still UTC+1, 03:30 is already UTC+2.
        call(frontDesk, "2025-03-30T00:30:00Z", -1, 0, CallOutcome.BUSY_ORGANIZATION); // Sun 01:30
        call(kitchen, "2025-03-30T01:30:00Z", 3, 300, CallOutcome.COMPLETED); // Sun 03:30
        // Monday 31 March (UTC+2).
        call(frontDesk, "2025-03-31T21:59:00Z", -1, 0, CallOutcome.ABANDONED); // Mon 23:59
        ledger.live(pizzeria, frontDesk, "+390550000001", Instant.parse("2025-03-31T10:00:00Z")); // Mon 12:00
        // Outside the range in Rome: Friday 23:59 and Tuesday 00:30.
        call(frontDesk, "2025-03-28T22:59:00Z", 1, 30, CallOutcome.COMPLETED);
        call(frontDesk, "2025-03-31T22:30:00Z", 1, 30, CallOutcome.COMPLETED);
        // Another tenant's call inside the range.
        ledger.ended(
                bakery,
                bakeryLine,
                "+390550000003",
                Instant.parse("2025-03-29T09:00:00Z"),
                1,
                1000,
                CallOutcome.COMPLETED);
    }

    private void call(long numberId, String startedAt, int ringSeconds, int durationSeconds, CallOutcome outcome) {
        String called = numberId == frontDesk ? "+390550000001" : "+390550000002";
        ledger.ended(pizzeria, numberId, called, Instant.parse(startedAt), ringSeconds, durationSeconds, outcome);
    }

    @Test
    void aTenantsFiguresCountItsCallsByTheDaysOfItsZone() {
        CallAnalytics figures = analytics.analytics(mario, new DateRange(MARCH_29, MARCH_31, ROME), null);

        assertThat(figures.perDay())
                .containsExactly(
                        new CallAnalytics.DayCount(MARCH_29, 3, 1),
                        new CallAnalytics.DayCount(MARCH_29.plusDays(1), 2, 1),
                        new CallAnalytics.DayCount(MARCH_31, 2, 0));
        assertThat(figures.totalCalls()).isEqualTo(7);
        assertThat(figures.answeredCalls()).isEqualTo(4);
        // The call in progress has no duration yet: (120 + 60 + 300) / 3.
        assertThat(figures.averageDurationSeconds()).isEqualTo(160.0);
        assertThat(figures.busyNumberRejections()).isEqualTo(1);
        assertThat(figures.busyOrganizationRejections()).isEqualTo(1);
        assertThat(figures.busyRejections()).isEqualTo(2);
    }

    @Test
    void busiestHoursAreHoursOfTheWeekInTheRangesZone() {
        CallAnalytics figures = analytics.analytics(mario, new DateRange(MARCH_29, MARCH_31, ROME), null);

        assertThat(nonZeroHours(figures))
                .isEqualTo(Map.of(
                        SATURDAY + " 0", 1L,
                        SATURDAY + " 13", 2L,
                        SUNDAY + " 1", 1L,
                        SUNDAY + " 3", 1L,
                        MONDAY + " 12", 1L,
                        MONDAY + " 23", 1L));
        assertThat(figures.hours()).hasSize(7 * 24);
        assertThat(figures.callsAt(SATURDAY, 13)).isEqualTo(2);
    }

    @Test
    void theSameRangeInUtcCutsTheCallsDifferently() {
        CallAnalytics figures = analytics.analytics(mario, new DateRange(MARCH_29, MARCH_31, ZoneOffset.UTC), null);

        assertThat(figures.perDay()).extracting(CallAnalytics.DayCount::calls).containsExactly(2L, 2L, 3L);
        assertThat(figures.callsAt(DayOfWeek.SATURDAY, 12)).isEqualTo(2);
        assertThat(figures.callsAt(DayOfWeek.SUNDAY, 0)).isEqualTo(1);
        assertThat(figures.callsAt(DayOfWeek.MONDAY, 22)).isEqualTo(1);
    }

    @Test
    void figuresForOneNumberCountOnlyItsCalls() {
        CallAnalytics figures = analytics.analytics(mario, new DateRange(MARCH_29, MARCH_31, ROME), kitchen);

        assertThat(figures.totalCalls()).isEqualTo(2);
        assertThat(figures.busyNumberRejections()).isEqualTo(1);
        assertThat(figures.averageDurationSeconds()).isEqualTo(300.0);
    }

    @Test
    void anOperatorsFiguresCountEveryTenant() {
        CallAnalytics figures = analytics.analytics(OPERATOR, new DateRange(MARCH_29, MARCH_31, ROME), null);

        assertThat(figures.totalCalls()).isEqualTo(8);
        assertThat(figures.perDay().getFirst().calls()).isEqualTo(4);
    }

    @Test
    void aRangeWithoutCallsHasZerosAndNoAverage() {
        CallAnalytics figures = analytics.analytics(
                mario, new DateRange(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 2), ROME), null);

        assertThat(figures.perDay()).extracting(CallAnalytics.DayCount::calls).containsExactly(0L, 0L);
        assertThat(figures.totalCalls()).isZero();
        assertThat(figures.averageDurationSeconds()).isNull();
        assertThat(figures.hours()).allSatisfy(h -> assertThat(h.calls()).isZero());
    }

    private static Map<String, Long> nonZeroHours(CallAnalytics figures) {
        Map<String, Long> hours = new HashMap<>();
        figures.hours().stream()
                .filter(h -> h.calls() > 0)
                .forEach(h -> hours.put(h.day() + " " + h.hour(), h.calls()));
        return hours;
    }
}
