package com.switchboard.telephony;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.API_TOKENS;
import static com.switchboard.db.Tables.APP_USERS;
import static com.switchboard.db.Tables.CALLS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;

import com.switchboard.activities.db.Migrations;
import com.switchboard.db.tables.records.CallsRecord;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The embedded PostgreSQL the server runs against, migrated, with the application login that
 * row-level security applies to. The tests read and seed it as the owner, around the server.
 */
final class TestDatabase implements AutoCloseable {
    static final String APP_USER = "switchboard";
    static final String APP_PASSWORD = "telephony";

    private final EmbeddedPostgres postgres;
    private final DSLContext owner;

    TestDatabase() throws IOException {
        postgres = EmbeddedPostgres.builder()
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("fsync", "off")
                .setServerConfig("synchronous_commit", "off")
                .start();
        Migrations.migrate(postgres.getPostgresDatabase());
        Migrations.ensureApplicationLogin(postgres.getPostgresDatabase(), APP_USER, APP_PASSWORD);
        owner = DSL.using(postgres.getPostgresDatabase(), SQLDialect.POSTGRES);
    }

    /** Without a user: a user in the URL would win over the server's application login. */
    String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";
    }

    DSLContext owner() {
        return owner;
    }

    long organization(String slug, int limit, String agentConfigJson) {
        return owner.insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.SLUG, slug)
                .set(ORGANIZATIONS.NAME, slug)
                .set(ORGANIZATIONS.MAX_CONCURRENT_CALLS, limit)
                .set(ORGANIZATIONS.AGENT_CONFIG, JSONB.valueOf(agentConfigJson))
                .returningResult(ORGANIZATIONS.ID)
                .fetchSingle()
                .value1();
    }

    long number(long organizationId, String phoneNumber, int limit, String overrideJson) {
        return owner.insertInto(SIP_NUMBERS)
                .set(SIP_NUMBERS.PHONE_NUMBER, phoneNumber)
                .set(SIP_NUMBERS.ORGANIZATION_ID, organizationId)
                .set(SIP_NUMBERS.LABEL, phoneNumber)
                .set(SIP_NUMBERS.MAX_CONCURRENT_CALLS, limit)
                .set(SIP_NUMBERS.CONFIG_OVERRIDE, JSONB.valueOf(overrideJson == null ? "{}" : overrideJson))
                .returningResult(SIP_NUMBERS.ID)
                .fetchSingle()
                .value1();
    }

    /** An operator with an API token; returns the token's secret (Authorization: Bearer ...). */
    String operatorToken() {
        long userId = owner.insertInto(APP_USERS)
                .set(APP_USERS.EMAIL, "operator@telephony.test")
                .set(APP_USERS.DISPLAY_NAME, "telephony tests")
                // Never logs in with a password: the tests use the token.
                .set(APP_USERS.PASSWORD_HASH, "{noop}-")
                .set(APP_USERS.ROLE, "operator")
                .returningResult(APP_USERS.ID)
                .fetchSingle()
                .value1();
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String secret = "sbt_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        owner.insertInto(API_TOKENS)
                .set(API_TOKENS.USER_ID, userId)
                .set(API_TOKENS.NAME, "telephony tests")
                .set(API_TOKENS.TOKEN_HASH, sha256(secret))
                .set(API_TOKENS.TOKEN_PREFIX, secret.substring(0, 10))
                .execute();
        return secret;
    }

    /** The history row of the call whose PBX Call-ID this is, once it exists. */
    Optional<CallsRecord> callBySipCallId(String sipCallId) {
        return owner.selectFrom(CALLS)
                .where(CALLS.SIP_CALL_ID_FULL.eq(sipCallId))
                .fetchOptional();
    }

    List<CallsRecord> callsFrom(String callerNumber) {
        return owner.selectFrom(CALLS)
                .where(CALLS.CALLER_NUMBER.eq(callerNumber))
                .fetch();
    }

    /** Whether the call of this PBX Call-ID holds a line (its active_calls row). */
    boolean holdsLine(String sipCallId) {
        return owner.fetchExists(owner.selectOne()
                .from(ACTIVE_CALLS)
                .join(CALLS)
                .on(CALLS.WORKFLOW_ID.eq(ACTIVE_CALLS.WORKFLOW_ID))
                .where(CALLS.SIP_CALL_ID_FULL.eq(sipCallId)));
    }

    /** Whether the call from this caller number holds a line. */
    boolean holdsLineFrom(String callerNumber) {
        return owner.fetchExists(owner.selectOne()
                .from(ACTIVE_CALLS)
                .join(CALLS)
                .on(CALLS.WORKFLOW_ID.eq(ACTIVE_CALLS.WORKFLOW_ID))
                .where(CALLS.CALLER_NUMBER.eq(callerNumber)));
    }

    int activeCalls() {
        return owner.fetchCount(ACTIVE_CALLS);
    }

    /** Live calls per organization id. */
    Map<Long, Integer> activeByOrganization() {
        return owner.select(ACTIVE_CALLS.ORGANIZATION_ID, DSL.count())
                .from(ACTIVE_CALLS)
                .groupBy(ACTIVE_CALLS.ORGANIZATION_ID)
                .fetchMap(r -> r.value1(), r -> r.value2());
    }

    /** Live calls per number id. */
    Map<Long, Integer> activeByNumber() {
        return owner.select(ACTIVE_CALLS.SIP_NUMBER_ID, DSL.count())
                .from(ACTIVE_CALLS)
                .groupBy(ACTIVE_CALLS.SIP_NUMBER_ID)
                .fetchMap(r -> r.value1(), r -> r.value2());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
