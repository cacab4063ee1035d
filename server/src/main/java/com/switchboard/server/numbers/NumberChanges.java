package com.switchboard.server.numbers;

/**
 * What a tenant administrator may change on its own number; a null component leaves that column
 * as it is.
 *
 * @param configOverride a whole agent config document (JSON object) replacing the current override;
 *     {@code {}} clears it
 */
public record NumberChanges(String label, String configOverride, Boolean active) {
    public static NumberChanges label(String label) {
        return new NumberChanges(label, null, null);
    }

    public static NumberChanges configOverride(String json) {
        return new NumberChanges(null, json, null);
    }

    public static NumberChanges active(boolean active) {
        return new NumberChanges(null, null, active);
    }
}
