package com.switchboard.server.numbers;

import java.util.List;

/** Why an inventory operation was refused. */
public abstract sealed class NumberException extends RuntimeException {
    private NumberException(String message) {
        super(message);
    }

    /** The numbers exist already (in any format that normalizes to them). */
    public static final class Duplicate extends NumberException {
        private final List<String> numbers;

        public Duplicate(List<String> numbers) {
            super("already in the inventory: " + String.join(", ", numbers));
            this.numbers = List.copyOf(numbers);
        }

        public List<String> numbers() {
            return numbers;
        }
    }

    /** No such number, or not one the actor may see. */
    public static final class NotFound extends NumberException {
        public NotFound(long numberId) {
            super("no number " + numberId);
        }
    }

    /**
     * A number that cannot be read or is not valid for the inventory.
     *
     * @see com.switchboard.activities.route.PhoneNumbers#forInventory
     */
    public static final class Malformed extends NumberException {
        private final String input;

        public Malformed(String input, String reason) {
            super("not a usable phone number (" + input + "): " + reason);
            this.input = input;
        }

        public String input() {
            return input;
        }
    }

    /** The actor's role may not do this. */
    public static final class NotPermitted extends NumberException {
        public NotPermitted(String what) {
            super("not permitted: " + what);
        }
    }

    /** The organization to assign to does not exist. */
    public static final class UnknownOrganization extends NumberException {
        public UnknownOrganization(long organizationId) {
            super("no organization " + organizationId);
        }
    }

    /** A field value out of bounds. */
    public static final class InvalidValue extends NumberException {
        private final String field;

        public InvalidValue(String field, String message) {
            super(field + ": " + message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }
}
