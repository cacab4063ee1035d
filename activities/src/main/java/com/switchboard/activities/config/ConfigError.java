package com.switchboard.activities.config;

/**
 * One thing wrong with an agent config document.
 *
 * @param key the offending key, or {@link #DOCUMENT} when the document itself is wrong (not JSON,
 *     not an object, too large)
 * @param message what is wrong, without echoing the value (it may be large or hostile)
 */
public record ConfigError(String key, String message) {
    public static final String DOCUMENT = "$";

    @Override
    public String toString() {
        return key + ": " + message;
    }
}
