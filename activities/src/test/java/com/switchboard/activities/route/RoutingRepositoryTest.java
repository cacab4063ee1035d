package com.switchboard.activities.route;

import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.workflows.route.AgentConfig;
import com.switchboard.workflows.route.Route;
import com.switchboard.workflows.route.Route.UnroutedReason;
import com.switchboard.workflows.route.RouteActivities;
import com.switchboard.workflows.route.RouteRequest;
import io.temporal.testing.TestActivityEnvironment;
import org.jooq.JSONB;
import org.jooq.Record1;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Routing over rows written as the schema owner: the inventory's own rules (normalization on the way
 * in, who may change what) are the server's number repository's, tested there.
 */
class RoutingRepositoryTest {
    private final TestDatabase db = TestDatabase.shared();
    private final PhoneNumbers phoneNumbers = new PhoneNumbers("IT");
    private final RoutingRepository routing = new RoutingRepository(db.database(), phoneNumbers);

    private Row pizzeria;
    private Row mainLine;
    private Row takeaway;
    private Row frontDesk;

    /** The id of a row this test wrote. */
    private record Row(long id) {}

    @BeforeEach
    void pizzeriaWithThreeNumbers() {
        db.reset();
        pizzeria = new Row(db.owner()
                .insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.SLUG, "pizzeria")
                .set(ORGANIZATIONS.NAME, "Pizzeria da Mario")
                .set(
                        ORGANIZATIONS.AGENT_CONFIG,
                        JSONB.valueOf("{\"greeting\": \"Welcome to Pizzeria\", \"language\": \"it-IT\","
                                + " \"voice\": \"it-voice-1\"}"))
                .set(ORGANIZATIONS.MAX_CONCURRENT_CALLS, 4)
                .returningResult(ORGANIZATIONS.ID)
                .fetchSingle(Record1::value1));
        mainLine = number("+390551234567", pizzeria.id(), "Main line", 3);
        takeaway = number("1001", pizzeria.id(), "Takeaway", 1);
        frontDesk = number("1002", pizzeria.id(), "Front desk", 2);
    }

    private Row number(String phoneNumber, Long organizationId, String label, int maxConcurrentCalls) {
        return new Row(db.owner()
                .insertInto(SIP_NUMBERS)
                .set(SIP_NUMBERS.PHONE_NUMBER, phoneNumber)
                .set(SIP_NUMBERS.ORGANIZATION_ID, organizationId)
                .set(SIP_NUMBERS.LABEL, label)
                .set(SIP_NUMBERS.MAX_CONCURRENT_CALLS, maxConcurrentCalls)
                .returningResult(SIP_NUMBERS.ID)
                .fetchSingle(Record1::value1));
    }

    private void override(Row number, String configOverride) {
        db.owner()
                .update(SIP_NUMBERS)
                .set(SIP_NUMBERS.CONFIG_OVERRIDE, JSONB.valueOf(configOverride))
                .where(SIP_NUMBERS.ID.eq(number.id()))
                .execute();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            +39 055 1234567                               | +390551234567
            0039 055 1234567                              | +390551234567
            055 1234567                                   | +390551234567
            +390551234567                                 | +390551234567
            +39 (055) 123-4567                            | +390551234567
            tel:+390551234567                             | +390551234567
            sip:+390551234567@pbx.example.com             | +390551234567
            0551234567                                    | +390551234567
            00390551234567                                | +390551234567
            (055) 123 4567                                | +390551234567
            +39-055-123-4567                              | +390551234567
            +39.055.123.4567                              | +390551234567
            '  +39 055 1234567  '                         | +390551234567
            <sip:+390551234567@pbx.example.com>           | +390551234567
            sips:0551234567@pbx.example.com;transport=tls | +390551234567
            SIP:+390551234567@10.0.0.1:5060               | +390551234567
            tel:+39-055-1234567;phone-context=+39         | +390551234567
            sip:%2B390551234567@pbx.example.com           | +390551234567
            1001                                          | 1001
            sip:1001@pbx.example.com                      | 1001
            tel:1002                                      | 1002
            """)
    void everyFormatOfANumberRoutesToIt(String dialed, String stored) {
        Route route = routing.route(dialed);

        assertThat(route).isInstanceOfSatisfying(Route.Routed.class, routed -> {
            assertThat(routed.phoneNumber()).isEqualTo(stored);
            assertThat(routed.organizationId()).isEqualTo(pizzeria.id());
        });
    }

    @Test
    void aRoutedCallCarriesTheNumberTheLabelAndBothLimits() {
        Route route = routing.route("055 1234567");

        assertThat(route)
                .isEqualTo(new Route.Routed(
                        pizzeria.id(),
                        mainLine.id(),
                        "+390551234567",
                        "Main line",
                        new AgentConfig(
                                "switchboard-agent",
                                "Welcome to Pizzeria",
                                "it-IT",
                                "You are a helpful phone assistant.",
                                "it-voice-1",
                                3600),
                        3,
                        4));
    }

    @Test
    void theNumbersOverrideWinsKeyByKeyOverTheOrganizationsConfig() {
        override(takeaway, "{\"greeting\": \"Ready to take your order\", \"maxCallSeconds\": 300}");
        override(frontDesk, "{\"greeting\": \"How can I help?\"}");

        AgentConfig takeawayConfig = ((Route.Routed) routing.route("1001")).config();
        AgentConfig frontDeskConfig = ((Route.Routed) routing.route("1002")).config();
        AgentConfig mainLineConfig = ((Route.Routed) routing.route("+390551234567")).config();

        assertThat(takeawayConfig.greeting()).isEqualTo("Ready to take your order");
        assertThat(takeawayConfig.maxCallSeconds()).isEqualTo(300);
        assertThat(frontDeskConfig.greeting()).isEqualTo("How can I help?");
        assertThat(frontDeskConfig.maxCallSeconds()).isEqualTo(3600);
        assertThat(mainLineConfig.greeting()).isEqualTo("Welcome to Pizzeria");
        assertThat(takeawayConfig.language())
                .isEqualTo(frontDeskConfig.language())
                .isEqualTo(mainLineConfig.language())
                .isEqualTo("it-IT");
        assertThat(takeawayConfig.voice()).isEqualTo("it-voice-1");
        assertThat(takeawayConfig.agentName()).isEqualTo("switchboard-agent");
    }

    @Test
    void anUnknownNumberIsUnrouted() {
        assertThat(routing.route("+39 055 7654321"))
                .isEqualTo(new Route.Unrouted("+390557654321", UnroutedReason.UNKNOWN_NUMBER));
        assertThat(routing.route("2000")).isEqualTo(new Route.Unrouted("2000", UnroutedReason.UNKNOWN_NUMBER));
    }

    @Test
    void aNumberInTheInventoryIsUnrouted() {
        number("+39021234567", null, "", 1);

        assertThat(routing.route("02 1234567"))
                .isEqualTo(new Route.Unrouted("+39021234567", UnroutedReason.UNASSIGNED_NUMBER));
    }

    @Test
    void anInactiveNumberIsUnrouted() {
        db.owner()
                .update(SIP_NUMBERS)
                .set(SIP_NUMBERS.ACTIVE, false)
                .where(SIP_NUMBERS.ID.eq(takeaway.id()))
                .execute();

        assertThat(routing.route("1001")).isEqualTo(new Route.Unrouted("1001", UnroutedReason.INACTIVE_NUMBER));
        assertThat(routing.route("1002")).isInstanceOf(Route.Routed.class);
    }

    @Test
    void aMalformedNumberIsUnroutedWithoutANumber() {
        assertThat(routing.route("hello")).isEqualTo(new Route.Unrouted(null, UnroutedReason.MALFORMED_NUMBER));
        assertThat(routing.route(null)).isEqualTo(new Route.Unrouted(null, UnroutedReason.MALFORMED_NUMBER));
    }

    @Test
    void aStoredKeyThatNoLongerValidatesIsSkippedNotFatal() {
        // Written past the repositories, as a hand edit in psql would be.
        db.owner()
                .update(SIP_NUMBERS)
                .set(
                        SIP_NUMBERS.CONFIG_OVERRIDE,
                        JSONB.valueOf("{\"greeting\": 42, \"voice\": \"takeaway-voice\", \"mood\": \"happy\"}"))
                .where(SIP_NUMBERS.ID.eq(takeaway.id()))
                .execute();
        db.owner()
                .update(ORGANIZATIONS)
                .set(
                        ORGANIZATIONS.AGENT_CONFIG,
                        JSONB.valueOf("{\"greeting\": \"Welcome to Pizzeria\", \"language\": 7}"))
                .where(ORGANIZATIONS.ID.eq(pizzeria.id()))
                .execute();

        AgentConfig config = ((Route.Routed) routing.route("1001")).config();

        assertThat(config.greeting()).isEqualTo("Welcome to Pizzeria");
        assertThat(config.voice()).isEqualTo("takeaway-voice");
        assertThat(config.language()).isEqualTo("en-US");
    }

    @Test
    void aNumberOfAnUnknownRangeStillRoutesIfItIsInTheInventory() {
        // Metadata lags new ranges; a number stored before (or by hand) must not become unroutable.
        db.owner()
                .insertInto(SIP_NUMBERS)
                .set(SIP_NUMBERS.PHONE_NUMBER, "+15550100000")
                .set(SIP_NUMBERS.ORGANIZATION_ID, pizzeria.id())
                .execute();

        assertThat(routing.route("+1 555 010 0000")).isInstanceOf(Route.Routed.class);
    }

    @Test
    void theActivityReturnsARouteThatSurvivesTemporalsDataConverter() {
        TestActivityEnvironment environment = TestActivityEnvironment.newInstance();
        try {
            environment.registerActivitiesImplementations(new RouteActivitiesImpl(routing));
            RouteActivities activities = environment.newActivityStub(RouteActivities.class);

            assertThat(activities.route(new RouteRequest("sip:1001@pbx.example.com")))
                    .isEqualTo(routing.route("1001"));
            assertThat(activities.route(new RouteRequest("+39 055 0000000")))
                    .isEqualTo(new Route.Unrouted("+390550000000", UnroutedReason.UNKNOWN_NUMBER));
        } finally {
            environment.close();
        }
    }
}
