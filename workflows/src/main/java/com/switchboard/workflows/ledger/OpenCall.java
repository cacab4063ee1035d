package com.switchboard.workflows.ledger;

import java.time.Instant;

/**
 * Opens the calls row of a call (idempotent by workflow id). Organization and number are null for
 * calls that were never routed.
 */
public record OpenCall(
        String callWorkflowId,
        String roomName,
        Long organizationId,
        Long numberId,
        String calledNumber,
        String callerNumber,
        String sipCallId,
        String sipCallIdFull,
        String trunkId,
        Instant startedAt) {}
