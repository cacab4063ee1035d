package com.switchboard.server.calls;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;

/**
 * The figures of a date range, cut in the range's time zone.
 *
 * @param perDay every day of the range, days without calls included
 * @param answeredCalls calls the agent answered
 * @param averageDurationSeconds over answered calls that ended; null when there were none
 * @param busyNumberRejections callers turned away because the number carried its limit
 * @param busyOrganizationRejections callers turned away because the organization carried its limit
 * @param hours all 7 × 24 hours of the week (Monday 00 first), calls started in each
 */
public record CallAnalytics(
        DateRange range,
        List<DayCount> perDay,
        long totalCalls,
        long answeredCalls,
        Double averageDurationSeconds,
        long busyNumberRejections,
        long busyOrganizationRejections,
        List<HourBucket> hours) {

    public CallAnalytics {
        perDay = List.copyOf(perDay);
        hours = List.copyOf(hours);
    }

    public long busyRejections() {
        return busyNumberRejections + busyOrganizationRejections;
    }

    /** The calls started in one hour of one weekday. */
    public long callsAt(DayOfWeek day, int hour) {
        return hours.get((day.getValue() - 1) * 24 + hour).calls();
    }

    /** @param busyRejections of {@code calls}, those turned away busy */
    public record DayCount(LocalDate day, long calls, long busyRejections) {}

    public record HourBucket(DayOfWeek day, int hour, long calls) {}
}
