package com.switchboard.server.text;

import java.util.Optional;

/**
 * The rules every free-text field follows (labels, names, display names, token names): bounded in
 * characters (code points, not UTF-16 units), no control characters, and echoed back only cut short
 * and with control characters masked.
 */
public final class FreeText {
    private FreeText() {}

    /** Why {@code text} is not an acceptable value of at most {@code maxChars} characters, if it is not. */
    public static Optional<String> problem(String text, int maxChars) {
        if (longerThan(text, maxChars)) {
            return Optional.of("must be at most " + maxChars + " characters");
        }
        if (hasControlCharacters(text)) {
            return Optional.of("must not contain control characters");
        }
        return Optional.empty();
    }

    public static boolean longerThan(String text, int maxChars) {
        return text.codePointCount(0, text.length()) > maxChars;
    }

    public static boolean hasControlCharacters(String text) {
        return text.chars().anyMatch(Character::isISOControl);
    }

    /** Input quoted in an error: at most {@code maxChars} characters, control characters as '?'. */
    public static String echo(String input, int maxChars) {
        if (input == null) {
            return "null";
        }
        String shown = input.codePoints()
                .limit(maxChars)
                .map(cp -> Character.isISOControl(cp) ? '?' : cp)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return shown.length() < input.length() ? shown + "…" : shown;
    }
}
