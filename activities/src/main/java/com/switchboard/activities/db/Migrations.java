package com.switchboard.activities.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the migrations module's Flyway scripts with the schema owner's connection. */
public final class Migrations {
    private Migrations() {}

    public static MigrateResult migrate(DataSource ownerDataSource) {
        return Flyway.configure()
                .dataSource(ownerDataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /**
     * Creates (or updates the password of) the login the application connects with: a member of
     * switchboard_app that owns nothing, so row-level security applies to it. Used by the embedded
     * mode and tests; production creates it once by hand or in its database init script.
     */
    public static void ensureApplicationLogin(DataSource ownerDataSource, String user, String password) {
        if (!user.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("application login must be a plain lower-case identifier: " + user);
        }
        try (Connection c = ownerDataSource.getConnection()) {
            boolean exists;
            try (PreparedStatement ps = c.prepareStatement("select 1 from pg_roles where rolname = ?")) {
                ps.setString(1, user);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                }
            }
            String quotedPassword = "'" + password.replace("'", "''") + "'";
            try (Statement st = c.createStatement()) {
                if (exists) {
                    st.execute("alter role " + user + " login password " + quotedPassword);
                } else {
                    st.execute(
                            "create role " + user + " login password " + quotedPassword + " in role switchboard_app");
                }
                st.execute("grant switchboard_app to " + user);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not prepare the application login " + user, e);
        }
    }
}
