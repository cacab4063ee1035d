package com.switchboard.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseLagTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final List<FaultWindow.Part> EVERY_FAULT = List.of(FaultWindow.Part.values());

    @Test
    void printsPercentilesOfTheLagsOutsideFaultWindows() {
        List<ReleaseLag.Span> spans = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            spans.add(span("call-" + i, i * 10L, i * 10L + 10L * i));
        }

        ReleaseLag.Report report =
                ReleaseLag.judge("release lag", spans, Duration.ofSeconds(2), List.of(), EVERY_FAULT, T0);

        assertThat(report.outside().count()).isEqualTo(100);
        assertThat(report.outside().p50()).isEqualTo(Duration.ofMillis(500));
        assertThat(report.outside().p99()).isEqualTo(Duration.ofMillis(990));
        assertThat(report.outside().max()).isEqualTo(Duration.ofMillis(1000));
        assertThat(report.violations()).isEmpty();
    }

    @Test
    void aReleaseLaterThanTheLimitOutsideFaultWindowsFails() {
        ReleaseLag.Report report = ReleaseLag.judge(
                "release lag", List.of(span("call-a", 0, 2500)), Duration.ofSeconds(2), List.of(), EVERY_FAULT, T0);

        assertThat(report.violations())
                .singleElement()
                .asString()
                .startsWith("release lag over 2000 ms: call-a took 2500 ms");
    }

    @Test
    void aLateReleaseAcrossAnExcusingFaultIsCountedApart() {
        var outage = new FaultWindow(FaultWindow.Part.SERVER, "server", T0.plusMillis(1000), T0.plusMillis(9000));

        ReleaseLag.Report report = ReleaseLag.judge(
                "release lag",
                List.of(span("call-a", 0, 10_000), span("call-b", 20_000, 20_300)),
                Duration.ofSeconds(2),
                List.of(outage),
                EVERY_FAULT,
                T0);

        assertThat(report.violations()).isEmpty();
        assertThat(report.inFaults().count()).isEqualTo(1);
        assertThat(report.inFaults().max()).isEqualTo(Duration.ofSeconds(10));
        assertThat(report.outside().max()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void onlyTheNamedPartsExcuse() {
        // A ghost's line free 20 s after silence while a server replica was away: only a GPU
        // worker's fault excuses that.
        var outage = new FaultWindow(FaultWindow.Part.SERVER, "server", T0.plusMillis(1000), T0.plusMillis(9000));

        ReleaseLag.Report report = ReleaseLag.judge(
                "line free after silence",
                List.of(span("call-ghost", 0, 20_000)),
                Duration.ofSeconds(15),
                List.of(outage),
                List.of(FaultWindow.Part.GPU_WORKER),
                T0);

        assertThat(report.violations()).hasSize(1);
    }

    @Test
    void aLineNeverGivenBackAlwaysFails() {
        var outage = new FaultWindow(FaultWindow.Part.GPU_WORKER, "gpu-0", T0, T0.plusSeconds(3));

        ReleaseLag.Report report = ReleaseLag.judge(
                "release lag",
                List.of(new ReleaseLag.Span("call-a", T0.plusSeconds(1), null)),
                Duration.ofSeconds(2),
                List.of(outage),
                EVERY_FAULT,
                T0.plusSeconds(60));

        assertThat(report.never()).singleElement().asString().startsWith("call-a");
        assertThat(report.violations()).hasSize(1);
    }

    @Test
    void statsOfNothingAreZero() {
        assertThat(ReleaseLag.Stats.of(List.of()).max()).isZero();
    }

    static ReleaseLag.Span span(String callId, long fromMillis, long toMillis) {
        return new ReleaseLag.Span(callId, T0.plusMillis(fromMillis), T0.plusMillis(toMillis));
    }
}
