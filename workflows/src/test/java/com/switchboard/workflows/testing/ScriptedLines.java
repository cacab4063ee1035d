package com.switchboard.workflows.testing;

import com.switchboard.workflows.lines.AcquireLine;
import com.switchboard.workflows.lines.LineActivities;
import com.switchboard.workflows.lines.LineDecision;
import com.switchboard.workflows.lines.ReleaseLine;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Answers acquires as the test says and keeps the set of calls that hold a line. */
public final class ScriptedLines implements LineActivities {
    public final List<AcquireLine> acquires = new CopyOnWriteArrayList<>();
    public final List<ReleaseLine> releases = new CopyOnWriteArrayList<>();
    public final Set<String> held = ConcurrentHashMap.newKeySet();
    private volatile LineDecision answer = LineDecision.GRANTED;
    private volatile CountDownLatch failWhenOpened;

    public void answer(LineDecision answer) {
        this.answer = answer;
    }

    /** Acquires wait for {@code gate}, then fail for good, as a semaphore unreachable past its bound. */
    public void failWhenOpened(CountDownLatch gate) {
        this.failWhenOpened = gate;
    }

    @Override
    public LineDecision acquire(AcquireLine request) {
        acquires.add(request);
        CountDownLatch gate = failWhenOpened;
        if (gate != null) {
            try {
                gate.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw ApplicationFailure.newNonRetryableFailure("line semaphore unreachable", "LineSemaphoreUnavailable");
        }
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
