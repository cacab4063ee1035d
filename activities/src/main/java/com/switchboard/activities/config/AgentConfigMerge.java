package com.switchboard.activities.config;

import com.switchboard.workflows.route.AgentConfig;

/** The agent config a call gets: platform defaults, then its organization's keys, then its number's. */
public final class AgentConfigMerge {
    /** What a call gets for every key that neither its organization nor its number sets. */
    public static final AgentConfig PLATFORM_DEFAULTS = new AgentConfig(
            "switchboard-agent",
            "Hello, how can I help you?",
            "en-US",
            "You are a helpful phone assistant.",
            "default",
            3600);

    private AgentConfigMerge() {}

    public static AgentConfig merge(AgentConfig organization, AgentConfig numberOverride) {
        return PLATFORM_DEFAULTS.overriddenBy(organization).overriddenBy(numberOverride);
    }
}
