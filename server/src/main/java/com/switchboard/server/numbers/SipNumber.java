package com.switchboard.server.numbers;

import com.switchboard.workflows.route.AgentConfig;
import java.time.Instant;

/**
 * A number of the inventory.
 *
 * @param phoneNumber E.164, or a short PBX extension as dialed
 * @param organizationId null while the number is unassigned inventory
 * @param configOverride the keys this number overrides in its organization's agent config
 * @param assignedBy who assigned it to its current organization (null when unassigned)
 */
public record SipNumber(
        long id,
        String phoneNumber,
        Long organizationId,
        String label,
        AgentConfig configOverride,
        boolean active,
        int maxConcurrentCalls,
        String assignedBy,
        Instant assignedAt,
        Instant createdAt,
        Instant updatedAt) {}
