package com.switchboard.gpu.session;

import com.switchboard.workflows.session.SessionEndReason;
import com.switchboard.workflows.session.SessionHeartbeat.SessionState;

/** What supervision concludes from one look at the room. */
sealed interface Verdict {
    /** The call goes on; these are the facts to heartbeat. */
    record Continue(SessionState state, boolean agentPresent, boolean callerPresent) implements Verdict {}

    /** The agent did not join in time: the attempt fails so another worker may try. */
    record NoShow() implements Verdict {}

    /**
     * The session is over.
     *
     * @param deleteRoom whether the worker must end the call itself: nobody else would, and a SIP
     *     call whose RTP still flows never times out
     */
    record End(SessionEndReason reason, boolean deleteRoom) implements Verdict {}
}
