package com.switchboard.activities.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The keys of an agent config document: exactly the components of {@code AgentConfig}. */
public enum AgentConfigKey {
    AGENT_NAME("agentName"),
    GREETING("greeting"),
    LANGUAGE("language"),
    SYSTEM_PROMPT("systemPrompt"),
    VOICE("voice"),
    MAX_CALL_SECONDS("maxCallSeconds");

    private final String jsonName;

    AgentConfigKey(String jsonName) {
        this.jsonName = jsonName;
    }

    public String jsonName() {
        return jsonName;
    }

    public static Optional<AgentConfigKey> fromJsonName(String name) {
        return Arrays.stream(values()).filter(k -> k.jsonName.equals(name)).findFirst();
    }

    public static List<String> jsonNames() {
        return Arrays.stream(values()).map(AgentConfigKey::jsonName).toList();
    }
}
