package com.switchboard.workflows.testing;

import com.switchboard.workflows.session.AgentSessionActivities;
import com.switchboard.workflows.session.SessionEndReason;
import com.switchboard.workflows.session.SessionHeartbeat;
import com.switchboard.workflows.session.SessionHeartbeat.SessionState;
import com.switchboard.workflows.session.SessionRequest;
import com.switchboard.workflows.session.SessionResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import io.temporal.failure.ApplicationFailure;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for the GPU worker's agent session: each attempt plays the next scripted behaviour (the
 * last one repeats). Behaviours heartbeat like the real one, with {@link SessionHeartbeat} details.
 */
public final class ScriptedSessions implements AgentSessionActivities {
    public static final String GPU_HOST = "gpu-test-1";
    public static final Instant ANSWERED_AT = Instant.parse("2026-03-02T09:00:05Z");

    /** One attempt of a session. */
    @FunctionalInterface
    public interface Behaviour {
        SessionResult play(SessionRequest request, ActivityExecutionContext context) throws InterruptedException;
    }

    public final List<SessionRequest> attempts = new CopyOnWriteArrayList<>();
    /** Counted down when an attempt starts supervising (after its first heartbeat). */
    public final CountDownLatch supervising = new CountDownLatch(1);
    /** Lets silent sessions go when the test ends. */
    public final CountDownLatch shutdown = new CountDownLatch(1);

    private volatile List<Behaviour> script = List.of();

    /** The behaviour of each attempt, in order; the last one repeats. */
    public void play(Behaviour... script) {
        this.script = List.of(script);
    }

    @Override
    public SessionResult runSession(SessionRequest request) {
        attempts.add(request);
        List<Behaviour> script = this.script;
        if (script.isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure("no script for this session", "Unscripted");
        }
        Behaviour behaviour = script.get(Math.min(attempts.size(), script.size()) - 1);
        try {
            return behaviour.play(request, Activity.getExecutionContext());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("interrupted", "Interrupted");
        }
    }

    /** The agent answers, and the session ends on its own for {@code reason}. */
    public Behaviour answersThenEnds(SessionEndReason reason) {
        return (request, context) -> {
            context.heartbeat(heartbeat(SessionState.SUPERVISING, true));
            supervising.countDown();
            return new SessionResult(reason, ANSWERED_AT, Instant.now(), GPU_HOST, 1);
        };
    }

    /**
     * The agent answers and supervises until {@code seen} is released (the test sent the hangup
     * webhook's signal), then reports {@code reason}, as a worker whose next look at the room came
     * after LiveKit's participant_left.
     */
    public Behaviour answersThenEndsAfter(CountDownLatch seen, SessionEndReason reason) {
        return (request, context) -> {
            context.heartbeat(heartbeat(SessionState.SUPERVISING, true));
            supervising.countDown();
            seen.await(1, TimeUnit.MINUTES);
            return new SessionResult(reason, ANSWERED_AT, Instant.now(), GPU_HOST, 0);
        };
    }

    /** The agent never joins. */
    public Behaviour noShow() {
        return (request, context) -> {
            context.heartbeat(heartbeat(SessionState.WAITING_FOR_AGENT, false));
            throw ApplicationFailure.newFailure("the agent did not join", AGENT_NO_SHOW);
        };
    }

    /** The worker shuts down under the session: the SDK fails the attempt with its shutdown type. */
    public Behaviour workerShutsDown() {
        return (request, context) -> {
            context.heartbeat(heartbeat(SessionState.SUPERVISING, true));
            throw ApplicationFailure.newFailure(
                    "worker shut down", "io.temporal.client.ActivityWorkerShutdownException");
        };
    }

    /**
     * Supervises (answered or still ringing) until the workflow cancels, then cleans up and returns
     * a CANCELLED result, as the contract asks.
     */
    public Behaviour supervisesUntilCancelled(boolean answered) {
        return (request, context) -> {
            try {
                while (true) {
                    context.heartbeat(heartbeat(SessionState.SUPERVISING, answered));
                    supervising.countDown();
                    Thread.sleep(20);
                }
            } catch (ActivityCompletionException cancelled) {
                return new SessionResult(
                        SessionEndReason.CANCELLED, answered ? ANSWERED_AT : null, Instant.now(), GPU_HOST, 0);
            }
        };
    }

    /** Answers, heartbeats once, then the host "dies": no heartbeat, no result, until the test ends. */
    public Behaviour answersThenGoesSilent() {
        return (request, context) -> {
            context.heartbeat(heartbeat(SessionState.SUPERVISING, true));
            supervising.countDown();
            shutdown.await(1, TimeUnit.MINUTES);
            throw ApplicationFailure.newFailure("the test ended", "TestEnded");
        };
    }

    /** Heartbeats while the agent is on its way, then the host "dies" before it answered. */
    public Behaviour ringsThenGoesSilent() {
        return (request, context) -> {
            context.heartbeat(heartbeat(SessionState.WAITING_FOR_AGENT, false));
            shutdown.await(1, TimeUnit.MINUTES);
            throw ApplicationFailure.newFailure("the test ended", "TestEnded");
        };
    }

    private static SessionHeartbeat heartbeat(SessionState state, boolean answered) {
        return new SessionHeartbeat(state, answered, true, answered ? ANSWERED_AT : null, GPU_HOST);
    }
}
