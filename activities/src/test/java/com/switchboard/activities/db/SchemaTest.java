package com.switchboard.activities.db;

import static com.switchboard.db.Tables.NUMBER_ASSIGNMENTS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.switchboard.activities.testing.TestDatabase;
import org.jooq.exception.IntegrityConstraintViolationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Constraints and triggers of the schema, exercised past the repositories. */
class SchemaTest {
    private final TestDatabase db = TestDatabase.shared();
    private final Database database = db.database();
    private final Actor alice = Actor.operator("alice@switchboard.example");
    private final Actor bob = Actor.operator("bob@switchboard.example");

    @BeforeEach
    void empty() {
        db.reset();
    }

    @Test
    void theUniqueNumberIndexHoldsEvenForTheOwner() {
        RowLevelSecurityTest.number(db.owner(), "+390551234567", null);

        assertThatThrownBy(() -> RowLevelSecurityTest.number(db.owner(), "+390551234567", null))
                .isInstanceOf(IntegrityConstraintViolationException.class)
                .hasMessageContaining("sip_numbers_phone_number_key");
    }

    @Test
    void onlyE164AndShortExtensionsCanBeStored() {
        for (String bad : new String[] {"0551234567", "+0551234567", "055 1234567", "1", "123456789", "+39"}) {
            assertThatThrownBy(() -> RowLevelSecurityTest.number(db.owner(), bad, null))
                    .as(bad)
                    .hasMessageContaining("sip_numbers_phone_number_format");
        }
    }

    @Test
    void theAuditRowNamesWhoeverMovedTheNumberEvenWhenAssignedByIsLeftStale() {
        long pizzeria = RowLevelSecurityTest.organization(db.owner(), "pizzeria");
        long bakery = RowLevelSecurityTest.organization(db.owner(), "bakery");
        long number = RowLevelSecurityTest.number(db.owner(), "1001", null);
        database.transaction(
                alice,
                tx -> tx.execute(
                        "update sip_numbers set organization_id = ?, assigned_by = 'alice@switchboard.example'"
                                + " where id = ?",
                        pizzeria,
                        number));

        // A code path that moves the number and forgets assigned_by.
        database.transaction(
                bob, tx -> tx.execute("update sip_numbers set organization_id = ? where id = ?", bakery, number));

        assertThat(db.owner()
                        .select(NUMBER_ASSIGNMENTS.ACTION, NUMBER_ASSIGNMENTS.ACTOR)
                        .from(NUMBER_ASSIGNMENTS)
                        .orderBy(NUMBER_ASSIGNMENTS.ID)
                        .fetch()
                        .map(r -> tuple(r.value1(), r.value2())))
                .containsExactly(
                        tuple("assign", "alice@switchboard.example"), tuple("reassign", "bob@switchboard.example"));
    }

    @Test
    void aSessionThatStatesNoActorIsNamedByItsLogin() {
        long pizzeria = RowLevelSecurityTest.organization(db.owner(), "pizzeria");
        long number = RowLevelSecurityTest.number(db.owner(), "1001", null);

        // A DBA in psql, past the application: states the role (the tenant guard insists) but no name.
        db.owner().transaction(configuration -> {
            configuration.dsl().execute("select set_config('switchboard.role', 'operator', true)");
            configuration.dsl().execute("update sip_numbers set organization_id = ? where id = ?", pizzeria, number);
        });

        assertThat(db.owner().fetchValue(NUMBER_ASSIGNMENTS.ACTOR, NUMBER_ASSIGNMENTS.SIP_NUMBER_ID.eq(number)))
                .isEqualTo("postgres");
    }

    @Test
    void deletingAnOrganizationReturnsItsNumbersToTheInventoryAndKeepsTheirHistory() {
        long pizzeria = RowLevelSecurityTest.organization(db.owner(), "pizzeria");
        long number = RowLevelSecurityTest.number(db.owner(), "1001", pizzeria);

        int deleted = database.transactionResult(
                alice,
                tx -> tx.deleteFrom(ORGANIZATIONS)
                        .where(ORGANIZATIONS.ID.eq(pizzeria))
                        .execute());

        assertThat(deleted).isOne();
        assertThat(db.owner().fetchValue(SIP_NUMBERS.ORGANIZATION_ID, SIP_NUMBERS.ID.eq(number)))
                .isNull();
        assertThat(db.owner()
                        .select(NUMBER_ASSIGNMENTS.ACTION)
                        .from(NUMBER_ASSIGNMENTS)
                        .where(NUMBER_ASSIGNMENTS.SIP_NUMBER_ID.eq(number))
                        .orderBy(NUMBER_ASSIGNMENTS.ID)
                        .fetch(NUMBER_ASSIGNMENTS.ACTION))
                .containsExactly("assign", "unassign");
    }
}
