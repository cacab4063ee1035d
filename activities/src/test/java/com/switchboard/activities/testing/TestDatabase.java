package com.switchboard.activities.testing;

import com.switchboard.activities.db.Database;
import com.switchboard.activities.db.Migrations;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * One real PostgreSQL per test JVM (embedded binaries from Maven Central), migrated by Flyway as
 * the owner. {@link #database()} connects as the application login, a member of switchboard_app,
 * so row-level security applies exactly as in production; {@link #owner()} bypasses it for setup
 * and clean-up only.
 */
public final class TestDatabase {
    public static final String APP_USER = "switchboard";
    public static final String APP_PASSWORD = "switchboard-test";

    private static TestDatabase shared;

    private final EmbeddedPostgres postgres;
    private final HikariDataSource appDataSource;
    private final DSLContext owner;
    private final Database database;
    private final Thread closer = new Thread(this::close, "test-database-shutdown");
    private boolean handedOver;

    private TestDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                // Its own hook would stop PostgreSQL at once: ours, or closeAtExitWith's, does it.
                .setRegisterShutdownHook(false)
                .start();
        DataSource ownerDataSource = postgres.getPostgresDatabase();
        Migrations.migrate(ownerDataSource);
        Migrations.ensureApplicationLogin(ownerDataSource, APP_USER, APP_PASSWORD);
        HikariConfig config = new HikariConfig();
        // Not jdbcUrl(): its "?user=postgres" would win over the username below, and the
        // application would silently run as the superuser, past every row-level security policy.
        config.setJdbcUrl(appJdbcUrl());
        config.setUsername(APP_USER);
        config.setPassword(APP_PASSWORD);
        config.setMaximumPoolSize(20);
        config.setPoolName("test-app");
        appDataSource = new HikariDataSource(config);
        owner = DSL.using(ownerDataSource, SQLDialect.POSTGRES);
        database = new Database(appDataSource);
        Runtime.getRuntime().addShutdownHook(closer);
    }

    /**
     * Hands closing at exit to {@code laterHook} instead of a shutdown hook of its own, for a JVM
     * whose own hook uses this database while it stops: hooks run at once, and Spring's (closing a
     * test suite's cached servers) would find PostgreSQL gone; a scheduled task would wait out
     * Hikari's 30 s connection timeout, the context's close would wait for it and Surefire would kill
     * the fork. The server tests pass Spring Boot's shutdown handlers, which run after every
     * context has closed. Once per JVM; later calls change nothing.
     */
    public synchronized void closeAtExitWith(Consumer<Runnable> laterHook) {
        if (handedOver) {
            return;
        }
        Runtime.getRuntime().removeShutdownHook(closer);
        laterHook.accept(this::close);
        handedOver = true;
    }

    /** The PostgreSQL of this JVM, started on first use. */
    public static synchronized TestDatabase shared() {
        if (shared == null) {
            try {
                shared = new TestDatabase();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
        return shared;
    }

    /** The owner's URL (user postgres, a superuser). */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    /** The database's URL without credentials, for the application login. */
    public String appJdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    /** Connected as the application login: row-level security applies. */
    public Database database() {
        return database;
    }

    public DataSource appDataSource() {
        return appDataSource;
    }

    /** Connected as the schema owner: no row-level security. For setup and clean-up only. */
    public DSLContext owner() {
        return owner;
    }

    /** Empties every table, so each test starts from nothing. */
    public void reset() {
        owner.execute("truncate table active_calls, calls, number_assignments, sip_numbers, api_tokens, app_users,"
                + " organizations, livekit_webhook_events restart identity cascade");
    }

    private void close() {
        try {
            appDataSource.close();
            postgres.close();
        } catch (IOException | RuntimeException e) {
            // The JVM is exiting; nothing is left to protect.
        }
    }
}
