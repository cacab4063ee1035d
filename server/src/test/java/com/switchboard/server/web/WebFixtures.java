package com.switchboard.server.web;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.CALLS;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import com.switchboard.activities.route.PhoneNumbers;
import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.server.numbers.NewNumber;
import com.switchboard.server.numbers.NumberRepository;
import com.switchboard.server.organizations.NewOrganization;
import com.switchboard.server.organizations.OrganizationRepository;
import com.switchboard.server.security.ApiTokens;
import com.switchboard.server.security.AppUser;
import com.switchboard.server.security.NewUser;
import com.switchboard.server.security.UserRepository;
import com.switchboard.server.security.UserRole;
import com.switchboard.workflows.call.CallOutcome;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Two tenants and an inventory, a login of every role with an API token each, and a few calls.
 *
 * <p>The pizzeria (tenant under test) has two numbers; the bakery (the other tenant) has one, a
 * finished call and a call in progress, whose numbers must never show up for the pizzeria.
 */
public record WebFixtures(
        long pizzeria,
        long bakery,
        long pizzeriaFront,
        long pizzeriaKitchen,
        long bakeryNumber,
        long inventoryNumber,
        AppUser operator,
        AppUser pizzeriaAdmin,
        AppUser pizzeriaViewer,
        AppUser bakeryAdmin,
        String operatorToken,
        String pizzeriaAdminToken,
        String pizzeriaViewerToken,
        String bakeryAdminToken,
        long bakeryAdminTokenId) {

    public static final String PASSWORD = "correct horse battery";
    public static final String PIZZERIA_FRONT = "+390550000001";
    public static final String PIZZERIA_KITCHEN = "+390550000002";
    public static final String BAKERY_NUMBER = "+390550000003";
    public static final String INVENTORY_NUMBER = "+390550000009";
    /** Whoever calls the bakery; must never appear in the pizzeria's answers. */
    public static final String BAKERY_CALLER = "+393470000003";

    /** Low cost: the test checks logins, not BCrypt's strength (the stored hash names its cost). */
    private static final String PASSWORD_HASH = "{bcrypt}" + new BCryptPasswordEncoder(4).encode(PASSWORD);

    private static final Actor SEEDER = Actor.operator("seed@switchboard.test");
    private static final AtomicLong ROOMS = new AtomicLong();

    public static WebFixtures seed(TestDatabase db, ApiTokens tokens) {
        db.reset();
        Database database = db.database();
        OrganizationRepository organizations = new OrganizationRepository(database);
        NumberRepository numbers = new NumberRepository(database, new PhoneNumbers("IT"));
        UserRepository users = new UserRepository(database);

        long pizzeria = organizations
                .create(
                        SEEDER,
                        new NewOrganization(
                                "pizzeria",
                                "Pizzeria da Mario",
                                "{\"greeting\":\"Benvenuti da Mario\",\"language\":\"it-IT\"}",
                                4))
                .id();
        long bakery = organizations
                .create(SEEDER, new NewOrganization("bakery", "Bakery Bianchi", "{\"greeting\":\"Forno!\"}", 2))
                .id();
        long front = numbers.add(SEEDER, new NewNumber(PIZZERIA_FRONT, pizzeria, "front desk", 2))
                .id();
        long kitchen = numbers.add(SEEDER, new NewNumber(PIZZERIA_KITCHEN, pizzeria, "kitchen", 1))
                .id();
        long bakeryNumber = numbers.add(SEEDER, new NewNumber(BAKERY_NUMBER, bakery, "bakery line", 1))
                .id();
        long inventory = numbers.add(SEEDER, NewNumber.of(INVENTORY_NUMBER)).id();

        AppUser operator = users.createUser(SEEDER, user("ops@switchboard.test", UserRole.OPERATOR, null));
        AppUser admin = users.createUser(SEEDER, user("mario@pizzeria.test", UserRole.TENANT_ADMIN, pizzeria));
        AppUser viewer = users.createUser(SEEDER, user("luigi@pizzeria.test", UserRole.TENANT_VIEWER, pizzeria));
        AppUser baker = users.createUser(SEEDER, user("baker@bakery.test", UserRole.TENANT_ADMIN, bakery));

        ApiTokens.Created bakerToken = tokens.create(baker.id(), "bakery script", null);

        WebFixtures fixtures = new WebFixtures(
                pizzeria,
                bakery,
                front,
                kitchen,
                bakeryNumber,
                inventory,
                operator,
                admin,
                viewer,
                baker,
                tokens.create(operator.id(), "ops script", null).secret(),
                tokens.create(admin.id(), "pizzeria script", null).secret(),
                tokens.create(viewer.id(), "wallboard", null).secret(),
                bakerToken.secret(),
                bakerToken.token().id());
        fixtures.endedCall(
                database,
                bakery,
                bakeryNumber,
                BAKERY_NUMBER,
                BAKERY_CALLER,
                Instant.now().minusSeconds(3600));
        fixtures.endedCall(
                database,
                pizzeria,
                front,
                PIZZERIA_FRONT,
                "+393330000001",
                Instant.now().minusSeconds(7200));
        fixtures.liveCall(database, bakery, bakeryNumber, BAKERY_NUMBER, BAKERY_CALLER);
        return fixtures;
    }

    private static NewUser user(String email, UserRole role, Long organizationId) {
        return new NewUser(email, "", role, organizationId, PASSWORD_HASH);
    }

    /** A finished, answered call of two minutes. */
    public long endedCall(
            Database database, long organizationId, long numberId, String called, String caller, Instant at) {
        String room = "call-web-" + ROOMS.incrementAndGet();
        return database.transactionResult(
                Actor.SYSTEM,
                tx -> tx.insertInto(CALLS)
                        .set(CALLS.WORKFLOW_ID, "call-" + room)
                        .set(CALLS.ROOM_NAME, room)
                        .set(CALLS.ORGANIZATION_ID, organizationId)
                        .set(CALLS.SIP_NUMBER_ID, numberId)
                        .set(CALLS.CALLED_NUMBER, called)
                        .set(CALLS.CALLER_NUMBER, caller)
                        .set(CALLS.STARTED_AT, at)
                        .set(CALLS.ANSWERED_AT, at.plusSeconds(3))
                        .set(CALLS.ENDED_AT, at.plusSeconds(123))
                        .set(CALLS.DURATION_SECONDS, 120)
                        .set(CALLS.OUTCOME, CallOutcome.COMPLETED.dbValue())
                        .set(CALLS.TICKETS_CREATED, 1)
                        .returningResult(CALLS.ID)
                        .fetchSingle(r -> r.value1()));
    }

    /** A call in progress, written as the ledger writes it: an open calls row and its active_calls row. */
    public long liveCall(Database database, long organizationId, long numberId, String called, String caller) {
        String room = "call-web-" + ROOMS.incrementAndGet();
        Instant now = Instant.now();
        return database.transactionResult(Actor.SYSTEM, tx -> {
            long id = tx.insertInto(CALLS)
                    .set(CALLS.WORKFLOW_ID, "call-" + room)
                    .set(CALLS.ROOM_NAME, room)
                    .set(CALLS.ORGANIZATION_ID, organizationId)
                    .set(CALLS.SIP_NUMBER_ID, numberId)
                    .set(CALLS.CALLED_NUMBER, called)
                    .set(CALLS.CALLER_NUMBER, caller)
                    .set(CALLS.STARTED_AT, now)
                    .set(CALLS.ANSWERED_AT, now)
                    .returningResult(CALLS.ID)
                    .fetchSingle(r -> r.value1());
            tx.insertInto(ACTIVE_CALLS)
                    .set(ACTIVE_CALLS.CALL_ID, id)
                    .set(ACTIVE_CALLS.WORKFLOW_ID, "call-" + room)
                    .set(ACTIVE_CALLS.ORGANIZATION_ID, organizationId)
                    .set(ACTIVE_CALLS.SIP_NUMBER_ID, numberId)
                    .set(ACTIVE_CALLS.ROOM_NAME, room)
                    .set(ACTIVE_CALLS.STARTED_AT, now)
                    .execute();
            return id;
        });
    }
}
