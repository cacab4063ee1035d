package com.switchboard.activities.db;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.API_TOKENS;
import static com.switchboard.db.Tables.APP_USERS;
import static com.switchboard.db.Tables.CALLS;
import static com.switchboard.db.Tables.LIVEKIT_WEBHOOK_EVENTS;
import static com.switchboard.db.Tables.NUMBER_ASSIGNMENTS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.activities.testing.TestDatabase;
import org.jooq.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The login the application connects with: what it is, and that it can do its job. */
class ApplicationLoginTest {
    private final TestDatabase db = TestDatabase.shared();
    private final Database database = db.database();

    @BeforeEach
    void empty() {
        db.reset();
    }

    @Test
    void theApplicationConnectsAsALoginThatOwnsNothingAndCannotBypassRowLevelSecurity() {
        Record login = database.transactionResult(Actor.SYSTEM, tx -> tx.fetchSingle("""
                        select current_user as login, r.rolsuper, r.rolbypassrls,
                               (select count(*) from pg_tables where tableowner = current_user) as owned,
                               pg_has_role(current_user, 'switchboard_app', 'member') as member
                        from pg_roles r where r.rolname = current_user
                        """));

        assertThat(login.get("login", String.class)).isEqualTo(TestDatabase.APP_USER);
        assertThat(login.get("rolsuper", Boolean.class)).isFalse();
        assertThat(login.get("rolbypassrls", Boolean.class)).isFalse();
        assertThat(login.get("owned", Long.class)).isZero();
        assertThat(login.get("member", Boolean.class)).isTrue();
    }

    @Test
    void theStartUpGuardAcceptsTheApplicationLogin() {
        database.requireRowLevelSecurity();
    }

    @Test
    void theStartUpGuardRefusesAConnectionThatBypassesRowLevelSecurity() {
        org.postgresql.ds.PGSimpleDataSource owner = new org.postgresql.ds.PGSimpleDataSource();
        owner.setURL(db.jdbcUrl());
        Database asOwner = new Database(owner);

        org.assertj.core.api.Assertions.assertThatThrownBy(asOwner::requireRowLevelSecurity)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bypasses row-level security");
    }

    @Test
    void theApplicationLoginCanInsertIntoEveryTableWithAnIdentityColumn() {
        // Identity columns draw from sequences the application has no grant on; PostgreSQL does
        // not check sequence privileges for them, which this proves for every table.
        database.transaction(Actor.SYSTEM, tx -> {
            long organization = RowLevelSecurityTest.organization(tx, "pizzeria");
            long user = tx.insertInto(APP_USERS)
                    .set(APP_USERS.ORGANIZATION_ID, organization)
                    .set(APP_USERS.EMAIL, "mario@pizzeria.example")
                    .set(APP_USERS.PASSWORD_HASH, "x")
                    .set(APP_USERS.ROLE, "tenant_admin")
                    .returningResult(APP_USERS.ID)
                    .fetchSingle()
                    .value1();
            tx.insertInto(API_TOKENS)
                    .set(API_TOKENS.USER_ID, user)
                    .set(API_TOKENS.ORGANIZATION_ID, organization)
                    .set(API_TOKENS.NAME, "ci")
                    .set(API_TOKENS.TOKEN_HASH, new byte[32])
                    .set(API_TOKENS.TOKEN_PREFIX, "sb_")
                    .execute();
            long number = RowLevelSecurityTest.number(tx, "+390551234567", organization);
            long call = RowLevelSecurityTest.call(tx, "room-1", organization, number);
            RowLevelSecurityTest.activeCall(tx, call, "room-1", organization, number);
            tx.insertInto(LIVEKIT_WEBHOOK_EVENTS)
                    .set(LIVEKIT_WEBHOOK_EVENTS.EVENT_ID, "EV_1")
                    .set(LIVEKIT_WEBHOOK_EVENTS.EVENT, "participant_joined")
                    .execute();
        });

        assertThat(db.owner().fetchCount(ORGANIZATIONS)).isOne();
        assertThat(db.owner().fetchCount(APP_USERS)).isOne();
        assertThat(db.owner().fetchCount(API_TOKENS)).isOne();
        assertThat(db.owner().fetchCount(SIP_NUMBERS)).isOne();
        assertThat(db.owner().fetchCount(NUMBER_ASSIGNMENTS))
                .as("written by the audit trigger as the application login")
                .isOne();
        assertThat(db.owner().fetchCount(CALLS)).isOne();
        assertThat(db.owner().fetchCount(ACTIVE_CALLS)).isOne();
        assertThat(db.owner().fetchCount(LIVEKIT_WEBHOOK_EVENTS)).isOne();
    }
}
