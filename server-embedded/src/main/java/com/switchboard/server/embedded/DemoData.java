package com.switchboard.server.embedded;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import com.switchboard.activities.route.PhoneNumbers;
import com.switchboard.server.numbers.NewNumber;
import com.switchboard.server.numbers.NumberChanges;
import com.switchboard.server.numbers.NumberRepository;
import com.switchboard.server.numbers.SipNumber;
import com.switchboard.server.organizations.NewOrganization;
import com.switchboard.server.organizations.Organization;
import com.switchboard.server.organizations.OrganizationRepository;
import com.switchboard.server.security.Accounts;
import com.switchboard.server.security.UserRole;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Demo tenants for the embedded default, written once into an empty database: two businesses
 * with numbers of different labels, overrides and limits (1001 carries one call at a time, so the
 * simulated traffic shows busy rejections), one unassigned number in the inventory, and the demo
 * logins. A database that holds any organization is left alone, so a restart duplicates nothing.
 */
final class DemoData {
    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final Actor SEEDER = Actor.operator("embedded-demo");

    /** A login the banner prints. */
    record Login(String email, String password, String displayName, String description) {}

    static final Login OPERATOR = new Login(
            "operator@switchboard.local", "operator-demo", "Platform operator", "operator: every organization");
    static final Login TENANT =
            new Login("mario@pizzeria-da-mario.example", "mario-demo", "Mario", "tenant admin, Pizzeria Da Mario");
    static final List<Login> LOGINS = List.of(OPERATOR, TENANT);

    private final OrganizationRepository organizations;
    private final NumberRepository numbers;
    private final Accounts accounts;

    DemoData(Database database, Accounts accounts) {
        this.organizations = new OrganizationRepository(database);
        this.numbers = new NumberRepository(database, new PhoneNumbers("IT"));
        this.accounts = accounts;
    }

    /** Seeds an empty database; returns whether it did. */
    boolean seedIfEmpty() {
        if (!organizations.list(SEEDER).isEmpty()) {
            return false;
        }
        Organization pizzeria =
                organizations.create(SEEDER, new NewOrganization("pizzeria-da-mario", "Pizzeria Da Mario", """
                        {"agentName": "pizzeria-agent",
                         "greeting": "Pizzeria Da Mario, buonasera!",
                         "language": "it-IT",
                         "systemPrompt": "You take pizza orders and answer questions about opening hours.",
                         "voice": "it-IT-Elsa",
                         "maxCallSeconds": 600}
                        """, 3));
        Organization dentist = organizations.create(
                SEEDER, new NewOrganization("studio-dentistico-rossi", "Studio Dentistico Rossi", """
                        {"agentName": "reception-agent",
                         "greeting": "Studio Rossi, buongiorno.",
                         "language": "it-IT",
                         "systemPrompt": "You book, move and cancel dental appointments.",
                         "voice": "it-IT-Diego"}
                        """, 2));

        SipNumber orders = numbers.add(SEEDER, new NewNumber("1001", pizzeria.id(), "Orders", 1));
        numbers.update(
                SEEDER, orders.id(), NumberChanges.configOverride("{\"greeting\": \"Ready to take your order\"}"));
        SipNumber info = numbers.add(SEEDER, new NewNumber("1002", pizzeria.id(), "Info", 2));
        numbers.update(SEEDER, info.id(), NumberChanges.configOverride("{\"greeting\": \"How can I help?\"}"));
        SipNumber reception = numbers.add(SEEDER, new NewNumber("+390559876543", dentist.id(), "Reception", 2));
        numbers.update(
                SEEDER,
                reception.id(),
                NumberChanges.configOverride(
                        "{\"greeting\": \"Rossi dental practice, good morning.\", \"language\": \"en-GB\"}"));
        // Inventory: routes nowhere until an operator assigns it, so calls to it are rejected.
        numbers.add(SEEDER, new NewNumber("+390551112223", null, "Spare line", 1));

        accounts.createUser(
                SEEDER, OPERATOR.email(), OPERATOR.displayName(), UserRole.OPERATOR, null, OPERATOR.password());
        accounts.createUser(
                SEEDER, TENANT.email(), TENANT.displayName(), UserRole.TENANT_ADMIN, pizzeria.id(), TENANT.password());
        log.info("demo data written: {} and {}, 4 numbers, {} logins", pizzeria.name(), dentist.name(), LOGINS.size());
        return true;
    }
}
