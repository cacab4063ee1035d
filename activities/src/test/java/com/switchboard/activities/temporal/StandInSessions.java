package com.switchboard.activities.temporal;

import com.switchboard.workflows.session.AgentSessionActivities;
import com.switchboard.workflows.session.SessionEndReason;
import com.switchboard.workflows.session.SessionHeartbeat;
import com.switchboard.workflows.session.SessionHeartbeat.SessionState;
import com.switchboard.workflows.session.SessionRequest;
import com.switchboard.workflows.session.SessionResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the GPU worker's agent session (an external system): the agent answers at once,
 * heartbeats until the workflow cancels the session (a hangup), and records how many sessions of
 * each organization and number run at the same instant. A call listed in {@link #silent} makes
 * its worker go quiet (no heartbeats, no result), as a GPU host that died would.
 */
final class StandInSessions implements AgentSessionActivities {
    static final String GPU_HOST = "stand-in-gpu";

    final Map<String, SessionRequest> started = new ConcurrentHashMap<>();
    final Map<String, Long> startedAtNanos = new ConcurrentHashMap<>();
    final Set<String> silent = ConcurrentHashMap.newKeySet();
    final Map<Long, AtomicInteger> runningPerOrganization = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> runningPerNumber = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> maxPerOrganization = new ConcurrentHashMap<>();
    final Map<Long, AtomicInteger> maxPerNumber = new ConcurrentHashMap<>();

    /** Released at the end of a test, so that silent sessions' threads end too. */
    private final CountDownLatch shutdown = new CountDownLatch(1);

    @Override
    public SessionResult runSession(SessionRequest request) {
        startedAtNanos.putIfAbsent(request.callWorkflowId(), System.nanoTime());
        started.put(request.callWorkflowId(), request);
        ActivityExecutionContext context = Activity.getExecutionContext();
        Instant answeredAt = Instant.now();
        enter(request);
        try {
            while (true) {
                if (silent.contains(request.callWorkflowId())) {
                    // The agent answered, then the GPU host died: it says nothing more, only the
                    // heartbeat timeout can tell. (A host lost before the answer is retried elsewhere.)
                    context.heartbeat(new SessionHeartbeat(SessionState.SUPERVISING, true, true, answeredAt, GPU_HOST));
                    shutdown.await(5, TimeUnit.MINUTES);
                    return new SessionResult(SessionEndReason.CALLER_LEFT, answeredAt, Instant.now(), GPU_HOST, 0);
                }
                context.heartbeat(new SessionHeartbeat(SessionState.SUPERVISING, true, true, answeredAt, GPU_HOST));
                if (shutdown.await(Duration.ofMillis(100).toMillis(), TimeUnit.MILLISECONDS)) {
                    return new SessionResult(SessionEndReason.ROOM_GONE, answeredAt, Instant.now(), GPU_HOST, 0);
                }
            }
        } catch (ActivityCanceledException hangup) {
            // The workflow cancelled the session (a hangup): a worker cleans up and reports the call.
            return new SessionResult(SessionEndReason.CANCELLED, answeredAt, Instant.now(), GPU_HOST, 0);
        } catch (ActivityCompletionException gone) {
            // The workflow gave up on this session (timed out, terminated): nobody wants a result.
            throw gone;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Activity.wrap(e);
        } finally {
            leave(request);
        }
    }

    private void enter(SessionRequest request) {
        int org = runningPerOrganization
                .computeIfAbsent(request.organizationId(), k -> new AtomicInteger())
                .incrementAndGet();
        maxPerOrganization
                .computeIfAbsent(request.organizationId(), k -> new AtomicInteger())
                .accumulateAndGet(org, Math::max);
        int number = runningPerNumber
                .computeIfAbsent(request.numberId(), k -> new AtomicInteger())
                .incrementAndGet();
        maxPerNumber
                .computeIfAbsent(request.numberId(), k -> new AtomicInteger())
                .accumulateAndGet(number, Math::max);
    }

    private void leave(SessionRequest request) {
        runningPerOrganization.get(request.organizationId()).decrementAndGet();
        runningPerNumber.get(request.numberId()).decrementAndGet();
    }

    int maxForOrganization(long organizationId) {
        AtomicInteger max = maxPerOrganization.get(organizationId);
        return max == null ? 0 : max.get();
    }

    int maxForNumber(long numberId) {
        AtomicInteger max = maxPerNumber.get(numberId);
        return max == null ? 0 : max.get();
    }

    void shutdown() {
        shutdown.countDown();
    }
}
