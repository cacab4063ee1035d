package com.switchboard.activities.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.switchboard.workflows.route.AgentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads an agent config document on Jackson's streaming parser, so that what a tree would hide is
 * still seen: a key given twice, content after the closing brace, the type of a top-level value.
 * Each value is checked by {@link AgentConfigRules}; every problem is collected, none stops the read.
 */
final class AgentConfigReader {
    private static final int MAX_ECHOED_KEY_CHARS = 64;
    private static final int MAX_ECHOED_MESSAGE_CHARS = 200;

    private final ObjectMapper mapper;

    AgentConfigReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Reads a document, keeping every valid key and naming the rest; never throws on bad input. */
    AgentConfigCodec.Parsed read(String json) {
        List<ConfigError> errors = new ArrayList<>();
        if (json == null) {
            errors.add(new ConfigError(ConfigError.DOCUMENT, "is missing; send {} for a config without keys"));
            return new AgentConfigCodec.Parsed(AgentConfig.EMPTY, errors);
        }
        if (json.length() > AgentConfigCodec.MAX_DOCUMENT_CHARS) {
            errors.add(new ConfigError(
                    ConfigError.DOCUMENT, "is larger than " + AgentConfigCodec.MAX_DOCUMENT_CHARS + " characters"));
            return new AgentConfigCodec.Parsed(AgentConfig.EMPTY, errors);
        }
        Map<AgentConfigKey, Object> values = new EnumMap<>(AgentConfigKey.class);
        try (JsonParser parser = mapper.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                errors.add(new ConfigError(ConfigError.DOCUMENT, "is empty; send {} for a config without keys"));
                return new AgentConfigCodec.Parsed(AgentConfig.EMPTY, errors);
            }
            if (first != JsonToken.START_OBJECT) {
                errors.add(new ConfigError(ConfigError.DOCUMENT, "must be a JSON object, not " + describe(first)));
                return new AgentConfigCodec.Parsed(AgentConfig.EMPTY, errors);
            }
            readFields(parser, values, errors);
            if (parser.nextToken() != null) {
                errors.add(new ConfigError(ConfigError.DOCUMENT, "has content after the closing brace"));
            }
        } catch (JsonProcessingException e) {
            errors.add(new ConfigError(
                    ConfigError.DOCUMENT,
                    "is not valid JSON: " + printable(e.getOriginalMessage(), MAX_ECHOED_MESSAGE_CHARS)));
            return new AgentConfigCodec.Parsed(AgentConfig.EMPTY, errors);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail on I/O", e);
        }
        return new AgentConfigCodec.Parsed(toConfig(values), errors);
    }

    private void readFields(JsonParser parser, Map<AgentConfigKey, Object> values, List<ConfigError> errors)
            throws IOException {
        // Jackson keeps the last of duplicate keys and PostgreSQL's jsonb does the same, silently;
        // a document that says two things about one key is refused instead.
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            JsonNode value = mapper.readTree(parser);
            if (!seen.add(name)) {
                errors.add(new ConfigError(printable(name, MAX_ECHOED_KEY_CHARS), "appears more than once"));
                fromName(name).ifPresent(values::remove);
                continue;
            }
            Optional<AgentConfigKey> key = fromName(name);
            if (key.isEmpty()) {
                errors.add(new ConfigError(
                        printable(name, MAX_ECHOED_KEY_CHARS),
                        "is not a known key (known: " + String.join(", ", AgentConfigKey.jsonNames()) + ")"));
                continue;
            }
            switch (AgentConfigRules.check(key.get(), value)) {
                case AgentConfigRules.Checked.Ok ok -> values.put(key.get(), ok.value());
                case AgentConfigRules.Checked.Bad bad -> errors.add(new ConfigError(name, bad.message()));
            }
        }
    }

    private static Optional<AgentConfigKey> fromName(String name) {
        return AgentConfigKey.fromJsonName(name);
    }

    private static AgentConfig toConfig(Map<AgentConfigKey, Object> values) {
        return new AgentConfig(
                (String) values.get(AgentConfigKey.AGENT_NAME),
                (String) values.get(AgentConfigKey.GREETING),
                (String) values.get(AgentConfigKey.LANGUAGE),
                (String) values.get(AgentConfigKey.SYSTEM_PROMPT),
                (String) values.get(AgentConfigKey.VOICE),
                (Integer) values.get(AgentConfigKey.MAX_CALL_SECONDS));
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> "'" + token.asString() + "'";
        };
    }

    /** A key or parser message safe to show and log: short, and with control characters escaped. */
    private static String printable(String text, int maxChars) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(maxChars).forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                out.append("\\u%04X".formatted(cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        if (text.codePointCount(0, text.length()) > maxChars) {
            out.append('…');
        }
        return out.toString();
    }
}
