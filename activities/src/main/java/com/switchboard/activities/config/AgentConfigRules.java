package com.switchboard.activities.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.regex.Pattern;

/** What each key of an agent config may hold, and why a value is refused. */
public final class AgentConfigRules {
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

    private AgentConfigRules() {}

    sealed interface Checked {
        record Ok(Object value) implements Checked {}

        record Bad(String message) implements Checked {}
    }

    /** Checks one key's value; a value that passes is returned in the form to store. */
    static Checked check(AgentConfigKey key, JsonNode node) {
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

    static String describe(JsonNode node) {
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
}
