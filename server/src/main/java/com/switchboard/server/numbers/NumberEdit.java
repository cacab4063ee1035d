package com.switchboard.server.numbers;

import com.switchboard.activities.config.AgentConfigCodec;
import com.switchboard.workflows.route.AgentConfig;

/**
 * What a tenant administrator edits on a number's page. A blank override field inherits the
 * organization's value; the override keys the page does not show (agent, voice, call length) are
 * kept as they are.
 */
public record NumberEdit(String label, String greeting, String language, String systemPrompt, boolean active) {
    public NumberEdit {
        label = label == null ? "" : label.strip();
    }

    static NumberEdit of(NumberView number) {
        AgentConfig override = number.configOverride();
        return new NumberEdit(
                number.label(),
                orEmpty(override.greeting()),
                orEmpty(override.language()),
                orEmpty(override.systemPrompt()),
                number.active());
    }

    /** The whole override document to store, unvalidated (the repository validates it). */
    String overrideJson(AgentConfig current) {
        return AgentConfigCodec.toJson(new AgentConfig(
                current.agentName(),
                blankToNull(greeting),
                blankToNull(language == null ? null : language.strip()),
                blankToNull(systemPrompt),
                current.voice(),
                current.maxCallSeconds()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
