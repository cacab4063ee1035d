package com.switchboard.activities.db;

/**
 * Who acts in a transaction. Tenants always act for exactly one organization; operators and the
 * system act for none (they see all).
 *
 * @param name who, for audit rows (an e-mail address, or "system")
 */
public record Actor(ActingRole role, Long organizationId, String name) {
    public Actor {
        if (role == null) {
            throw new IllegalArgumentException("role is required");
        }
        if (role.isTenant() && organizationId == null) {
            throw new IllegalArgumentException("a tenant acts for an organization");
        }
        if (!role.isTenant() && organizationId != null) {
            throw new IllegalArgumentException(role + " acts for no single organization");
        }
        name = name == null || name.isBlank() ? role.dbValue() : name;
    }

    public static final Actor SYSTEM = new Actor(ActingRole.SYSTEM, null, "system");

    public static Actor operator(String name) {
        return new Actor(ActingRole.OPERATOR, null, name);
    }

    public static Actor tenantAdmin(long organizationId, String name) {
        return new Actor(ActingRole.TENANT_ADMIN, organizationId, name);
    }

    public static Actor tenantViewer(long organizationId, String name) {
        return new Actor(ActingRole.TENANT_VIEWER, organizationId, name);
    }
}
