package com.switchboard.server.security;

/**
 * A user with the hash a login is checked against; only the login path reads it.
 *
 * @param passwordHash as the password encoder wrote it (e.g. {@code {bcrypt}$2a$10$...})
 */
public record UserCredentials(AppUser user, String passwordHash) {
    @Override
    public String toString() {
        return "UserCredentials[user=" + user + ", passwordHash=<hidden>]";
    }
}
