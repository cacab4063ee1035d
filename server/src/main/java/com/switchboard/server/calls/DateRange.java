package com.switchboard.server.calls;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Whole days in one time zone, both ends included. Calls are stored in UTC; a day, an hour of the
 * day and a weekday only mean something in a zone, so every report names the one it was cut in.
 */
public record DateRange(LocalDate from, LocalDate to, ZoneId zone) {
    /** A bit over a year: the longest range a report reads in one go. */
    public static final int MAX_DAYS = 400;

    public DateRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("the range ends before it starts");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new IllegalArgumentException("a range is at most " + MAX_DAYS + " days");
        }
    }

    /** The {@code days} days up to and including {@code today}. */
    public static DateRange lastDays(LocalDate today, int days, ZoneId zone) {
        return new DateRange(today.minusDays(days - 1L), today, zone);
    }

    /** The first instant of the range. */
    public Instant start() {
        return from.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the range. */
    public Instant end() {
        return to.plusDays(1).atStartOfDay(zone).toInstant();
    }

    public List<LocalDate> days() {
        return from.datesUntil(to.plusDays(1)).toList();
    }
}
