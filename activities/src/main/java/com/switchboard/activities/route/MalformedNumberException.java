package com.switchboard.activities.route;

/** A number given to the inventory could not be read, or is not one the inventory accepts. */
public final class MalformedNumberException extends IllegalArgumentException {
    private final String reason;

    public MalformedNumberException(String reason) {
        super("not a usable phone number: " + reason);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
