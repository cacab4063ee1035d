package com.switchboard.workflows.ledger;

import java.time.Instant;

/** Records that a call holds a line: its active_calls row (idempotent by workflow id). */
public record AdmitCall(
        String callWorkflowId,
        long organizationId,
        long numberId,
        String roomName,
        String sipCallId,
        Instant admittedAt) {}
