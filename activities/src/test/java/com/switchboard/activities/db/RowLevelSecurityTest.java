package com.switchboard.activities.db;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.CALLS;
import static com.switchboard.db.Tables.NUMBER_ASSIGNMENTS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.switchboard.activities.testing.TestDatabase;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenant isolation as PostgreSQL enforces it for the application login, whatever SQL the
 * application sends: jOOQ queries and plain SQL alike.
 */
class RowLevelSecurityTest {
    private static final String PERMISSION_DENIED = "42501";

    private final TestDatabase db = TestDatabase.shared();
    private final Database database = db.database();

    private long alpha;
    private long beta;
    private long alphaNumber;
    private long betaNumber;
    private long betaCall;
    private long betaActiveCall;
    private Actor alphaAdmin;

    @BeforeEach
    void twoTenantsEachWithANumberACallAndALiveCall() {
        db.reset();
        DSLContext owner = db.owner();
        alpha = organization(owner, "alpha");
        beta = organization(owner, "beta");
        alphaNumber = number(owner, "+390551111111", alpha);
        betaNumber = number(owner, "+390552222222", beta);
        number(owner, "3000", null);
        long alphaCall = call(owner, "alpha-room", alpha, alphaNumber);
        betaCall = call(owner, "beta-room", beta, betaNumber);
        activeCall(owner, alphaCall, "alpha-room", alpha, alphaNumber);
        betaActiveCall = activeCall(owner, betaCall, "beta-room", beta, betaNumber);
        alphaAdmin = Actor.tenantAdmin(alpha, "admin@alpha.example");
    }

    @Test
    void aTenantSeesOnlyItsOwnNumbersCallsLiveCallsAndOrganization() {
        database.transaction(alphaAdmin, tx -> {
            assertThat(tx.select(SIP_NUMBERS.ID).from(SIP_NUMBERS).fetch(SIP_NUMBERS.ID))
                    .containsExactly(alphaNumber);
            assertThat(tx.select(CALLS.ORGANIZATION_ID).from(CALLS).fetch(CALLS.ORGANIZATION_ID))
                    .containsExactly(alpha);
            assertThat(tx.select(ACTIVE_CALLS.ORGANIZATION_ID)
                            .from(ACTIVE_CALLS)
                            .fetch(ACTIVE_CALLS.ORGANIZATION_ID))
                    .containsExactly(alpha);
            assertThat(tx.select(ORGANIZATIONS.ID).from(ORGANIZATIONS).fetch(ORGANIZATIONS.ID))
                    .containsExactly(alpha);
            assertThat(tx.select(NUMBER_ASSIGNMENTS.TO_ORGANIZATION_ID)
                            .from(NUMBER_ASSIGNMENTS)
                            .fetch(NUMBER_ASSIGNMENTS.TO_ORGANIZATION_ID))
                    .containsExactly(alpha);
        });
    }

    @Test
    void aTenantCannotReadAnotherTenantsRowsEvenByTheirIds() {
        database.transaction(alphaAdmin, tx -> {
            assertThat(tx.fetchExists(SIP_NUMBERS, SIP_NUMBERS.ID.eq(betaNumber)))
                    .isFalse();
            assertThat(tx.fetchExists(CALLS, CALLS.ID.eq(betaCall))).isFalse();
            assertThat(tx.fetchExists(ACTIVE_CALLS, ACTIVE_CALLS.ID.eq(betaActiveCall)))
                    .isFalse();
            assertThat(tx.fetchExists(ORGANIZATIONS, ORGANIZATIONS.ID.eq(beta))).isFalse();
            assertThat(tx.fetchExists(CALLS, CALLS.ORGANIZATION_ID.eq(beta))).isFalse();
        });
    }

    @Test
    void aTenantsUpdatesOfAnotherTenantsRowsChangeNothing() {
        int[] affected = database.transactionResult(alphaAdmin, tx -> new int[] {
            tx.update(SIP_NUMBERS)
                    .set(SIP_NUMBERS.LABEL, "hijacked")
                    .set(SIP_NUMBERS.ACTIVE, false)
                    .where(SIP_NUMBERS.ID.eq(betaNumber))
                    .execute(),
            tx.update(CALLS)
                    .set(CALLS.END_REASON, "hijacked")
                    .where(CALLS.ID.eq(betaCall))
                    .execute(),
            tx.update(ACTIVE_CALLS)
                    .set(ACTIVE_CALLS.SIP_CALL_ID, "hijacked")
                    .where(ACTIVE_CALLS.ID.eq(betaActiveCall))
                    .execute(),
            tx.update(ORGANIZATIONS)
                    .set(ORGANIZATIONS.MAX_CONCURRENT_CALLS, 0)
                    .where(ORGANIZATIONS.ID.eq(beta))
                    .execute()
        });

        assertThat(affected).containsOnly(0);
        assertBetaUntouched();
    }

    @Test
    void aTenantsDeletesOfAnotherTenantsRowsChangeNothing() {
        int[] affected = database.transactionResult(alphaAdmin, tx -> new int[] {
            tx.deleteFrom(ACTIVE_CALLS)
                    .where(ACTIVE_CALLS.ID.eq(betaActiveCall))
                    .execute(),
            tx.deleteFrom(CALLS).where(CALLS.ID.eq(betaCall)).execute(),
            tx.deleteFrom(SIP_NUMBERS).where(SIP_NUMBERS.ID.eq(betaNumber)).execute(),
            tx.deleteFrom(ORGANIZATIONS).where(ORGANIZATIONS.ID.eq(beta)).execute()
        });

        assertThat(affected).containsOnly(0);
        assertBetaUntouched();
    }

    @Test
    void plainSqlThroughTheApplicationLoginIsFilteredToo() {
        database.transaction(alphaAdmin, tx -> {
            assertThat(tx.fetch("select phone_number from sip_numbers").getValues(0, String.class))
                    .containsExactly("+390551111111");
            assertThat(tx.fetchValue("select count(*) from calls where organization_id = ?", beta))
                    .isEqualTo(0L);
            assertThat(tx.fetchValue("select count(*) from active_calls")).isEqualTo(1L);
            assertThat(tx.execute("update sip_numbers set label = 'ours'"))
                    .as("only the tenant's own number")
                    .isEqualTo(1);
            assertThat(tx.execute("update sip_numbers set label = 'hijacked' where id = ?", betaNumber))
                    .isZero();
            assertThat(tx.execute("update calls set end_reason = 'hijacked'")).isZero();
            assertThat(tx.execute("update active_calls set sip_call_id = 'hijacked'"))
                    .isZero();
            assertThat(tx.execute("delete from active_calls")).isZero();
            assertThat(tx.execute("delete from calls")).isZero();
            assertThat(tx.execute("delete from sip_numbers")).isZero();
        });

        assertBetaUntouched();
        assertThat(db.owner().fetchValue(SIP_NUMBERS.LABEL, SIP_NUMBERS.ID.eq(alphaNumber)))
                .isEqualTo("ours");
    }

    @Test
    void aTenantCannotInsertNumbersCallsOrLiveCalls() {
        assertDenied(() -> database.transaction(
                alphaAdmin,
                tx -> tx.insertInto(SIP_NUMBERS)
                        .set(SIP_NUMBERS.PHONE_NUMBER, "+390553333333")
                        .set(SIP_NUMBERS.ORGANIZATION_ID, alpha)
                        .execute()));
        assertDenied(() -> database.transaction(
                alphaAdmin, tx -> tx.execute("insert into sip_numbers (phone_number) values ('4000')")));
        assertDenied(() -> database.transaction(alphaAdmin, tx -> call(tx, "forged", beta, betaNumber)));
        assertDenied(() -> database.transaction(alphaAdmin, tx -> call(tx, "own", alpha, alphaNumber)));
        assertDenied(() ->
                database.transaction(alphaAdmin, tx -> activeCall(tx, betaCall, "beta-room-2", beta, betaNumber)));
        assertThat(db.owner().fetchCount(SIP_NUMBERS)).isEqualTo(3);
        assertThat(db.owner().fetchCount(CALLS)).isEqualTo(2);
        assertThat(db.owner().fetchCount(ACTIVE_CALLS)).isEqualTo(2);
    }

    @Test
    void aTenantCannotMoveItsNumberToAnotherOrganization() {
        assertThatThrownBy(() -> database.transaction(
                        alphaAdmin,
                        tx -> tx.update(SIP_NUMBERS)
                                .set(SIP_NUMBERS.ORGANIZATION_ID, beta)
                                .where(SIP_NUMBERS.ID.eq(alphaNumber))
                                .execute()))
                .isInstanceOfSatisfying(
                        DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo(PERMISSION_DENIED))
                .hasMessageContaining("only an operator may change the number, its organization or its limit");
        assertDenied(() ->
                database.transaction(alphaAdmin, tx -> tx.execute("update sip_numbers set organization_id = null")));
        assertDenied(() -> database.transaction(
                alphaAdmin, tx -> tx.execute("update sip_numbers set max_concurrent_calls = 100")));
        assertDenied(() -> database.transaction(
                alphaAdmin, tx -> tx.execute("update sip_numbers set phone_number = '+390559999999'")));
        assertDenied(
                () -> database.transaction(alphaAdmin, tx -> tx.execute("update sip_numbers set assigned_by = 'me'")));
        assertThat(db.owner().fetchValue(SIP_NUMBERS.ORGANIZATION_ID, SIP_NUMBERS.ID.eq(alphaNumber)))
                .isEqualTo(alpha);
        assertThat(db.owner().fetchCount(NUMBER_ASSIGNMENTS)).isEqualTo(2);
    }

    @Test
    void aTenantAdminMayRelabelReconfigureAndSwitchOffItsOwnNumber() {
        int updated = database.transactionResult(
                alphaAdmin,
                tx -> tx.execute("update sip_numbers set label = 'Front desk', active = false,"
                        + " config_override = '{\"greeting\": \"Hi\"}'"));

        assertThat(updated).isEqualTo(1);
    }

    @Test
    void aTenantViewerCannotChangeEvenItsOwnNumbers() {
        Actor viewer = Actor.tenantViewer(alpha, "viewer@alpha.example");

        int updated = database.transactionResult(
                viewer,
                tx -> tx.update(SIP_NUMBERS)
                        .set(SIP_NUMBERS.LABEL, "changed")
                        .where(SIP_NUMBERS.ID.eq(alphaNumber))
                        .execute());

        assertThat(updated).isZero();
        assertThat(database.<Integer>transactionResult(viewer, tx -> tx.fetchCount(SIP_NUMBERS)))
                .as("but it reads them")
                .isEqualTo(1);
    }

    @Test
    void aSessionThatStatesNoRoleSeesAndChangesNothing() {
        DSLContext unstated = DSL.using(db.appDataSource(), SQLDialect.POSTGRES);

        for (Table<?> table : tenantTables()) {
            assertThat(unstated.fetchCount(table)).as(table.getName()).isZero();
        }
        assertThat(unstated.execute("update sip_numbers set label = 'x'")).isZero();
        assertThat(unstated.execute("delete from calls")).isZero();
        assertDenied(() -> unstated.execute("insert into sip_numbers (phone_number) values ('4000')"));
        assertThat(unstated.<Integer>transactionResult(configuration -> {
                    DSLContext tx = configuration.dsl();
                    // A tenant role without an organization is no better.
                    tx.execute("select set_config('switchboard.role', 'tenant_admin', true)");
                    return tx.fetchCount(SIP_NUMBERS);
                }))
                .isZero();
    }

    @Test
    void anOperatorAndTheSystemSeeEverything() {
        for (Actor actor : List.of(Actor.operator("ops@switchboard.example"), Actor.SYSTEM)) {
            database.transaction(actor, tx -> {
                assertThat(tx.fetchCount(ORGANIZATIONS)).isEqualTo(2);
                assertThat(tx.fetchCount(SIP_NUMBERS)).isEqualTo(3);
                assertThat(tx.fetchCount(CALLS)).isEqualTo(2);
                assertThat(tx.fetchCount(ACTIVE_CALLS)).isEqualTo(2);
                assertThat(tx.fetchCount(NUMBER_ASSIGNMENTS)).isEqualTo(2);
            });
        }
    }

    @Test
    void theAuditTrailIsAppendOnlyEvenForAnOperator() {
        Actor operator = Actor.operator("ops@switchboard.example");

        assertDenied(
                () -> database.transaction(operator, tx -> tx.execute("update number_assignments set actor = 'x'")));
        assertDenied(() -> database.transaction(operator, tx -> tx.execute("delete from number_assignments")));
        assertDenied(() -> database.transaction(
                alphaAdmin,
                tx -> tx.execute(
                        "insert into number_assignments (sip_number_id, phone_number, action, actor)"
                                + " values (?, '+390551111111', 'assign', 'forged')",
                        alphaNumber)));
    }

    private static List<Table<?>> tenantTables() {
        return List.of(ORGANIZATIONS, SIP_NUMBERS, NUMBER_ASSIGNMENTS, CALLS, ACTIVE_CALLS);
    }

    private void assertBetaUntouched() {
        DSLContext owner = db.owner();
        Record number = owner.fetchSingle(SIP_NUMBERS, SIP_NUMBERS.ID.eq(betaNumber));
        assertThat(number.get(SIP_NUMBERS.LABEL)).isEmpty();
        assertThat(number.get(SIP_NUMBERS.ACTIVE)).isTrue();
        assertThat(owner.fetchSingle(CALLS, CALLS.ID.eq(betaCall)).get(CALLS.END_REASON))
                .isNull();
        assertThat(owner.fetchSingle(ACTIVE_CALLS, ACTIVE_CALLS.ID.eq(betaActiveCall))
                        .get(ACTIVE_CALLS.SIP_CALL_ID))
                .isEqualTo("sip-beta-room");
        assertThat(owner.fetchSingle(ORGANIZATIONS, ORGANIZATIONS.ID.eq(beta)).get(ORGANIZATIONS.MAX_CONCURRENT_CALLS))
                .isEqualTo(5);
    }

    private static void assertDenied(Runnable work) {
        assertThatThrownBy(work::run)
                .isInstanceOfSatisfying(
                        DataAccessException.class, e -> assertThat(e.sqlState()).isEqualTo(PERMISSION_DENIED));
    }

    static long organization(DSLContext dsl, String slug) {
        return dsl.insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.SLUG, slug)
                .set(ORGANIZATIONS.NAME, slug)
                .returningResult(ORGANIZATIONS.ID)
                .fetchSingle()
                .value1();
    }

    static long number(DSLContext dsl, String phoneNumber, Long organizationId) {
        return dsl.insertInto(SIP_NUMBERS)
                .set(SIP_NUMBERS.PHONE_NUMBER, phoneNumber)
                .set(SIP_NUMBERS.ORGANIZATION_ID, organizationId)
                .returningResult(SIP_NUMBERS.ID)
                .fetchSingle()
                .value1();
    }

    static long call(DSLContext dsl, String room, long organizationId, long numberId) {
        return dsl.insertInto(CALLS)
                .set(CALLS.WORKFLOW_ID, "call-" + room)
                .set(CALLS.ROOM_NAME, room)
                .set(CALLS.ORGANIZATION_ID, organizationId)
                .set(CALLS.SIP_NUMBER_ID, numberId)
                .set(CALLS.CALLED_NUMBER, "+390550000000")
                .set(CALLS.STARTED_AT, Instant.parse("2025-01-01T10:00:00Z"))
                .returningResult(CALLS.ID)
                .fetchSingle()
                .value1();
    }

    static long activeCall(DSLContext dsl, long callId, String room, long organizationId, long numberId) {
        return dsl.insertInto(ACTIVE_CALLS)
                .set(ACTIVE_CALLS.CALL_ID, callId)
                .set(ACTIVE_CALLS.WORKFLOW_ID, "call-" + room)
                .set(ACTIVE_CALLS.ORGANIZATION_ID, organizationId)
                .set(ACTIVE_CALLS.SIP_NUMBER_ID, numberId)
                .set(ACTIVE_CALLS.ROOM_NAME, room)
                .set(ACTIVE_CALLS.SIP_CALL_ID, "sip-" + room)
                .returningResult(ACTIVE_CALLS.ID)
                .fetchSingle()
                .value1();
    }
}
