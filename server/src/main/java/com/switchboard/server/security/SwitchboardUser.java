package com.switchboard.server.security;

import com.switchboard.activities.db.Actor;
import java.io.Serial;
import java.util.Collection;
import java.util.List;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/**
 * The authenticated person (by password) or machine (by one of that person's API tokens). Every
 * request's database work acts as {@link #actor()}, so row-level security sees the same role and
 * organization as the checks in front of it.
 */
public final class SwitchboardUser implements UserDetails, CredentialsContainer {
    @Serial
    private static final long serialVersionUID = 1L;

    private final long id;
    private final Long organizationId;
    private final String email;
    private final String displayName;
    private final UserRole role;
    private final boolean enabled;
    private String passwordHash;

    private SwitchboardUser(AppUser user, String passwordHash) {
        this.id = user.id();
        this.organizationId = user.organizationId();
        this.email = user.email();
        this.displayName = user.displayName();
        this.role = user.role();
        this.enabled = user.enabled();
        this.passwordHash = passwordHash;
    }

    /** A user about to be checked against its password hash. */
    static SwitchboardUser forLogin(AppUser user, String passwordHash) {
        return new SwitchboardUser(user, passwordHash);
    }

    /** A user already authenticated (by an API token): no password travels with it. */
    static SwitchboardUser authenticated(AppUser user) {
        return new SwitchboardUser(user, null);
    }

    public long id() {
        return id;
    }

    /** Null for operators. */
    public Long organizationId() {
        return organizationId;
    }

    public String email() {
        return email;
    }

    public String displayName() {
        return displayName.isBlank() ? email : displayName;
    }

    public UserRole role() {
        return role;
    }

    public boolean isOperator() {
        return role == UserRole.OPERATOR;
    }

    /** Operators and tenant administrators change things; viewers only look. */
    public boolean mayEdit() {
        return switch (role) {
            case OPERATOR, TENANT_ADMIN -> true;
            case TENANT_VIEWER -> false;
        };
    }

    /** Whom this user's transactions act for. */
    public Actor actor() {
        return new Actor(role.actingRole(), organizationId, email);
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(Roles.authority(role)));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return email;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SwitchboardUser that && that.id == id;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "SwitchboardUser[" + email + ", " + role + (organizationId == null ? "" : ", org " + organizationId)
                + "]";
    }
}
