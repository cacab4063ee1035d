package com.switchboard.server.organizations;

import com.switchboard.workflows.route.AgentConfig;
import java.time.Instant;

/**
 * A business served by the platform.
 *
 * @param agentConfig the organization's base agent config (keys it leaves out take the platform
 *     defaults)
 * @param maxConcurrentCalls calls the whole organization may carry at once
 */
public record Organization(
        long id,
        String slug,
        String name,
        AgentConfig agentConfig,
        int maxConcurrentCalls,
        Instant createdAt,
        Instant updatedAt) {}
