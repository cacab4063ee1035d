package com.switchboard.server.calls;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.CALLS;
import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.route.PhoneNumbers;
import com.switchboard.activities.route.RoutingRepository;
import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.server.numbers.NewNumber;
import com.switchboard.server.numbers.NumberRepository;
import com.switchboard.server.organizations.NewOrganization;
import com.switchboard.server.organizations.OrganizationRepository;
import com.switchboard.workflows.route.Route;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Moving a number between organizations while a call is on it: the call in progress finishes under
 * the organization that took it (its ledger rows keep their organization), the next call routes to
 * the new owner.
 */
class ReassignedNumberTest {
    private static final Actor OPERATOR = Actor.operator("ops@switchboard.example");

    private final TestDatabase db = TestDatabase.shared();
    private final PhoneNumbers phoneNumbers = new PhoneNumbers("IT");
    private final NumberRepository numbers = new NumberRepository(db.database(), phoneNumbers);
    private final RoutingRepository routing = new RoutingRepository(db.database(), phoneNumbers);
    private final CallHistoryRepository history = new CallHistoryRepository(db.database());
    private final LedgerRows ledger = new LedgerRows(db.database());

    private long pizzeria;
    private long bakery;
    private long number;
    private long callInProgress;

    @BeforeEach
    void aCallInProgressOnThePizzeriasNumber() {
        db.reset();
        OrganizationRepository organizations = new OrganizationRepository(db.database());
        pizzeria = organizations
                .create(OPERATOR, new NewOrganization("pizzeria", "Pizzeria", "{\"greeting\":\"Pizza!\"}", 5))
                .id();
        bakery = organizations
                .create(OPERATOR, new NewOrganization("bakery", "Bakery", "{\"greeting\":\"Bread!\"}", 5))
                .id();
        number = numbers.add(OPERATOR, new NewNumber("+390551234567", pizzeria, "front desk", 2))
                .id();
        callInProgress = ledger.live(pizzeria, number, "+390551234567", Instant.now());

        numbers.assign(OPERATOR, number, bakery);
    }

    @Test
    void theCallInProgressStaysWithItsOldOrganization() {
        Actor mario = Actor.tenantViewer(pizzeria, "mario@pizzeria.example");
        Actor baker = Actor.tenantViewer(bakery, "baker@bakery.example");

        assertThat(history.liveCalls(mario)).singleElement().satisfies(call -> {
            assertThat(call.callId()).isEqualTo(callInProgress);
            assertThat(call.organizationId()).isEqualTo(pizzeria);
            // The pizzeria no longer sees the number itself.
            assertThat(call.numberLabel()).isNull();
        });
        assertThat(history.liveCalls(baker)).isEmpty();
        assertThat(history.liveCountsByNumber(baker)).isEmpty();
        assertThat(db.owner()
                        .select(CALLS.ORGANIZATION_ID)
                        .from(CALLS)
                        .where(CALLS.ID.eq(callInProgress))
                        .fetchSingle(CALLS.ORGANIZATION_ID))
                .isEqualTo(pizzeria);
        assertThat(db.owner()
                        .select(ACTIVE_CALLS.ORGANIZATION_ID)
                        .from(ACTIVE_CALLS)
                        .where(ACTIVE_CALLS.CALL_ID.eq(callInProgress))
                        .fetchSingle(ACTIVE_CALLS.ORGANIZATION_ID))
                .isEqualTo(pizzeria);
    }

    @Test
    void theNextCallRoutesToTheNewOrganizationWithItsConfig() {
        Route route = routing.route("+390551234567");

        assertThat(route).isInstanceOfSatisfying(Route.Routed.class, routed -> {
            assertThat(routed.organizationId()).isEqualTo(bakery);
            assertThat(routed.config().greeting()).isEqualTo("Bread!");
            // The pizzeria's label did not follow the number.
            assertThat(routed.label()).isEmpty();
        });
    }
}
