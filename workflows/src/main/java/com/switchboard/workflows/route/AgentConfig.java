package com.switchboard.workflows.route;

/**
 * The agent configuration of a call. An organization's config is the base; a number's override is
 * an AgentConfig whose null fields mean "inherit". Validation of stored JSON happens when it is
 * saved (activities module, {@code AgentConfigCodec}); this record only carries values.
 *
 * @param agentName the LiveKit agent to dispatch (explicit dispatch by agent name)
 * @param greeting what the agent says when it answers
 * @param language BCP 47 language tag, e.g. {@code it-IT}
 * @param systemPrompt the LLM system prompt
 * @param voice the text-to-speech voice
 * @param maxCallSeconds hard upper bound of one call's duration
 */
public record AgentConfig(
        String agentName, String greeting, String language, String systemPrompt, String voice, Integer maxCallSeconds) {

    public static final AgentConfig EMPTY = new AgentConfig(null, null, null, null, null, null);

    /** This config with every key that {@code override} names replaced. */
    public AgentConfig overriddenBy(AgentConfig override) {
        if (override == null) {
            return this;
        }
        return new AgentConfig(
                pick(override.agentName, agentName),
                pick(override.greeting, greeting),
                pick(override.language, language),
                pick(override.systemPrompt, systemPrompt),
                pick(override.voice, voice),
                pick(override.maxCallSeconds, maxCallSeconds));
    }

    private static <T> T pick(T override, T base) {
        return override != null ? override : base;
    }
}
