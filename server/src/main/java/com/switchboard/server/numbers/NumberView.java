package com.switchboard.server.numbers;

import com.switchboard.server.calls.NumberUsage;
import com.switchboard.workflows.route.AgentConfig;
import java.time.Instant;

/**
 * A number as pages and the API show it: the row, whose it is, and how busy it is.
 *
 * @param organizationName null while the number is unassigned inventory
 * @param liveCalls calls on it right now
 * @param recentCalls calls to it in the last {@link NumberService#RECENT_DAYS} days
 * @param configOverride the agent config keys this number overrides (absent keys inherit)
 */
public record NumberView(
        long id,
        String phoneNumber,
        Long organizationId,
        String organizationName,
        String label,
        boolean active,
        int maxConcurrentCalls,
        int liveCalls,
        int recentCalls,
        AgentConfig configOverride,
        String assignedBy,
        Instant assignedAt) {

    static NumberView of(SipNumber number, String organizationName, NumberUsage usage) {
        return new NumberView(
                number.id(),
                number.phoneNumber(),
                number.organizationId(),
                organizationName,
                number.label(),
                number.active(),
                number.maxConcurrentCalls(),
                usage.liveCalls(),
                usage.recentCalls(),
                number.configOverride(),
                number.assignedBy(),
                number.assignedAt());
    }
}
