package com.switchboard.server.db;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * PostgreSQL logins: the schema owner runs the migrations at start-up, the application login (a
 * member of switchboard_app, owner of nothing) serves everything else, so row-level security applies.
 *
 * @param ownerUser blank: migrations are not run by this process
 * @param createAppLogin create (or reset the password of) the application login at start-up, as the
 *     embedded mode and tests need; production creates it once by hand
 */
@ConfigurationProperties("switchboard.db")
public record DbProperties(
        String url,
        String ownerUser,
        String ownerPassword,
        String appUser,
        String appPassword,
        boolean createAppLogin,
        Integer poolSize) {

    public DbProperties {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("switchboard.db.url is required");
        }
        if (appUser == null || appUser.isBlank()) {
            throw new IllegalArgumentException("switchboard.db.app-user is required");
        }
        poolSize = poolSize == null ? 10 : poolSize;
    }

    boolean migrates() {
        return ownerUser != null && !ownerUser.isBlank();
    }
}
