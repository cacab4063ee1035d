package com.switchboard.server.organizations;

import com.switchboard.workflows.route.AgentConfig;
import java.time.Instant;

/**
 * An organization as the operator's pages and the API show it.
 *
 * @param numbers numbers assigned to it
 * @param liveCalls its calls holding a line now
 */
public record OrganizationView(
        long id,
        String slug,
        String name,
        int maxConcurrentCalls,
        AgentConfig agentConfig,
        int numbers,
        int liveCalls,
        Instant createdAt) {

    static OrganizationView of(Organization organization, int numbers, int liveCalls) {
        return new OrganizationView(
                organization.id(),
                organization.slug(),
                organization.name(),
                organization.maxConcurrentCalls(),
                organization.agentConfig(),
                numbers,
                liveCalls,
                organization.createdAt());
    }
}
