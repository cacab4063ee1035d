package com.switchboard.bench;

import java.util.Collection;
import java.util.Collections;
import org.HdrHistogram.DoubleHistogram;

/** Percentiles of a sample of durations in milliseconds, to three significant digits (HdrHistogram). */
public record Percentiles(int count, double p50, double p90, double p99, double max) {
    private static final int SIGNIFICANT_DIGITS = 3;

    public static Percentiles of(Collection<Double> millis) {
        if (millis.isEmpty()) {
            return new Percentiles(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        DoubleHistogram histogram = new DoubleHistogram(SIGNIFICANT_DIGITS);
        millis.forEach(histogram::recordValue);
        double max = Collections.max(millis);
        return new Percentiles(
                millis.size(), at(histogram, 50, max), at(histogram, 90, max), at(histogram, 99, max), max);
    }

    /**
     * The middle of the bucket that holds the percentile, not its upper edge; never above the
     * largest value (a small sample's top bucket may reach past it).
     */
    private static double at(DoubleHistogram histogram, double percentile, double max) {
        return Math.min(max, histogram.medianEquivalentValue(histogram.getValueAtPercentile(percentile)));
    }

    @Override
    public String toString() {
        return String.format("n=%d p50=%.1f ms p90=%.1f ms p99=%.1f ms max=%.1f ms", count, p50, p90, p99, max);
    }
}
