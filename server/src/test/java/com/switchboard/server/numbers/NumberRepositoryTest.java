package com.switchboard.server.numbers;

import static com.switchboard.db.Tables.SIP_NUMBERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.switchboard.activities.config.InvalidAgentConfigException;
import com.switchboard.activities.db.Actor;
import com.switchboard.activities.route.PhoneNumbers;
import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.server.organizations.NewOrganization;
import com.switchboard.server.organizations.OrganizationRepository;
import com.switchboard.workflows.route.AgentConfig;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberRepositoryTest {
    private static final Actor ALICE = Actor.operator("alice@switchboard.example");
    private static final Actor BOB = Actor.operator("bob@switchboard.example");

    private final TestDatabase db = TestDatabase.shared();
    private final NumberRepository numbers = new NumberRepository(db.database(), new PhoneNumbers("IT"));
    private final OrganizationRepository organizations = new OrganizationRepository(db.database());

    private long pizzeria;
    private long bakery;
    private Actor mario;
    private Actor luigiViewer;

    @BeforeEach
    void twoOrganizations() {
        db.reset();
        pizzeria = organizations
                .create(
                        ALICE,
                        new NewOrganization("pizzeria", "Pizzeria", "{\"greeting\": \"Welcome to Pizzeria\"}", 4))
                .id();
        bakery = organizations
                .create(ALICE, new NewOrganization("bakery", "Bakery", null, 2))
                .id();
        mario = Actor.tenantAdmin(pizzeria, "mario@pizzeria.example");
        luigiViewer = Actor.tenantViewer(pizzeria, "luigi@pizzeria.example");
    }

    @Test
    void anAddedNumberIsStoredInE164() {
        SipNumber added = numbers.add(ALICE, new NewNumber("055 1234567", null, "Florence", 2));

        assertThat(added.phoneNumber()).isEqualTo("+390551234567");
        assertThat(added.organizationId()).isNull();
        assertThat(added.label()).isEqualTo("Florence");
        assertThat(added.maxConcurrentCalls()).isEqualTo(2);
        assertThat(added.active()).isTrue();
        assertThat(added.configOverride()).isEqualTo(AgentConfig.EMPTY);
        assertThat(added.assignedBy()).isNull();
        assertThat(numbers.find(ALICE, added.id())).contains(added);
    }

    @Test
    void theSameNumberInAnotherFormatIsRefusedAsADuplicate() {
        numbers.add(ALICE, NewNumber.of("+39 055 1234567"));

        assertThatThrownBy(() -> numbers.add(BOB, NewNumber.of("0039 055 123 4567")))
                .isInstanceOfSatisfying(
                        NumberException.Duplicate.class,
                        e -> assertThat(e.numbers()).containsExactly("+390551234567"))
                .hasMessage("already in the inventory: +390551234567");
    }

    @Test
    void aBatchIsAddedWholeOrNotAtAll() {
        numbers.add(ALICE, NewNumber.of("1001"));

        assertThatThrownBy(() -> numbers.addAll(
                        ALICE, List.of(NewNumber.of("1002"), NewNumber.of("055 7654321"), NewNumber.of("1001"))))
                .isInstanceOfSatisfying(
                        NumberException.Duplicate.class,
                        e -> assertThat(e.numbers()).containsExactly("1001"));
        assertThat(numbers.list(ALICE)).extracting(SipNumber::phoneNumber).containsExactly("1001");

        List<SipNumber> added =
                numbers.addAll(ALICE, List.of(NewNumber.of("1002"), NewNumber.of("055 7654321"), NewNumber.of("1003")));
        assertThat(added).extracting(SipNumber::phoneNumber).containsExactly("1002", "+390557654321", "1003");
    }

    @Test
    void oneNumberTwiceInOneBatchIsADuplicate() {
        assertThatThrownBy(() -> numbers.addAll(
                        ALICE, List.of(NewNumber.of("+390551234567"), NewNumber.of("tel:+39-055-1234567"))))
                .isInstanceOf(NumberException.Duplicate.class)
                .hasMessageContaining("+390551234567");
        assertThat(numbers.list(ALICE)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            hello             | contains characters
            +39               | is not a phone number
            +1 555 010 0000   | not a valid number
            1                 | is not a phone number
            """)
    void aNumberTheInventoryCannotUseIsRefused(String dialed, String reason) {
        assertThatThrownBy(() -> numbers.add(ALICE, NewNumber.of(dialed)))
                .isInstanceOf(NumberException.Malformed.class)
                .hasMessageContaining(reason);
    }

    @Test
    void addingToAnOrganizationThatDoesNotExistIsRefused() {
        assertThatThrownBy(() -> numbers.add(ALICE, new NewNumber("1001", 999_999L, "", 1)))
                .isInstanceOf(NumberException.UnknownOrganization.class)
                .hasMessage("no organization 999999");
        assertThatThrownBy(() -> numbers.assign(
                        ALICE, numbers.add(ALICE, NewNumber.of("1001")).id(), 999_999L))
                .isInstanceOf(NumberException.UnknownOrganization.class);
    }

    @Test
    void onlyOperatorsAddAssignAndLimitNumbers() {
        long id = numbers.add(ALICE, new NewNumber("1001", pizzeria, "", 1)).id();

        assertThatThrownBy(() -> numbers.add(mario, NewNumber.of("1002")))
                .isInstanceOf(NumberException.NotPermitted.class);
        assertThatThrownBy(() -> numbers.assign(mario, id, bakery)).isInstanceOf(NumberException.NotPermitted.class);
        assertThatThrownBy(() -> numbers.unassign(mario, id)).isInstanceOf(NumberException.NotPermitted.class);
        assertThatThrownBy(() -> numbers.updateLimit(mario, id, 50)).isInstanceOf(NumberException.NotPermitted.class);
        assertThat(numbers.updateLimit(ALICE, id, 5).maxConcurrentCalls()).isEqualTo(5);
    }

    @Test
    void assignReassignAndUnassignEachLeaveAnAuditRowWithFromToAndActor() {
        long id = numbers.add(ALICE, NewNumber.of("055 1234567")).id();

        SipNumber assigned = numbers.assign(ALICE, id, pizzeria);
        SipNumber reassigned = numbers.assign(BOB, id, bakery);
        SipNumber unassigned = numbers.unassign(ALICE, id);

        assertThat(assigned.organizationId()).isEqualTo(pizzeria);
        assertThat(assigned.assignedBy()).isEqualTo("alice@switchboard.example");
        assertThat(assigned.assignedAt()).isNotNull();
        assertThat(reassigned.organizationId()).isEqualTo(bakery);
        assertThat(reassigned.assignedBy()).isEqualTo("bob@switchboard.example");
        assertThat(unassigned.organizationId()).isNull();
        assertThat(unassigned.assignedBy()).isNull();
        assertThat(unassigned.assignedAt()).isNull();
        assertThat(numbers.history(ALICE, id))
                .extracting(
                        NumberAssignment::action,
                        NumberAssignment::fromOrganizationId,
                        NumberAssignment::toOrganizationId,
                        NumberAssignment::actor,
                        NumberAssignment::phoneNumber)
                .containsExactly(
                        tuple(AssignmentAction.ASSIGN, null, pizzeria, "alice@switchboard.example", "+390551234567"),
                        tuple(AssignmentAction.REASSIGN, pizzeria, bakery, "bob@switchboard.example", "+390551234567"),
                        tuple(AssignmentAction.UNASSIGN, bakery, null, "alice@switchboard.example", "+390551234567"));
    }

    @Test
    void addingANumberStraightToAnOrganizationIsAnAssignment() {
        SipNumber added = numbers.add(BOB, new NewNumber("1001", pizzeria, "Takeaway", 1));

        assertThat(added.assignedBy()).isEqualTo("bob@switchboard.example");
        assertThat(numbers.history(BOB, added.id()))
                .extracting(NumberAssignment::action, NumberAssignment::toOrganizationId, NumberAssignment::actor)
                .containsExactly(tuple(AssignmentAction.ASSIGN, pizzeria, "bob@switchboard.example"));
    }

    @Test
    void assigningANumberWhereItAlreadyIsChangesNothing() {
        SipNumber added = numbers.add(ALICE, new NewNumber("1001", pizzeria, "Takeaway", 1));

        SipNumber again = numbers.assign(BOB, added.id(), pizzeria);

        assertThat(again).isEqualTo(added);
        assertThat(numbers.history(ALICE, added.id())).hasSize(1);
        assertThatThrownBy(() -> numbers.unassign(ALICE, 424242L)).isInstanceOf(NumberException.NotFound.class);
        assertThatThrownBy(() -> numbers.assign(ALICE, 424242L, pizzeria)).isInstanceOf(NumberException.NotFound.class);
    }

    @Test
    void aNumberMovedToAnotherTenantDropsThePreviousTenantsLabelAndOverride() {
        long id = numbers.add(ALICE, new NewNumber("1001", null, "Inventory: Florence", 1))
                .id();
        assertThat(numbers.assign(ALICE, id, pizzeria).label()).isEqualTo("Inventory: Florence");
        numbers.update(mario, id, new NumberChanges("Takeaway", "{\"systemPrompt\": \"Pizzeria secrets\"}", null));

        SipNumber moved = numbers.assign(ALICE, id, bakery);

        assertThat(moved.label()).isEmpty();
        assertThat(moved.configOverride()).isEqualTo(AgentConfig.EMPTY);
    }

    @Test
    void aTenantSeesTheHistoryOfItsOwnTenureOnly() {
        long id = numbers.add(ALICE, new NewNumber("1001", pizzeria, "", 1)).id();
        numbers.assign(ALICE, id, bakery);
        numbers.unassign(ALICE, id);

        assertThat(numbers.history(mario, id))
                .extracting(NumberAssignment::action)
                .containsExactly(AssignmentAction.ASSIGN, AssignmentAction.REASSIGN);
        assertThat(numbers.history(Actor.tenantAdmin(bakery, "b"), id))
                .extracting(NumberAssignment::action)
                .containsExactly(AssignmentAction.REASSIGN, AssignmentAction.UNASSIGN);
    }

    @Test
    void aTenantListsOnlyItsOwnNumbersAndAnOperatorAll() {
        numbers.add(ALICE, new NewNumber("1001", pizzeria, "", 1));
        numbers.add(ALICE, new NewNumber("2001", bakery, "", 1));
        numbers.add(ALICE, NewNumber.of("3001"));

        assertThat(numbers.list(mario)).extracting(SipNumber::phoneNumber).containsExactly("1001");
        assertThat(numbers.list(luigiViewer)).extracting(SipNumber::phoneNumber).containsExactly("1001");
        assertThat(numbers.listForOrganization(mario, bakery)).isEmpty();
        assertThat(numbers.list(ALICE)).extracting(SipNumber::phoneNumber).containsExactly("1001", "2001", "3001");
        assertThat(numbers.findByNumber(mario, "2001")).isEmpty();
        assertThat(numbers.findByNumber(ALICE, "sip:2001@pbx")).isPresent();
        assertThat(numbers.findByNumber(ALICE, "+1 555 010 0000")).isEmpty();
        assertThatThrownBy(() -> numbers.findByNumber(ALICE, "hello")).isInstanceOf(NumberException.Malformed.class);
    }

    @Test
    void aTenantAdminRelabelsReconfiguresAndSwitchesOffItsOwnNumber() {
        long id = numbers.add(ALICE, new NewNumber("1001", pizzeria, "", 1)).id();

        SipNumber updated = numbers.update(
                mario, id, new NumberChanges("Takeaway", "{\"greeting\": \"Ready to take your order\"}", false));

        assertThat(updated.label()).isEqualTo("Takeaway");
        assertThat(updated.configOverride().greeting()).isEqualTo("Ready to take your order");
        assertThat(updated.active()).isFalse();
        assertThat(updated.updatedAt()).isAfterOrEqualTo(updated.createdAt());
        assertThat(numbers.update(mario, id, NumberChanges.label("Asporto"))
                        .configOverride()
                        .greeting())
                .as("a change leaves the other columns alone")
                .isEqualTo("Ready to take your order");
    }

    @Test
    void aTenantAdminCannotTouchAnotherTenantsNumber() {
        long bakeryNumber = numbers.add(ALICE, new NewNumber("2001", bakery, "Bakery line", 1))
                .id();

        assertThatThrownBy(() -> numbers.update(mario, bakeryNumber, NumberChanges.label("mine now")))
                .isInstanceOf(NumberException.NotFound.class);
        assertThat(numbers.find(ALICE, bakeryNumber).orElseThrow().label()).isEqualTo("Bakery line");
        assertThat(numbers.find(mario, bakeryNumber)).isEmpty();
    }

    @Test
    void aTenantViewerCannotChangeNumbers() {
        long id = numbers.add(ALICE, new NewNumber("1001", pizzeria, "", 1)).id();

        assertThatThrownBy(() -> numbers.update(luigiViewer, id, NumberChanges.active(false)))
                .isInstanceOf(NumberException.NotPermitted.class);
        assertThat(numbers.find(luigiViewer, id).orElseThrow().active()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            {"greeting": "Hi", "temperature": 0.7}      | temperature    | is not a known key
            {"greeting": 42}                            | greeting       | must be a string, not a number
            {"maxCallSeconds": "600"}                   | maxCallSeconds | must be a number, not a string
            {"greeting": "%s"}                          | greeting       | must be at most 500 characters
            {"greeting": "Hi"                           | $              | is not valid JSON
            ["greeting", "Hi"]                          | $              | must be a JSON object, not an array
            "Hi"                                        | $              | must be a JSON object, not a string
            """)
    void aBadOverrideIsRefusedWithTheOffendingKeyNamedAndNothingSaved(String template, String key, String message) {
        long id = numbers.add(ALICE, new NewNumber("1001", pizzeria, "", 1)).id();
        numbers.update(mario, id, NumberChanges.configOverride("{\"greeting\": \"Ready\"}"));
        String json = template.contains("%s") ? template.formatted("x".repeat(501)) : template;

        assertThatThrownBy(() -> numbers.update(mario, id, new NumberChanges("New label", json, null)))
                .isInstanceOfSatisfying(
                        InvalidAgentConfigException.class,
                        e -> assertThat(e.errors()).singleElement().satisfies(error -> {
                            assertThat(error.key()).isEqualTo(key);
                            assertThat(error.message()).contains(message);
                        }))
                .hasMessageContaining(key + ": ");
        SipNumber unchanged = numbers.find(mario, id).orElseThrow();
        assertThat(unchanged.configOverride().greeting()).isEqualTo("Ready");
        assertThat(unchanged.label()).isEmpty();
    }

    @Test
    void anOverrideIsStoredInCanonicalForm() {
        long id = numbers.add(ALICE, new NewNumber("1001", pizzeria, "", 1)).id();

        numbers.update(mario, id, NumberChanges.configOverride("  {\"language\" : \"it-it\", \"greeting\":\"Ciao\"}"));

        assertThat(db.owner()
                        .select(SIP_NUMBERS.CONFIG_OVERRIDE)
                        .from(SIP_NUMBERS)
                        .where(SIP_NUMBERS.ID.eq(id))
                        .fetchSingle()
                        .value1()
                        .data())
                .isEqualTo("{\"greeting\": \"Ciao\", \"language\": \"it-IT\"}");
    }

    @Test
    void labelsAndLimitsAreBounded() {
        long id = numbers.add(ALICE, new NewNumber("1001", pizzeria, "", 1)).id();

        assertThatThrownBy(() -> numbers.update(mario, id, NumberChanges.label("x".repeat(101))))
                .isInstanceOfSatisfying(
                        NumberException.InvalidValue.class,
                        e -> assertThat(e.field()).isEqualTo("label"));
        assertThatThrownBy(() -> numbers.update(mario, id, NumberChanges.label("bell\u0007")))
                .isInstanceOf(NumberException.InvalidValue.class);
        assertThatThrownBy(() -> numbers.updateLimit(ALICE, id, -1)).isInstanceOf(NumberException.InvalidValue.class);
        assertThatThrownBy(() -> numbers.add(ALICE, new NewNumber("1002", null, "", 10_001)))
                .isInstanceOf(NumberException.InvalidValue.class);
    }
}
