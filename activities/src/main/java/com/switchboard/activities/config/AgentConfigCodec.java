package com.switchboard.activities.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.switchboard.workflows.route.AgentConfig;
import java.util.List;

/**
 * Reads, validates and writes agent config documents (the jsonb of {@code organizations.agent_config}
 * and {@code sip_numbers.config_override}).
 *
 * <p>Reading is {@link AgentConfigReader}'s, the rules of each key {@link AgentConfigRules}'s; the
 * merge of a call's configs is {@link AgentConfigMerge}'s.
 *
 * <p>Validation happens when a config is saved ({@link #parse}), so that a bad override is refused
 * at the operator's desk and not discovered by a caller. Routing reads stored documents with
 * {@link #parseLenient}: a key that somehow fails (an older rule, a hand edit in psql) is skipped and
 * the base value used, because refusing a call over one bad key helps nobody.
 *
 * <p>A document is a JSON object whose keys are exactly the components of {@link AgentConfig}; an
 * absent key inherits. JSON {@code null} is refused rather than read as "inherit", so that there is
 * one way to say it and the stored form stays canonical ({@link #toJson} omits absent keys).
 */
public final class AgentConfigCodec {
    /** Far above any valid document; stops a hostile body before the parser spends time on it. */
    public static final int MAX_DOCUMENT_CHARS = 64 * 1024;

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();
    private static final AgentConfigReader READER = new AgentConfigReader(MAPPER);

    private AgentConfigCodec() {}

    /**
     * The result of a lenient read.
     *
     * @param config the keys that passed
     * @param errors the keys that did not (skipped)
     */
    public record Parsed(AgentConfig config, List<ConfigError> errors) {
        public Parsed {
            errors = List.copyOf(errors);
        }
    }

    /** Reads and validates a document; refuses it with every error named if anything is wrong. */
    public static AgentConfig parse(String json) {
        Parsed parsed = READER.read(json);
        if (!parsed.errors().isEmpty()) {
            throw new InvalidAgentConfigException(parsed.errors());
        }
        return parsed.config();
    }

    /** Reads a stored document, keeping every valid key and reporting the rest. Never throws. */
    public static Parsed parseLenient(String json) {
        return READER.read(json);
    }

    /** Validates a document and returns it in the form to store (canonical key order, tags normalized). */
    public static String canonicalize(String json) {
        return toJson(parse(json));
    }

    /** Refuses a config built in Java by the same rules as a document. */
    public static void validate(AgentConfig config) {
        parse(toJson(config));
    }

    /** The document for a config; absent (null) keys are left out. */
    public static String toJson(AgentConfig config) {
        ObjectNode node = MAPPER.createObjectNode();
        for (AgentConfigKey key : AgentConfigKey.values()) {
            switch (key) {
                case AGENT_NAME -> putText(node, key, config.agentName());
                case GREETING -> putText(node, key, config.greeting());
                case LANGUAGE -> putText(node, key, config.language());
                case SYSTEM_PROMPT -> putText(node, key, config.systemPrompt());
                case VOICE -> putText(node, key, config.voice());
                case MAX_CALL_SECONDS -> {
                    if (config.maxCallSeconds() != null) {
                        node.put(key.jsonName(), config.maxCallSeconds());
                    }
                }
            }
        }
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers always serializes", e);
        }
    }

    private static void putText(ObjectNode node, AgentConfigKey key, String value) {
        if (value != null) {
            node.put(key.jsonName(), value);
        }
    }
}
