package com.switchboard.server.organizations;

/** Why an organization operation was refused. */
public abstract sealed class OrganizationException extends RuntimeException {
    private OrganizationException(String message) {
        super(message);
    }

    public static final class DuplicateSlug extends OrganizationException {
        public DuplicateSlug(String slug) {
            super("an organization with slug " + slug + " exists already");
        }
    }

    /** No such organization, or not one the actor may see. */
    public static final class NotFound extends OrganizationException {
        public NotFound(long organizationId) {
            super("no organization " + organizationId);
        }
    }

    public static final class NotPermitted extends OrganizationException {
        public NotPermitted(String what) {
            super("not permitted: " + what);
        }
    }

    /** A field value out of bounds. */
    public static final class InvalidValue extends OrganizationException {
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
