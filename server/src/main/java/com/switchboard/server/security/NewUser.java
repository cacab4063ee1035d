package com.switchboard.server.security;

/**
 * A user to create. The password arrives hashed: hashing is the web layer's business (its encoder
 * also checks logins), and a plain password never reaches the database layer.
 *
 * @param organizationId null for an operator, required for a tenant user
 */
public record NewUser(String email, String displayName, UserRole role, Long organizationId, String passwordHash) {
    public NewUser {
        displayName = displayName == null ? "" : displayName.strip();
        email = email == null ? null : email.strip();
    }

    @Override
    public String toString() {
        return "NewUser[email=" + email + ", role=" + role + ", organizationId=" + organizationId + "]";
    }
}
