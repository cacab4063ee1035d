package com.switchboard.workflows.testing;

import com.switchboard.workflows.lines.AcquireLine;
import com.switchboard.workflows.lines.LineActivities;
import com.switchboard.workflows.lines.LineDecision;
import com.switchboard.workflows.lines.ReleaseLine;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers acquires as the test says and keeps the set of calls that hold a line. */
public final class ScriptedLines implements LineActivities {
    public final List<AcquireLine> acquires = new CopyOnWriteArrayList<>();
    public final List<ReleaseLine> releases = new CopyOnWriteArrayList<>();
    public final Set<String> held = ConcurrentHashMap.newKeySet();
    private volatile LineDecision answer = LineDecision.GRANTED;

    public void answer(LineDecision answer) {
        this.answer = answer;
    }

    @Override
    public LineDecision acquire(AcquireLine request) {
        acquires.add(request);
        LineDecision decision = answer;
        if (decision == LineDecision.GRANTED) {
            held.add(request.callWorkflowId());
        }
        return decision;
    }

    @Override
    public void release(ReleaseLine request) {
        releases.add(request);
        held.remove(request.callWorkflowId());
    }
}
