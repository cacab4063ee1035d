package com.switchboard.server.organizations;

/**
 * @param slug the organization's stable short name in URLs and logs ({@code pizzeria-da-mario})
 * @param agentConfig an agent config document (JSON object); null for none
 * @param maxConcurrentCalls calls the whole organization may carry at once
 */
public record NewOrganization(String slug, String name, String agentConfig, int maxConcurrentCalls) {
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 5;

    public NewOrganization {
        agentConfig = agentConfig == null ? "{}" : agentConfig;
    }
}
