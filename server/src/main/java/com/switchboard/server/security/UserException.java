package com.switchboard.server.security;

/** Why a user or token operation was refused. */
public abstract sealed class UserException extends RuntimeException {
    private UserException(String message) {
        super(message);
    }

    /** E-mail addresses are unique, whatever their case. */
    public static final class DuplicateEmail extends UserException {
        public DuplicateEmail() {
            super("a user with this e-mail address exists already");
        }
    }

    /** No such user or token, or not one the actor may see. */
    public static final class NotFound extends UserException {
        public NotFound(String what) {
            super("no " + what);
        }
    }

    public static final class NotPermitted extends UserException {
        public NotPermitted(String what) {
            super("not permitted: " + what);
        }
    }

    /** The organization to add the user to does not exist. */
    public static final class UnknownOrganization extends UserException {
        public UnknownOrganization(long organizationId) {
            super("no organization " + organizationId);
        }
    }

    /** A field value out of bounds. */
    public static final class InvalidValue extends UserException {
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
