package com.switchboard.bench;

import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;

import com.switchboard.activities.db.Database;
import com.switchboard.activities.db.Migrations;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/** An embedded PostgreSQL, migrated, with the application login that row-level security applies to. */
public final class BenchDatabase implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final HikariDataSource appDataSource;
    private final DSLContext owner;
    private final Database database;

    public BenchDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "100")
                // A benchmark database need not survive a crash; do not measure fsync.
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .start();
        Migrations.migrate(postgres.getPostgresDatabase());
        Migrations.ensureApplicationLogin(postgres.getPostgresDatabase(), "switchboard", "bench");
        HikariConfig config = new HikariConfig();
        // No user in the URL: it would win over setUsername and connect as postgres, bypassing
        // row-level security.
        config.setJdbcUrl(jdbcUrl());
        config.setUsername("switchboard");
        config.setPassword("bench");
        config.setMaximumPoolSize(20);
        config.setPoolName("bench");
        appDataSource = new HikariDataSource(config);
        owner = DSL.using(postgres.getPostgresDatabase(), SQLDialect.POSTGRES);
        database = new Database(appDataSource);
    }

    Database database() {
        return database;
    }

    /**
     * The database's JDBC URL, without a user (owner postgres/postgres; application login
     * switchboard/bench). A user in the URL would override the server's application login, which
     * the server's start-up guard refuses.
     */
    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres";
    }

    public DSLContext owner() {
        return owner;
    }

    /** An organization with {@code numbers} numbers (+3905500000nn), returning the org id and phone numbers. */
    Tenant createTenant(String slug, int organizationLimit, int numbers, int numberLimit) {
        long organizationId = owner.insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.SLUG, slug)
                .set(ORGANIZATIONS.NAME, slug)
                .set(ORGANIZATIONS.MAX_CONCURRENT_CALLS, organizationLimit)
                .set(
                        ORGANIZATIONS.AGENT_CONFIG,
                        org.jooq.JSONB.valueOf("{\"agentName\":\"bench-agent\",\"greeting\":\"hello\"}"))
                .returningResult(ORGANIZATIONS.ID)
                .fetchSingle()
                .value1();
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < numbers; i++) {
            String phone = String.format("+39055%07d", organizationId * 100 + i);
            owner.insertInto(SIP_NUMBERS)
                    .set(SIP_NUMBERS.PHONE_NUMBER, phone)
                    .set(SIP_NUMBERS.ORGANIZATION_ID, organizationId)
                    .set(SIP_NUMBERS.MAX_CONCURRENT_CALLS, numberLimit)
                    .execute();
            phones.add(phone);
        }
        return new Tenant(organizationId, List.copyOf(phones));
    }

    record Tenant(long organizationId, List<String> phoneNumbers) {}

    @Override
    public void close() throws IOException {
        appDataSource.close();
        postgres.close();
    }
}
