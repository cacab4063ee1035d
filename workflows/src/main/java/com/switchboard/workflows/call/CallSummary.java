package com.switchboard.workflows.call;

import java.time.Instant;

/** The result of a CallWorkflow, the same facts as its calls row. */
public record CallSummary(
        String callWorkflowId,
        CallOutcome outcome,
        EndReason endReason,
        Long organizationId,
        Long numberId,
        Instant startedAt,
        Instant answeredAt,
        Instant endedAt) {}
