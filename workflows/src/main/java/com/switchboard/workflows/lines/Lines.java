package com.switchboard.workflows.lines;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The semaphore's whole state: which calls hold a line of one organization. Plain Java with an
 * insertion-ordered map, so that it is deterministic in workflow code and testable on its own.
 */
final class Lines {
    private final long organizationId;
    private final Map<String, LineHolder> holders = new LinkedHashMap<>();

    Lines(LineState state) {
        this.organizationId = state.organizationId();
        for (LineHolder holder : state.holders()) {
            holders.put(holder.callWorkflowId(), holder);
        }
    }

    long organizationId() {
        return organizationId;
    }

    /**
     * Grants a line or says which limit is full; never waits. A call that already holds a line gets
     * it again (the acquiring activity may have been retried after its answer got lost). The number's
     * limit is checked first because it is the more specific answer.
     */
    LineDecision acquire(AcquireLine request, Instant at) {
        if (holders.containsKey(request.callWorkflowId())) {
            return LineDecision.GRANTED;
        }
        long onNumber = holders.values().stream()
                .filter(holder -> holder.numberId() == request.numberId())
                .count();
        if (onNumber >= request.numberLimit()) {
            return LineDecision.BUSY_NUMBER;
        }
        if (holders.size() >= request.organizationLimit()) {
            return LineDecision.BUSY_ORGANIZATION;
        }
        holders.put(request.callWorkflowId(), new LineHolder(request.callWorkflowId(), request.numberId(), at));
        return LineDecision.GRANTED;
    }

    /** Returns whether the call held a line; releasing a line not held does nothing. */
    boolean release(String callWorkflowId) {
        return holders.remove(callWorkflowId) != null;
    }

    /** Drops the given holders; returns how many of them held a line. */
    int drop(Collection<String> callWorkflowIds) {
        int dropped = 0;
        for (String id : callWorkflowIds) {
            if (holders.remove(id) != null) {
                dropped++;
            }
        }
        return dropped;
    }

    boolean isEmpty() {
        return holders.isEmpty();
    }

    List<String> holderIds() {
        return new ArrayList<>(holders.keySet());
    }

    LineState snapshot() {
        return new LineState(organizationId, new ArrayList<>(holders.values()));
    }
}
