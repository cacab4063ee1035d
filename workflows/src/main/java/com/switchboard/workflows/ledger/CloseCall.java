package com.switchboard.workflows.ledger;

import com.switchboard.workflows.call.CallOutcome;
import com.switchboard.workflows.call.EndReason;
import java.time.Instant;

/**
 * Ends a call in the ledger: deletes its active_calls row and closes its calls row with the
 * outcome. Closing twice keeps the first outcome.
 */
public record CloseCall(
        String callWorkflowId,
        CallOutcome outcome,
        EndReason endReason,
        Instant answeredAt,
        Instant endedAt,
        String gpuHost,
        int ticketsCreated) {}
