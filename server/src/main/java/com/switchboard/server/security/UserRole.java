package com.switchboard.server.security;

import com.switchboard.activities.db.ActingRole;

/** What a person (or a machine acting with one of their tokens) may do. */
public enum UserRole {
    /** The platform owner: every organization, every number. */
    OPERATOR("operator"),
    /** A business's administrator: edits its own numbers. */
    TENANT_ADMIN("tenant_admin"),
    /** A business's read-only user. */
    TENANT_VIEWER("tenant_viewer");

    private final String dbValue;

    UserRole(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    /** The role row-level security knows this user's transactions by. */
    public ActingRole actingRole() {
        return switch (this) {
            case OPERATOR -> ActingRole.OPERATOR;
            case TENANT_ADMIN -> ActingRole.TENANT_ADMIN;
            case TENANT_VIEWER -> ActingRole.TENANT_VIEWER;
        };
    }

    public boolean isTenant() {
        return actingRole().isTenant();
    }

    public static UserRole fromDb(String value) {
        for (UserRole role : values()) {
            if (role.dbValue.equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown user role: " + value);
    }
}
