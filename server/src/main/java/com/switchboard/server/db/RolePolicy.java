package com.switchboard.server.db;

import com.switchboard.activities.db.Actor;
import java.util.Optional;

/**
 * The role checks the repositories make before a write. Row-level security would refuse the same
 * writes; these checks only turn that refusal into a sentence a person can read.
 */
public final class RolePolicy {
    private RolePolicy() {}

    /** Why {@code actor} may not {@code what} (e.g. "add numbers"), if only an operator may. */
    public static Optional<String> operatorOnly(Actor actor, String what) {
        return actor.role().isTenant() ? Optional.of("only an operator may " + what) : Optional.empty();
    }
}
