package com.switchboard.server.calls;

import com.switchboard.server.web.BadRequest;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * Reads a date range from request parameters ({@code from}, {@code to}: ISO dates, both included;
 * {@code zone}: an IANA zone such as Europe/Rome). What is left out defaults to the last days up to
 * today in the configured zone.
 */
final class RangeParameters {
    private RangeParameters() {}

    static DateRange read(String from, String to, String zone, ZoneId defaultZone, int defaultDays, Clock clock) {
        ZoneId zoneId = zone(zone, defaultZone);
        LocalDate today = LocalDate.now(clock.withZone(zoneId));
        LocalDate end = blank(to) ? today : date("to", to);
        LocalDate start = blank(from) ? end.minusDays(defaultDays - 1L) : date("from", from);
        try {
            return new DateRange(start, end, zoneId);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(e.getMessage());
        }
    }

    private static ZoneId zone(String zone, ZoneId defaultZone) {
        if (blank(zone)) {
            return defaultZone;
        }
        try {
            return ZoneId.of(zone.strip());
        } catch (DateTimeException e) {
            throw new BadRequest("zone: not a time zone (use a name such as Europe/Rome, or UTC)");
        }
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new BadRequest(name + ": not a date (use YYYY-MM-DD)");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
