package com.switchboard.bench.chaos;

import com.switchboard.workflows.lines.AcquireLine;
import com.switchboard.workflows.lines.LineDecision;
import com.switchboard.workflows.lines.LineHolder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Whether every busy the semaphore answered was deserved. A holder whose call was over, by the
 * caller's clock (the simulator saw it end) and by the platform's (its calls row is closed), more
 * than {@link #GRACE} before the decision is a phantom: its line was in fact free. A busy that the
 * same request would not have got without its phantoms told a caller "busy" for nothing.
 *
 * <p>The grace is 2 s. The platform stamps a call's {@code ended_at} in the very workflow task that
 * schedules its release; from there the line is free after one activity (one signal RPC) and one
 * task of the semaphore: three or four persisted state transitions, tens of milliseconds each on a
 * loaded development machine with the dev server's SQLite file, a few hundred at its worst without
 * faults. 2 s is several times that and still well below what a lost release costs (the audit
 * runs once a minute) or a slow audit, which is what this check is for. Faults stretch that path
 * (a release retried while Temporal or the replica that ran it is down), so a wrongful busy whose
 * phantoms ended in or across a fault window is reported, with the window, and not failed on.
 */
final class BusyAudit {
    /** How each wrongful busy begins among the violations. */
    static final String WRONGFUL = "wrongful busy: ";

    static final Duration GRACE = Duration.ofSeconds(2);

    private BusyAudit() {}

    /**
     * When a call was over.
     *
     * @param caller when the simulator saw the caller gone (hangup, media timeout, 486); null if not
     * @param platform the calls row's {@code ended_at}; null while open or when there is no row
     */
    record CallEnd(Instant caller, Instant platform) {
        /** When both clocks agree the call was over, or null while either does not say so. */
        Instant over() {
            if (caller == null || platform == null) {
                return null;
            }
            return caller.isAfter(platform) ? caller : platform;
        }
    }

    /** A busy that would have been granted without its phantoms. */
    record Wrongful(LineHistory.Decision decision, List<LineHolder> phantoms, Duration stalest, FaultWindow window) {
        @Override
        public String toString() {
            AcquireLine r = decision.request();
            return String.format(
                    "%s: %s told %s on number %d of organization %d (limits %d/%d) while %d of %d holders were"
                            + " over, the stalest %d ms before: %s%s",
                    decision.at(),
                    r.callWorkflowId(),
                    decision.decision(),
                    r.numberId(),
                    r.organizationId(),
                    r.numberLimit(),
                    r.organizationLimit(),
                    phantoms.size(),
                    decision.holders().size(),
                    stalest.toMillis(),
                    phantoms.stream().map(LineHolder::callWorkflowId).toList(),
                    window == null ? "" : " (during " + window + ")");
        }
    }

    /**
     * @param busies busy answers judged
     * @param withPhantoms of those, answered while a phantom held a line (deserved or not)
     * @param wrongful undeserved busies outside fault windows: violations
     * @param duringFaults undeserved busies whose phantoms ended in or across a fault window
     * @param unexplained busies the replayed holders do not account for (they would have granted it,
     *     or hold more than a limit allows): not judged, printed; see bench/README.md
     */
    record Report(
            Duration grace,
            int decisions,
            int busies,
            int withPhantoms,
            List<Wrongful> wrongful,
            List<Wrongful> duringFaults,
            List<LineHistory.Decision> unexplained) {
        Report {
            wrongful = List.copyOf(wrongful);
            duringFaults = List.copyOf(duringFaults);
            unexplained = List.copyOf(unexplained);
        }

        List<String> violations() {
            List<String> violations = new ArrayList<>();
            wrongful.forEach(w -> violations.add(WRONGFUL + w));
            return violations;
        }

        String summary() {
            return String.format(
                    "busy audit (grace %d ms): %d acquires, %d busy, %d answered while a phantom held a line;"
                            + " wrongful busies %d outside fault windows, %d during them%s; not judged (the replay"
                            + " disagrees with the answer) %d",
                    grace.toMillis(),
                    decisions,
                    busies,
                    withPhantoms,
                    wrongful.size(),
                    duringFaults.size(),
                    duringFaults.isEmpty()
                            ? ""
                            : " "
                                    + duringFaults.stream()
                                            .map(w -> w.window().name() + " "
                                                    + w.window().length().toMillis() + " ms")
                                            .distinct()
                                            .toList(),
                    unexplained.size());
        }
    }

    static Report judge(
            Collection<LineHistory.Decision> decisions,
            Map<String, CallEnd> ends,
            List<FaultWindow> faults,
            Duration grace) {
        int busies = 0;
        int withPhantoms = 0;
        List<Wrongful> wrongful = new ArrayList<>();
        List<Wrongful> duringFaults = new ArrayList<>();
        List<LineHistory.Decision> unexplained = new ArrayList<>();
        for (LineHistory.Decision decision : decisions) {
            if (!decision.busy()) {
                continue;
            }
            busies++;
            if (answer(decision.request(), decision.holders()) == LineDecision.GRANTED
                    || overLimit(decision.request(), decision.holders())) {
                // The replay disagrees with the semaphore here (it never should): judging would be
                // guessing, so the busy is counted and printed instead.
                unexplained.add(decision);
                continue;
            }
            List<LineHolder> phantoms = new ArrayList<>();
            Instant oldestEnd = null;
            for (LineHolder holder : decision.holders()) {
                CallEnd end = ends.get(holder.callWorkflowId());
                Instant over = end == null ? null : end.over();
                if (over != null && over.plus(grace).isBefore(decision.at())) {
                    phantoms.add(holder);
                    oldestEnd = oldestEnd == null || over.isBefore(oldestEnd) ? over : oldestEnd;
                }
            }
            if (phantoms.isEmpty()) {
                continue;
            }
            withPhantoms++;
            List<LineHolder> real = decision.holders().stream()
                    .filter(h -> !phantoms.contains(h))
                    .toList();
            if (answer(decision.request(), real) != LineDecision.GRANTED) {
                continue;
            }
            FaultWindow window =
                    FaultWindow.overlapping(faults, oldestEnd, decision.at(), List.of(FaultWindow.Part.values()));
            Wrongful found = new Wrongful(decision, phantoms, Duration.between(oldestEnd, decision.at()), window);
            (window == null ? wrongful : duringFaults).add(found);
        }
        wrongful.sort(Comparator.comparing(w -> w.decision().at()));
        return new Report(grace, decisions.size(), busies, withPhantoms, wrongful, duringFaults, unexplained);
    }

    /** Replayed holders the semaphore could never have had: more than a limit allows. */
    static boolean overLimit(AcquireLine request, List<LineHolder> holders) {
        long onNumber =
                holders.stream().filter(h -> h.numberId() == request.numberId()).count();
        return holders.size() > request.organizationLimit() || onNumber > request.numberLimit();
    }

    /**
     * The semaphore's rule, stated again on its own (LineWorkflow's {@code Lines} is package-private
     * to the workflows module, and an independent statement is what an audit wants): a holder gets
     * its line again, then the number's limit, then the organization's.
     */
    static LineDecision answer(AcquireLine request, List<LineHolder> holders) {
        if (holders.stream().anyMatch(h -> h.callWorkflowId().equals(request.callWorkflowId()))) {
            return LineDecision.GRANTED;
        }
        long onNumber =
                holders.stream().filter(h -> h.numberId() == request.numberId()).count();
        if (onNumber >= request.numberLimit()) {
            return LineDecision.BUSY_NUMBER;
        }
        if (holders.size() >= request.organizationLimit()) {
            return LineDecision.BUSY_ORGANIZATION;
        }
        return LineDecision.GRANTED;
    }
}
