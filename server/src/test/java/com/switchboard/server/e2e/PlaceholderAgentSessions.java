package com.switchboard.server.e2e;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.switchboard.activities.livekit.LiveKitCallException;
import com.switchboard.activities.livekit.LiveKitCalls;
import com.switchboard.activities.livekit.LiveKitClients;
import com.switchboard.workflows.session.AgentSessionActivities;
import com.switchboard.workflows.session.SessionEndReason;
import com.switchboard.workflows.session.SessionHeartbeat;
import com.switchboard.workflows.session.SessionRequest;
import com.switchboard.workflows.session.SessionResult;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCanceledException;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import livekit.LivekitAgentDispatch;
import livekit.LivekitModels.ParticipantInfo;

/**
 * PLACEHOLDER for the GPU worker's agent session (issue 5), so that these tests run a call end to
 * end without that worker: it does the least the real one does. It dispatches the tenant's agent
 * explicitly with the merged config as JSON metadata (once per room, whatever the attempt), waits
 * for the agent, then watches the room while heartbeating until the caller is gone or the workflow
 * cancels the session (a hangup), and reports when the agent answered.
 */
final class PlaceholderAgentSessions implements AgentSessionActivities {
    static final String HOST = "placeholder-gpu";

    /**
     * The hangup webhook normally cancels the session moments after the caller leaves. Returning at
     * that same instant hits a race in Temporal's Java test server (the cancel of a just-completed
     * activity is refused with ACTIVITY_UNKNOWN and the call workflow stalls), so a session whose
     * caller left lets the webhook's cancel win and reports by itself only after this grace.
     */
    private static final Duration CANCEL_GRACE = Duration.ofMillis(1500);

    private static final ObjectMapper JSON = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private final LiveKitClients liveKit;
    private final Duration noShowAfter;
    private final Set<String> answeredRooms = ConcurrentHashMap.newKeySet();

    PlaceholderAgentSessions(LiveKitClients liveKit, Duration noShowAfter) {
        this.liveKit = liveKit;
        this.noShowAfter = noShowAfter;
    }

    /** Whether the session of {@code room} saw its agent join (and told Temporal so). */
    boolean answered(String room) {
        return answeredRooms.contains(room);
    }

    @Override
    public SessionResult runSession(SessionRequest request) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        String room = request.roomName();
        String agentName = request.config().agentName();
        Instant answeredAt = null;
        try {
            List<LivekitAgentDispatch.AgentDispatch> dispatched =
                    LiveKitCalls.execute(liveKit.agentDispatch().listDispatch(room), "list dispatches");
            if (dispatched.stream().noneMatch(d -> d.getAgentName().equals(agentName))) {
                LiveKitCalls.execute(
                        liveKit.agentDispatch().createDispatch(room, agentName, metadata(request), null),
                        "dispatch " + agentName);
            }
            Instant giveUp = Instant.now().plus(noShowAfter);
            Instant callerGoneAt = null;
            boolean roomGone = false;
            while (true) {
                List<ParticipantInfo> participants = List.of();
                if (!roomGone) {
                    try {
                        participants =
                                LiveKitCalls.execute(liveKit.rooms().listParticipants(room), "list participants");
                    } catch (LiveKitCallException e) {
                        if (e.kind() != LiveKitCallException.Kind.NOT_FOUND) {
                            throw e;
                        }
                        roomGone = true;
                    }
                }
                boolean agentPresent = participants.stream().anyMatch(p -> p.getKind() == ParticipantInfo.Kind.AGENT);
                boolean callerPresent =
                        participants.stream().anyMatch(p -> p.getIdentity().equals(request.callerIdentity()));
                if (agentPresent && answeredAt == null) {
                    answeredAt = Instant.now();
                }
                if (answeredAt == null && callerPresent && Instant.now().isAfter(giveUp)) {
                    throw ApplicationFailure.newFailure("agent " + agentName + " did not join " + room, AGENT_NO_SHOW);
                }
                if (!callerPresent && callerGoneAt == null) {
                    callerGoneAt = Instant.now();
                }
                if (callerGoneAt != null && Instant.now().isAfter(callerGoneAt.plus(CANCEL_GRACE))) {
                    SessionEndReason reason =
                            roomGone && answeredAt == null ? SessionEndReason.ROOM_GONE : SessionEndReason.CALLER_LEFT;
                    return new SessionResult(reason, answeredAt, Instant.now(), HOST, 0);
                }
                context.heartbeat(new SessionHeartbeat(
                        answeredAt == null
                                ? SessionHeartbeat.SessionState.WAITING_FOR_AGENT
                                : SessionHeartbeat.SessionState.SUPERVISING,
                        agentPresent,
                        callerPresent,
                        answeredAt,
                        HOST));
                if (answeredAt != null) {
                    answeredRooms.add(room);
                }
                Thread.sleep(50);
            }
        } catch (ActivityCanceledException hangup) {
            // The workflow cancelled the session (a hangup): report what the call was.
            return new SessionResult(SessionEndReason.CANCELLED, answeredAt, Instant.now(), HOST, 0);
        } catch (LiveKitCallException e) {
            throw LiveKitCalls.asActivityFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("interrupted", "Interrupted");
        }
    }

    private static String metadata(SessionRequest request) {
        try {
            return JSON.writeValueAsString(request.config());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("agent config cannot be written as JSON", e);
        }
    }
}
