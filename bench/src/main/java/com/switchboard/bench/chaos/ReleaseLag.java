package com.switchboard.bench.chaos;

import com.switchboard.bench.Percentiles;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * How long lines stayed taken after they were free: for each call, from a moment it no longer
 * needed its line (its end, or its caller's audio stopping) to the moment the semaphore let the line
 * go. Spans that overlap a window of the excusing faults are counted apart and never fail; outside
 * them the largest may not exceed the limit, and a line never given back always fails.
 */
final class ReleaseLag {
    private ReleaseLag() {}

    /** One call's wait: {@code to} is null when the line was never given back. */
    record Span(String callWorkflowId, Instant from, Instant to) {
        Duration length(Instant end) {
            return Duration.between(from, to == null ? end : to);
        }
    }

    /** p50, p99 and max of some durations, in whole milliseconds ({@link Percentiles}). */
    record Stats(int count, Duration p50, Duration p99, Duration max) {
        static Stats of(Collection<Duration> values) {
            if (values.isEmpty()) {
                return new Stats(0, Duration.ZERO, Duration.ZERO, Duration.ZERO);
            }
            // Clocks of two processes (the simulator's, the Temporal server's) may disagree by a
            // few milliseconds either way; a release "before" its end took no time at all.
            Percentiles p = Percentiles.of(
                    values.stream().map(v -> (double) Math.max(0, v.toMillis())).toList());
            return new Stats(values.size(), millis(p.p50()), millis(p.p99()), millis(p.max()));
        }

        private static Duration millis(double value) {
            return Duration.ofMillis(Math.round(value));
        }

        @Override
        public String toString() {
            return String.format(
                    "n=%d p50 %d ms, p99 %d ms, max %d ms", count, p50.toMillis(), p99.toMillis(), max.toMillis());
        }
    }

    /**
     * @param outside the spans that overlap no excusing fault window (never-released ones included,
     *     up to the end of the run)
     * @param inFaults the spans that overlap one
     * @param over spans outside fault windows longer than the limit
     * @param never lines never given back
     */
    record Report(String name, Duration limit, Stats outside, Stats inFaults, List<String> over, List<String> never) {
        Report {
            over = List.copyOf(over);
            never = List.copyOf(never);
        }

        List<String> violations() {
            List<String> violations = new ArrayList<>();
            over.forEach(o -> violations.add(name + " over " + limit.toMillis() + " ms: " + o));
            never.forEach(n -> violations.add(name + ": line never given back: " + n));
            return violations;
        }

        String summary() {
            return String.format(
                    "%s: outside fault windows %s (limit %d ms, %d over); in fault windows %s; never given back %d",
                    name, outside, limit.toMillis(), over.size(), inFaults, never.size());
        }
    }

    static Report judge(
            String name,
            Collection<Span> spans,
            Duration limit,
            List<FaultWindow> faults,
            List<FaultWindow.Part> excusing,
            Instant end) {
        List<Duration> outside = new ArrayList<>();
        List<Duration> inFaults = new ArrayList<>();
        List<String> over = new ArrayList<>();
        List<String> never = new ArrayList<>();
        for (Span span : spans) {
            Duration length = span.length(end);
            if (span.to() == null) {
                never.add(span.callWorkflowId() + " (free since " + span.from() + ")");
            }
            FaultWindow window =
                    FaultWindow.overlapping(faults, span.from(), span.to() == null ? end : span.to(), excusing);
            if (window != null) {
                inFaults.add(length);
                continue;
            }
            outside.add(length);
            if (span.to() != null && length.compareTo(limit) > 0) {
                over.add(String.format(
                        "%s took %d ms (free at %s, released at %s)",
                        span.callWorkflowId(), length.toMillis(), span.from(), span.to()));
            }
        }
        return new Report(name, limit, Stats.of(outside), Stats.of(inFaults), over, never);
    }
}
