package com.switchboard.server.numbers;

/**
 * A number to add to the inventory.
 *
 * @param number as written by the operator; normalized before it is stored
 * @param organizationId assign it at once, or null to keep it in the inventory
 * @param label free text for people, e.g. "Florence front desk"
 * @param maxConcurrentCalls calls this number may carry at once
 */
public record NewNumber(String number, Long organizationId, String label, int maxConcurrentCalls) {
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 1;

    public NewNumber {
        label = label == null ? "" : label;
    }

    /** An unassigned number with no label and the default limit. */
    public static NewNumber of(String number) {
        return new NewNumber(number, null, "", DEFAULT_MAX_CONCURRENT_CALLS);
    }
}
