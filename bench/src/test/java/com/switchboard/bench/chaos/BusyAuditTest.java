package com.switchboard.bench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.workflows.lines.AcquireLine;
import com.switchboard.workflows.lines.LineDecision;
import com.switchboard.workflows.lines.LineHolder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BusyAuditTest {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    static final Duration GRACE = BusyAudit.GRACE;

    @Test
    void aBusyAnsweredWhileTheOnlyHolderHadLongHungUpIsWrongful() {
        var decision = busy(at(10), ask("call-b", 1, 1, 4), holder("call-a", 1));
        var ends = Map.of("call-a", ended(at(5), at(5)));

        BusyAudit.Report report = BusyAudit.judge(List.of(decision), ends, List.of(), GRACE);

        assertThat(report.wrongful()).hasSize(1);
        assertThat(report.wrongful().getFirst().phantoms())
                .extracting(LineHolder::callWorkflowId)
                .containsExactly("call-a");
        assertThat(report.wrongful().getFirst().stalest()).isEqualTo(Duration.ofSeconds(5));
        assertThat(report.violations())
                .singleElement()
                .asString()
                .startsWith("wrongful busy: ")
                .contains("call-b");
    }

    @Test
    void aBusyWhoseHolderEndedWithinTheGraceIsDeserved() {
        var decision = busy(at(10), ask("call-b", 1, 1, 4), holder("call-a", 1));
        var ends = Map.of("call-a", ended(at(9), at(9)));

        BusyAudit.Report report = BusyAudit.judge(List.of(decision), ends, List.of(), GRACE);

        assertThat(report.withPhantoms()).isZero();
        assertThat(report.violations()).isEmpty();
    }

    @Test
    void aHolderTheCallerLeftButThePlatformHasNotClosedIsNoPhantom() {
        // The caller hung up long ago, but its calls row is still open: the platform has not yet
        // noticed (a lost hangup webhook, a GPU worker halted); releasing is not late yet.
        var decision = busy(at(10), ask("call-b", 1, 1, 4), holder("call-a", 1));
        var ends = Map.of("call-a", ended(at(1), null));

        assertThat(BusyAudit.judge(List.of(decision), ends, List.of(), GRACE).violations())
                .isEmpty();
    }

    @Test
    void aBusyStillDeservedWithoutItsPhantomsIsNotWrongful() {
        // Number 1 (limit 1) is held by a live call; the phantom holds number 2.
        var decision = busy(at(10), ask("call-c", 1, 1, 4), holder("call-a", 1), holder("call-x", 2));
        var ends = Map.of("call-x", ended(at(1), at(1)));

        BusyAudit.Report report = BusyAudit.judge(List.of(decision), ends, List.of(), GRACE);

        assertThat(report.withPhantoms()).isEqualTo(1);
        assertThat(report.wrongful()).isEmpty();
    }

    @Test
    void anOrganizationBusyWithAPhantomAmongItsHoldersIsWrongful() {
        var decision = new LineHistory.Decision(
                at(10),
                1,
                ask("call-d", 3, 2, 2),
                LineDecision.BUSY_ORGANIZATION,
                List.of(holder("call-a", 1), holder("call-x", 2)));
        var ends = Map.of("call-x", ended(at(2), at(3)));

        assertThat(BusyAudit.judge(List.of(decision), ends, List.of(), GRACE).wrongful())
                .hasSize(1);
    }

    @Test
    void aWrongfulBusyWhosePhantomEndedDuringAnOutageIsReportedApartAndDoesNotFail() {
        var decision = busy(at(20), ask("call-b", 1, 1, 4), holder("call-a", 1));
        var ends = Map.of("call-a", ended(at(5), at(6)));
        var outage = new FaultWindow(FaultWindow.Part.TEMPORAL, "temporal", at(4), at(12));

        BusyAudit.Report report = BusyAudit.judge(List.of(decision), ends, List.of(outage), GRACE);

        assertThat(report.violations()).isEmpty();
        assertThat(report.duringFaults())
                .singleElement()
                .extracting(BusyAudit.Wrongful::window)
                .isEqualTo(outage);
        assertThat(report.summary()).contains("during them [temporal 8000 ms]");
    }

    @Test
    void aBusyTheHoldersDoNotAccountForIsLeftUnjudged() {
        var decision = busy(at(10), ask("call-b", 1, 2, 4), holder("call-a", 1));

        BusyAudit.Report report = BusyAudit.judge(List.of(decision), Map.of(), List.of(), GRACE);

        assertThat(report.unexplained()).containsExactly(decision);
        assertThat(report.violations()).isEmpty();
    }

    /**
     * The broken variant: a semaphore that drops every release of organization 1 (as a lost release
     * signal would) and the checks that must catch it, over a synthetic day of calls.
     */
    @Test
    void releasesDroppedForOneOrganizationFailTheBusyAuditAndTheReleaseLagForThatOrganizationOnly() {
        SyntheticSemaphore semaphore = new SyntheticSemaphore(1);
        for (int i = 0; i < 40; i++) {
            long organization = 1 + i % 2;
            Instant asked = at(i);
            // Each call holds number 1 (limit 1) of its organization for 1.5 s.
            semaphore.call("call-" + i, organization, asked, asked.plusMillis(1500));
        }
        List<FaultWindow> noFaults = List.of();

        BusyAudit.Report busy = BusyAudit.judge(semaphore.decisions, semaphore.ends, noFaults, GRACE);
        ReleaseLag.Report lag = ReleaseLag.judge(
                "release lag", semaphore.spans(), GRACE, noFaults, List.of(FaultWindow.Part.values()), at(60));

        assertThat(busy.wrongful())
                .isNotEmpty()
                .allSatisfy(w -> assertThat(w.decision().organizationId()).isEqualTo(1));
        assertThat(lag.never()).isNotEmpty().allSatisfy(n -> assertThat(n).contains("org1"));
        assertThat(lag.violations()).isNotEmpty();

        SyntheticSemaphore healthy = new SyntheticSemaphore(-1);
        for (int i = 0; i < 40; i++) {
            healthy.call("call-" + i, 1 + i % 2, at(i), at(i).plusMillis(1500));
        }
        assertThat(BusyAudit.judge(healthy.decisions, healthy.ends, noFaults, GRACE)
                        .violations())
                .isEmpty();
        assertThat(ReleaseLag.judge(
                                "release lag",
                                healthy.spans(),
                                GRACE,
                                noFaults,
                                List.of(FaultWindow.Part.values()),
                                at(60))
                        .violations())
                .isEmpty();
    }

    /** One number (limit 1) per organization; a release 100 ms after the call's end, unless dropped. */
    static final class SyntheticSemaphore {
        final long dropReleasesOf;
        final List<LineHistory.Decision> decisions = new ArrayList<>();
        final Map<String, BusyAudit.CallEnd> ends = new HashMap<>();
        final Map<String, Instant> granted = new LinkedHashMap<>();
        final Map<String, Instant> released = new HashMap<>();
        final Map<Long, Map<String, LineHolder>> holders = new HashMap<>();
        final Map<String, Instant> pendingRelease = new HashMap<>();

        SyntheticSemaphore(long dropReleasesOf) {
            this.dropReleasesOf = dropReleasesOf;
        }

        void call(String name, long organization, Instant asked, Instant ended) {
            String id = name + "-org" + organization;
            Map<String, LineHolder> mine = holders.computeIfAbsent(organization, o -> new LinkedHashMap<>());
            pendingRelease.entrySet().removeIf(e -> {
                if (e.getValue().isAfter(asked)) {
                    return false;
                }
                holders.values().forEach(h -> {
                    if (h.remove(e.getKey()) != null) {
                        released.put(e.getKey(), e.getValue());
                    }
                });
                return true;
            });
            AcquireLine request = new AcquireLine(id, organization, organization * 10, 1, 4);
            LineDecision decision = BusyAudit.answer(request, List.copyOf(mine.values()));
            decisions.add(new LineHistory.Decision(asked, organization, request, decision, List.copyOf(mine.values())));
            ends.put(id, new BusyAudit.CallEnd(decision == LineDecision.GRANTED ? ended : asked, ended));
            if (decision == LineDecision.GRANTED) {
                mine.put(id, new LineHolder(id, organization * 10, asked));
                granted.put(id, asked);
                if (organization != dropReleasesOf) {
                    pendingRelease.put(id, ended.plusMillis(100));
                }
            }
        }

        List<ReleaseLag.Span> spans() {
            return granted.keySet().stream()
                    .map(id -> new ReleaseLag.Span(id, ends.get(id).over(), released.get(id)))
                    .filter(s -> s.to() != null || s.from().isBefore(at(39)))
                    .toList();
        }
    }

    static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    static AcquireLine ask(String callId, long numberId, int numberLimit, int organizationLimit) {
        return new AcquireLine(callId, 1, numberId, numberLimit, organizationLimit);
    }

    static LineHolder holder(String callId, long numberId) {
        return new LineHolder(callId, numberId, T0);
    }

    static BusyAudit.CallEnd ended(Instant caller, Instant platform) {
        return new BusyAudit.CallEnd(caller, platform);
    }

    static LineHistory.Decision busy(Instant at, AcquireLine request, LineHolder... holders) {
        return new LineHistory.Decision(at, 1, request, LineDecision.BUSY_NUMBER, List.of(holders));
    }
}
