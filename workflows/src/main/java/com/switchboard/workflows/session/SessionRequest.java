package com.switchboard.workflows.session;

import com.switchboard.workflows.route.AgentConfig;
import java.time.Instant;

/**
 * What a GPU worker needs to run one call's agent session.
 *
 * @param config the organization's agent config merged with the number's override
 */
public record SessionRequest(
        String callWorkflowId,
        String roomName,
        long organizationId,
        long numberId,
        String calledNumber,
        String callerNumber,
        String callerIdentity,
        AgentConfig config,
        Instant admittedAt) {}
