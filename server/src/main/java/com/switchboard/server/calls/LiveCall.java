package com.switchboard.server.calls;

import java.time.Instant;

/**
 * A call that holds a line now (a row of active_calls).
 *
 * @param numberLabel the number's label, or null when the actor can no longer see the number (it
 *     was reassigned while this call went on: the call finishes under its old organization)
 * @param workflowId the call's workflow, for operators who follow it into Temporal UI
 * @param organizationName the organization the call belongs to
 */
public record LiveCall(
        long callId,
        long organizationId,
        long numberId,
        String calledNumber,
        String callerNumber,
        String numberLabel,
        Instant startedAt,
        String workflowId,
        String organizationName) {}
