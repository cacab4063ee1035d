package com.switchboard.server.security;

import java.time.Instant;

/**
 * A token to store for a user.
 *
 * @param tokenHash SHA-256 of the whole secret, 32 bytes
 * @param prefix the secret's first characters, shown in listings
 * @param expiresAt null: does not expire
 */
public record NewApiToken(String name, byte[] tokenHash, String prefix, Instant expiresAt) {
    public NewApiToken {
        if (tokenHash == null || tokenHash.length != 32) {
            throw new IllegalArgumentException("a token hash is 32 bytes of SHA-256");
        }
        tokenHash = tokenHash.clone();
        name = name == null ? "" : name.strip();
    }

    @Override
    public byte[] tokenHash() {
        return tokenHash.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NewApiToken that
                && name.equals(that.name)
                && java.util.Arrays.equals(tokenHash, that.tokenHash)
                && java.util.Objects.equals(prefix, that.prefix)
                && java.util.Objects.equals(expiresAt, that.expiresAt);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(name, java.util.Arrays.hashCode(tokenHash), prefix, expiresAt);
    }

    @Override
    public String toString() {
        return "NewApiToken[name=" + name + ", prefix=" + prefix + ", expiresAt=" + expiresAt + "]";
    }
}
