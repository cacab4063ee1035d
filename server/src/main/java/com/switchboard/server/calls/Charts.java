package com.switchboard.server.calls;

import java.time.DayOfWeek;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chart geometry for the analytics page. The page draws it as inline SVG with escaped attributes:
 * no JavaScript and no markup built from strings.
 */
final class Charts {
    private Charts() {}

    /** Calls per day as bars, with the busy rejections of each day as a darker bar at its foot. */
    record BarChart(int width, int height, int baseline, long max, List<Bar> bars, List<Tick> ticks) {}

    /** @param busyHeight height of the busy part, drawn from the baseline */
    record Bar(
            double x,
            double y,
            double width,
            double height,
            double busyY,
            double busyHeight,
            long calls,
            String title) {}

    record Tick(double x, String label) {}

    /** Calls per hour of the week: 7 rows (Monday first) of 24 cells. */
    record Heatmap(int width, int height, List<Cell> cells, List<Tick> hours, List<RowLabel> days) {}

    /** @param level 0 (no calls) to 5 (the busiest hour), a CSS class picks the shade */
    record Cell(int x, int y, int size, int level, long calls, String title) {}

    record RowLabel(int y, String label) {}

    private static final int BAR_WIDTH = 720;
    private static final int BAR_HEIGHT = 200;
    private static final int LEFT = 36;
    private static final int TOP = 10;
    private static final int BOTTOM = 24;
    private static final int CELL = 24;
    private static final int HEAT_LEFT = 40;
    private static final int HEAT_TOP = 18;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd");

    static BarChart callsPerDay(CallAnalytics figures) {
        List<CallAnalytics.DayCount> days = figures.perDay();
        long max = Math.max(
                1, days.stream().mapToLong(CallAnalytics.DayCount::calls).max().orElse(0));
        int baseline = BAR_HEIGHT - BOTTOM;
        double plot = baseline - TOP;
        double slot = (double) (BAR_WIDTH - LEFT) / days.size();
        double barWidth = Math.max(1, slot * 0.8);
        int labelEvery = (int) Math.ceil(days.size() / 12.0);
        List<Bar> bars = new ArrayList<>();
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            CallAnalytics.DayCount day = days.get(i);
            double x = LEFT + i * slot + (slot - barWidth) / 2;
            double height = plot * day.calls() / max;
            double busyHeight = plot * day.busyRejections() / max;
            bars.add(new Bar(
                    round(x),
                    round(baseline - height),
                    round(barWidth),
                    round(height),
                    round(baseline - busyHeight),
                    round(busyHeight),
                    day.calls(),
                    day.day() + ": " + day.calls() + " calls, " + day.busyRejections() + " busy"));
            if (i % labelEvery == 0) {
                ticks.add(new Tick(round(x + barWidth / 2), DAY.format(day.day())));
            }
        }
        return new BarChart(BAR_WIDTH, BAR_HEIGHT, baseline, max, bars, ticks);
    }

    static Heatmap busiestHours(CallAnalytics figures) {
        long max = figures.hours().stream()
                .mapToLong(CallAnalytics.HourBucket::calls)
                .max()
                .orElse(0);
        List<Cell> cells = new ArrayList<>();
        for (CallAnalytics.HourBucket bucket : figures.hours()) {
            int row = bucket.day().getValue() - 1;
            int level = bucket.calls() == 0 || max == 0 ? 0 : (int) Math.ceil(5.0 * bucket.calls() / max);
            cells.add(new Cell(
                    HEAT_LEFT + bucket.hour() * CELL,
                    HEAT_TOP + row * CELL,
                    CELL - 2,
                    level,
                    bucket.calls(),
                    "%s %02d:00–%02d:00: %d calls"
                            .formatted(name(bucket.day()), bucket.hour(), (bucket.hour() + 1) % 24, bucket.calls())));
        }
        List<Tick> hours = new ArrayList<>();
        for (int hour = 0; hour < 24; hour += 3) {
            hours.add(new Tick(HEAT_LEFT + hour * CELL + CELL / 2.0, "%02d".formatted(hour)));
        }
        List<RowLabel> days = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            days.add(new RowLabel(HEAT_TOP + (day.getValue() - 1) * CELL + CELL / 2 + 4, name(day)));
        }
        return new Heatmap(HEAT_LEFT + 24 * CELL, HEAT_TOP + 7 * CELL, cells, hours, days);
    }

    private static String name(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
