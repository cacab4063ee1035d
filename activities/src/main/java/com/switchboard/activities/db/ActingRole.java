package com.switchboard.activities.db;

/** Whom a transaction acts for; row-level security reads it from {@code switchboard.role}. */
public enum ActingRole {
    /** The platform owner: sees and changes everything. */
    OPERATOR("operator"),
    /** The control plane itself (routing before the organization is known, the ledger, logins). */
    SYSTEM("system"),
    /** A business's administrator: reads its own rows, edits its own numbers. */
    TENANT_ADMIN("tenant_admin"),
    /** A business's read-only user. */
    TENANT_VIEWER("tenant_viewer");

    private final String dbValue;

    ActingRole(String dbValue) {
        this.dbValue = dbValue;
    }

    public String dbValue() {
        return dbValue;
    }

    public boolean isTenant() {
        return switch (this) {
            case TENANT_ADMIN, TENANT_VIEWER -> true;
            case OPERATOR, SYSTEM -> false;
        };
    }

    public static ActingRole fromDb(String value) {
        for (ActingRole role : values()) {
            if (role.dbValue.equals(value)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role: " + value);
    }
}
