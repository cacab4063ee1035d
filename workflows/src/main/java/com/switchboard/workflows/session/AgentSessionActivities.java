package com.switchboard.workflows.session;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The agent session of one call, run by a GPU worker on task queue {@code agent-sessions}. It
 * dispatches the agent, supervises the call while heartbeating, and returns when the call ends.
 * An agent that does not show up fails the attempt with {@link #AGENT_NO_SHOW} so that another
 * worker may try.
 *
 * <p>Cancellation (the caller hung up): the workflow cancels with WAIT_CANCELLATION_COMPLETED and
 * learns of it through the next heartbeat. Clean up, then <em>return</em> a {@link SessionResult}
 * with reason {@link SessionEndReason#CANCELLED} (do not rethrow the cancellation): only a result
 * carries answeredAt, gpuHost and tickets back. Heartbeat details are {@link SessionHeartbeat}s; the
 * workflow reads the last one when the heartbeat times out, to know whether the call was answered.
 */
@ActivityInterface
public interface AgentSessionActivities {
    /** ApplicationFailure type of an attempt whose agent never joined the room. */
    String AGENT_NO_SHOW = "AgentNoShow";

    @ActivityMethod
    SessionResult runSession(SessionRequest request);
}
