package com.switchboard.activities.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.switchboard.workflows.route.AgentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads, validates and writes agent config documents (the jsonb of {@code organizations.agent_config}
 * and {@code sip_numbers.config_override}).
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
    /** What a call gets for every key that neither its organization nor its number sets. */
    public static final AgentConfig PLATFORM_DEFAULTS = new AgentConfig(
            "switchboard-agent",
            "Hello, how can I help you?",
            "en-US",
            "You are a helpful phone assistant.",
            "default",
            3600);

    /** Far above any valid document; stops a hostile body before the parser spends time on it. */
    public static final int MAX_DOCUMENT_CHARS = 64 * 1024;

    public static final int MAX_GREETING_CHARS = 500;
    public static final int MAX_SYSTEM_PROMPT_CHARS = 8000;
    public static final int MAX_VOICE_CHARS = 100;
    public static final int MAX_LANGUAGE_CHARS = 35;
    public static final int MIN_CALL_SECONDS = 30;
    public static final int MAX_CALL_SECONDS = 14_400;

    // LiveKit agent names end up in dispatch requests and worker registrations: keep them plain.
    private static final Pattern AGENT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    // Provider voice ids look like "elevenlabs:rachel" or "it-IT-Neural2-A".
    private static final Pattern VOICE = Pattern.compile("[A-Za-z0-9_.:-]+");
    // Locale.forLanguageTag is lenient (it drops what it cannot read), so the shape is checked first.
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");
    private static final int MAX_ECHOED_KEY_CHARS = 64;
    private static final int MAX_ECHOED_MESSAGE_CHARS = 200;

    private static final ObjectMapper MAPPER = JsonMapper.builder().build();

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
        Parsed parsed = read(json);
        if (!parsed.errors().isEmpty()) {
            throw new InvalidAgentConfigException(parsed.errors());
        }
        return parsed.config();
    }

    /** Reads a stored document, keeping every valid key and reporting the rest. Never throws. */
    public static Parsed parseLenient(String json) {
        return read(json);
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

    /** The config a call gets: platform defaults, then the organization's keys, then the number's. */
    public static AgentConfig merge(AgentConfig organization, AgentConfig numberOverride) {
        return PLATFORM_DEFAULTS.overriddenBy(organization).overriddenBy(numberOverride);
    }

    private static void putText(ObjectNode node, AgentConfigKey key, String value) {
        if (value != null) {
            node.put(key.jsonName(), value);
        }
    }

    private static Parsed read(String json) {
        List<ConfigError> errors = new ArrayList<>();
        if (json == null) {
            errors.add(new ConfigError(ConfigError.DOCUMENT, "is missing; send {} for a config without keys"));
            return new Parsed(AgentConfig.EMPTY, errors);
        }
        if (json.length() > MAX_DOCUMENT_CHARS) {
            errors.add(new ConfigError(ConfigError.DOCUMENT, "is larger than " + MAX_DOCUMENT_CHARS + " characters"));
            return new Parsed(AgentConfig.EMPTY, errors);
        }
        Map<AgentConfigKey, Object> values = new EnumMap<>(AgentConfigKey.class);
        try (JsonParser parser = MAPPER.createParser(json)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                errors.add(new ConfigError(ConfigError.DOCUMENT, "is empty; send {} for a config without keys"));
                return new Parsed(AgentConfig.EMPTY, errors);
            }
            if (first != JsonToken.START_OBJECT) {
                errors.add(new ConfigError(ConfigError.DOCUMENT, "must be a JSON object, not " + describe(first)));
                return new Parsed(AgentConfig.EMPTY, errors);
            }
            readFields(parser, values, errors);
            if (parser.nextToken() != null) {
                errors.add(new ConfigError(ConfigError.DOCUMENT, "has content after the closing brace"));
            }
        } catch (JsonProcessingException e) {
            errors.add(new ConfigError(
                    ConfigError.DOCUMENT,
                    "is not valid JSON: " + printable(e.getOriginalMessage(), MAX_ECHOED_MESSAGE_CHARS)));
            return new Parsed(AgentConfig.EMPTY, errors);
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail on I/O", e);
        }
        return new Parsed(toConfig(values), errors);
    }

    private static void readFields(JsonParser parser, Map<AgentConfigKey, Object> values, List<ConfigError> errors)
            throws IOException {
        // Jackson keeps the last of duplicate keys and PostgreSQL's jsonb does the same, silently;
        // a document that says two things about one key is refused instead.
        Set<String> seen = new HashSet<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            JsonNode value = MAPPER.readTree(parser);
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
            switch (check(key.get(), value)) {
                case Checked.Ok ok -> values.put(key.get(), ok.value());
                case Checked.Bad bad -> errors.add(new ConfigError(name, bad.message()));
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

    private sealed interface Checked {
        record Ok(Object value) implements Checked {}

        record Bad(String message) implements Checked {}
    }

    private static Checked check(AgentConfigKey key, JsonNode node) {
        if (node == null || node.isNull()) {
            return new Checked.Bad("must not be null; leave the key out to inherit it");
        }
        return switch (key) {
            case AGENT_NAME -> token(node, 64, AGENT_NAME, "may hold only letters, digits, '_' and '-'");
            case GREETING -> freeText(node, MAX_GREETING_CHARS, true);
            case LANGUAGE -> language(node);
            case SYSTEM_PROMPT -> freeText(node, MAX_SYSTEM_PROMPT_CHARS, false);
            case VOICE -> token(node, MAX_VOICE_CHARS, VOICE, "may hold only letters, digits, '_', '.', ':' and '-'");
            case MAX_CALL_SECONDS -> wholeNumber(node, MIN_CALL_SECONDS, MAX_CALL_SECONDS);
        };
    }

    private static Checked token(JsonNode node, int maxChars, Pattern pattern, String allowed) {
        if (!node.isTextual()) {
            return new Checked.Bad("must be a string, not " + describe(node));
        }
        String text = node.textValue();
        if (text.isEmpty()) {
            return new Checked.Bad("must not be empty");
        }
        int length = text.codePointCount(0, text.length());
        if (length > maxChars) {
            return new Checked.Bad("must be at most " + maxChars + " characters (was " + length + ")");
        }
        if (!pattern.matcher(text).matches()) {
            return new Checked.Bad(allowed);
        }
        return new Checked.Ok(text);
    }

    /**
     * Prose the agent speaks or reads. Line breaks and tabs are fine in a prompt; other control
     * characters and broken surrogates are not (PostgreSQL refuses some of them in jsonb, and the
     * rest only ever arrive by mistake or malice). An empty greeting is allowed: the agent then
     * waits for the caller to speak first.
     */
    private static Checked freeText(JsonNode node, int maxChars, boolean mayBeEmpty) {
        if (!node.isTextual()) {
            return new Checked.Bad("must be a string, not " + describe(node));
        }
        String text = node.textValue();
        if (!mayBeEmpty && text.isBlank()) {
            return new Checked.Bad("must not be blank");
        }
        int length = text.codePointCount(0, text.length());
        if (length > maxChars) {
            return new Checked.Bad("must be at most " + maxChars + " characters (was " + length + ")");
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t') {
                return new Checked.Bad(
                        "must not contain control characters (found U+%04X at index %d)".formatted((int) c, i));
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return new Checked.Bad("contains a broken UTF-16 surrogate at index " + i);
            }
        }
        return new Checked.Ok(text);
    }

    private static Checked language(JsonNode node) {
        if (!node.isTextual()) {
            return new Checked.Bad("must be a string, not " + describe(node));
        }
        String tag = node.textValue();
        if (tag.length() > MAX_LANGUAGE_CHARS) {
            return new Checked.Bad("must be at most " + MAX_LANGUAGE_CHARS + " characters (was " + tag.length() + ")");
        }
        String canonical = Locale.forLanguageTag(tag).toLanguageTag();
        if (!LANGUAGE.matcher(tag).matches() || !canonical.equalsIgnoreCase(tag)) {
            return new Checked.Bad("must be a BCP 47 language tag such as en-US or it-IT");
        }
        // Stored in canonical case (en-us -> en-US) so that equal tags compare equal.
        return new Checked.Ok(canonical);
    }

    private static Checked wholeNumber(JsonNode node, int min, int max) {
        if (!node.isNumber()) {
            return new Checked.Bad("must be a number, not " + describe(node));
        }
        if (!node.isIntegralNumber()) {
            return new Checked.Bad("must be a whole number");
        }
        if (!node.canConvertToInt() || node.intValue() < min || node.intValue() > max) {
            return new Checked.Bad("must be between " + min + " and " + max);
        }
        return new Checked.Ok(node.intValue());
    }

    private static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT, POJO -> "an object";
            case NULL, MISSING -> "null";
            case BINARY -> "binary data";
        };
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
