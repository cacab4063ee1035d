package com.switchboard.server.security;

import com.switchboard.activities.db.Actor;
import java.time.Instant;

/**
 * A person who logs in to the dashboard (or owns API tokens).
 *
 * @param organizationId null for operators, the one organization of everybody else
 */
public record AppUser(
        long id,
        Long organizationId,
        String email,
        String displayName,
        UserRole role,
        boolean enabled,
        Instant createdAt) {

    /** Whom this user's transactions act for. */
    public Actor actor() {
        return new Actor(role.actingRole(), organizationId, email);
    }
}
