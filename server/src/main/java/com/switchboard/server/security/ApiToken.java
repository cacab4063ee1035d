package com.switchboard.server.security;

import java.time.Instant;

/**
 * An API token as listed to its owner: never the secret (only its hash is stored), only the
 * prefix that lets a person recognise it.
 *
 * @param expiresAt null: does not expire
 */
public record ApiToken(
        long id,
        long userId,
        Long organizationId,
        String name,
        String prefix,
        Instant createdAt,
        Instant expiresAt,
        Instant lastUsedAt,
        Instant revokedAt) {

    public boolean usableAt(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
