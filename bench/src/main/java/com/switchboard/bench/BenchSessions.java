package com.switchboard.bench;

import com.switchboard.workflows.session.AgentSessionActivities;
import com.switchboard.workflows.session.SessionEndReason;
import com.switchboard.workflows.session.SessionRequest;
import com.switchboard.workflows.session.SessionResult;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stands in for the GPU worker: notes when each call's session started (the end of call setup),
 * holds the call briefly, and reports that the caller left.
 */
final class BenchSessions implements AgentSessionActivities {
    final Map<String, Long> startedAtNanos = new ConcurrentHashMap<>();
    private final Duration hold;

    BenchSessions(Duration hold) {
        this.hold = hold;
    }

    @Override
    public SessionResult runSession(SessionRequest request) {
        startedAtNanos.putIfAbsent(request.callWorkflowId(), System.nanoTime());
        Instant answeredAt = Instant.now();
        try {
            Thread.sleep(hold);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Activity.wrap(e);
        }
        return new SessionResult(SessionEndReason.CALLER_LEFT, answeredAt, Instant.now(), "bench-gpu", 0);
    }
}
