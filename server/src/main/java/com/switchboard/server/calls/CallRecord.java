package com.switchboard.server.calls;

import com.switchboard.workflows.call.CallOutcome;
import java.time.Instant;

/**
 * One call of the history.
 *
 * @param outcome null while the call is in progress
 * @param durationSeconds from the agent's answer to the end; 0 for a call never answered, null
 *     while in progress
 * @param workflowId the call's workflow, for operators who follow it into Temporal UI
 */
public record CallRecord(
        long id,
        Long organizationId,
        Long numberId,
        String calledNumber,
        String callerNumber,
        Instant startedAt,
        Instant answeredAt,
        Instant endedAt,
        Integer durationSeconds,
        CallOutcome outcome,
        String endReason,
        int ticketsCreated,
        String workflowId) {}
