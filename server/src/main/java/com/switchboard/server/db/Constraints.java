package com.switchboard.server.db;

import org.jooq.exception.DataAccessException;
import org.postgresql.util.PSQLException;

/** Which constraint of the schema a failed statement violated, so a repository can name the refusal. */
public final class Constraints {
    private Constraints() {}

    /** Whether {@code e} is PostgreSQL refusing the statement because of {@code constraint}. */
    public static boolean violated(DataAccessException e, String constraint) {
        PSQLException cause = e.getCause(PSQLException.class);
        return cause != null
                && cause.getServerErrorMessage() != null
                && constraint.equals(cause.getServerErrorMessage().getConstraint());
    }
}
