package com.switchboard.server.security;

/** Spring Security's names for our roles, for {@code @PreAuthorize} and URL rules. */
public final class Roles {
    public static final String OPERATOR = "OPERATOR";
    public static final String TENANT_ADMIN = "TENANT_ADMIN";
    public static final String TENANT_VIEWER = "TENANT_VIEWER";

    /** For {@code @PreAuthorize}: operators only. */
    public static final String IS_OPERATOR = "hasRole('OPERATOR')";
    /** For {@code @PreAuthorize}: whoever may change things (not viewers). */
    public static final String MAY_EDIT = "hasAnyRole('OPERATOR', 'TENANT_ADMIN')";

    private Roles() {}

    static String authority(UserRole role) {
        return "ROLE_"
                + switch (role) {
                    case OPERATOR -> OPERATOR;
                    case TENANT_ADMIN -> TENANT_ADMIN;
                    case TENANT_VIEWER -> TENANT_VIEWER;
                };
    }
}
