package com.switchboard.server.web;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.API_TOKENS;
import static com.switchboard.db.Tables.APP_USERS;
import static com.switchboard.db.Tables.CALLS;
import static com.switchboard.db.Tables.NUMBER_ASSIGNMENTS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.activities.testing.TestDatabase;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every API endpoint, tried by every kind of caller, on the caller's own ids and on another
 * tenant's. A refused request changes nothing at all; a tenant's request, refused or not, never
 * shows or changes anything of the other tenant (the bakery).
 */
class ApiAccessTest extends WebTestBase {

    enum Caller {
        OPERATOR,
        TENANT_ADMIN,
        TENANT_VIEWER,
        ANONYMOUS,
        BAD_TOKEN;

        boolean isTenant() {
            return this == TENANT_ADMIN || this == TENANT_VIEWER;
        }
    }

    /**
     * One endpoint and what each role gets. Anonymous callers and bad tokens always get 401.
     *
     * @param path with placeholders for the fixtures' ids: {front} (the pizzeria's number), {bakeryNumber},
     *     {inventory}, {pizzeria}, {bakery} (organizations), {bakeryToken} (a token of the bakery's admin)
     */
    record Endpoint(String method, String path, String body, int operator, int tenantAdmin, int tenantViewer) {
        int expected(Caller caller) {
            return switch (caller) {
                case OPERATOR -> operator;
                case TENANT_ADMIN -> tenantAdmin;
                case TENANT_VIEWER -> tenantViewer;
                case ANONYMOUS, BAD_TOKEN -> 401;
            };
        }

        String path(WebFixtures f) {
            return path.replace("{front}", Long.toString(f.pizzeriaFront()))
                    .replace("{bakeryNumber}", Long.toString(f.bakeryNumber()))
                    .replace("{inventory}", Long.toString(f.inventoryNumber()))
                    .replace("{pizzeria}", Long.toString(f.pizzeria()))
                    .replace("{bakery}", Long.toString(f.bakery()))
                    .replace("{bakeryToken}", Long.toString(f.bakeryAdminTokenId()));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static Endpoint e(String method, String path, String body, int operator, int admin, int viewer) {
        return new Endpoint(method, path, body, operator, admin, viewer);
    }

    static final List<Endpoint> ENDPOINTS = List.of(
            e("GET", "/api/v1/me", null, 200, 200, 200),
            // Numbers: a tenant's own, another tenant's (404, as if it did not exist), the inventory.
            e("GET", "/api/v1/numbers", null, 200, 200, 200),
            e("GET", "/api/v1/numbers/{front}", null, 200, 200, 200),
            e("GET", "/api/v1/numbers/{bakeryNumber}", null, 200, 404, 404),
            e("GET", "/api/v1/numbers/{inventory}", null, 200, 404, 404),
            e("PATCH", "/api/v1/numbers/{front}", "{\"label\":\"changed\"}", 200, 200, 403),
            e("PATCH", "/api/v1/numbers/{front}", "{\"configOverride\":{\"greeting\":\"Ciao\"}}", 200, 200, 403),
            e("PATCH", "/api/v1/numbers/{front}", "{\"configOverride\":{\"greting\":\"typo\"}}", 400, 400, 403),
            e("PATCH", "/api/v1/numbers/{bakeryNumber}", "{\"label\":\"mine now\"}", 200, 404, 403),
            e("PATCH", "/api/v1/numbers/{bakeryNumber}", "{\"active\":false}", 200, 404, 403),
            e("POST", "/api/v1/numbers", "{\"numbers\":[\"+390550000077\"]}", 201, 403, 403),
            e("PUT", "/api/v1/numbers/{bakeryNumber}/organization", "{\"organizationId\":{pizzeria}}", 200, 403, 403),
            e("PUT", "/api/v1/numbers/{front}/organization", "{\"organizationId\":{bakery}}", 200, 403, 403),
            e("DELETE", "/api/v1/numbers/{front}/organization", null, 200, 403, 403),
            e("PUT", "/api/v1/numbers/{front}/limit", "{\"maxConcurrentCalls\":9}", 200, 403, 403),
            e("GET", "/api/v1/numbers/{front}/assignments", null, 200, 403, 403),
            e("GET", "/api/v1/numbers/{bakeryNumber}/assignments", null, 200, 403, 403),
            // Operations.
            e("GET", "/api/v1/calls/active", null, 200, 200, 200),
            e("GET", "/api/v1/calls", null, 200, 200, 200),
            e("GET", "/api/v1/calls?numberId={bakeryNumber}", null, 200, 200, 200),
            e("GET", "/api/v1/analytics", null, 200, 200, 200),
            e("GET", "/api/v1/analytics?numberId={bakeryNumber}&zone=Europe/Rome", null, 200, 200, 200),
            e("GET", "/api/v1/calls?zone=Mars/Olympus", null, 400, 400, 400),
            // Organizations and the fleet: operators only.
            e("GET", "/api/v1/organizations", null, 200, 403, 403),
            e("GET", "/api/v1/organizations/{pizzeria}", null, 200, 403, 403),
            e("GET", "/api/v1/organizations/{bakery}", null, 200, 403, 403),
            e("POST", "/api/v1/organizations", "{\"slug\":\"gelateria\",\"name\":\"Gelateria\"}", 201, 403, 403),
            e("PUT", "/api/v1/organizations/{bakery}/limit", "{\"maxConcurrentCalls\":1}", 200, 403, 403),
            e("PUT", "/api/v1/organizations/{bakery}/agent-config", "{\"greeting\":\"Hi\"}", 200, 403, 403),
            e("PUT", "/api/v1/organizations/{bakery}/agent-config", "{\"greeting\":1,\"greeting\":2}", 400, 403, 403),
            e("GET", "/api/v1/organizations/{bakery}/users", null, 200, 403, 403),
            e(
                    "POST",
                    "/api/v1/organizations/{bakery}/users",
                    "{\"email\":\"new@bakery.test\",\"role\":\"TENANT_VIEWER\",\"password\":\"long enough\"}",
                    201,
                    403,
                    403),
            e("GET", "/api/v1/fleet", null, 200, 403, 403),
            // A caller's own tokens; nobody revokes another user's token.
            e("GET", "/api/v1/tokens", null, 200, 200, 200),
            e("POST", "/api/v1/tokens", "{\"name\":\"ci\",\"validDays\":30}", 201, 201, 201),
            e("DELETE", "/api/v1/tokens/{bakeryToken}", null, 404, 404, 404));

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (Caller caller : Caller.values()) {
                cases.add(Arguments.of(endpoint, caller));
            }
        }
        return cases.stream();
    }

    @Autowired
    DataSource dataSource;

    @Test
    void theServerConnectsAsTheApplicationLoginWhichRowLevelSecurityBinds() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(
                        "select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user")) {
            assertThat(result.next()).isTrue();
            assertThat(result.getString(1)).isEqualTo(TestDatabase.APP_USER);
            assertThat(result.getBoolean(2)).as("superuser").isFalse();
            assertThat(result.getBoolean(3)).as("bypasses row-level security").isFalse();
        }
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cases")
    void everyEndpointAnswersEachCallerOnlyWhatItMay(Endpoint endpoint, Caller caller) {
        WebFixtures f = seed();
        List<String> everything = state(f, false);
        List<String> bakerys = state(f, true);

        String body = endpoint.body() == null
                ? null
                : endpoint.body()
                        .replace("{pizzeria}", Long.toString(f.pizzeria()))
                        .replace("{bakery}", Long.toString(f.bakery()));
        HttpResponse<String> response =
                Http.plain(baseUrl()).send(endpoint.method(), endpoint.path(f), body, authorization(caller, f));

        assertThat(response.statusCode())
                .as("%s as %s: %s", endpoint, caller, response.body())
                .isEqualTo(endpoint.expected(caller));
        if (response.statusCode() >= 400) {
            assertThat(state(f, false)).as("a refused request changes nothing").isEqualTo(everything);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        }
        if (caller.isTenant()) {
            assertThat(state(f, true)).as("the other tenant's rows").isEqualTo(bakerys);
            assertThat(response.body())
                    .doesNotContain(
                            WebFixtures.BAKERY_NUMBER,
                            WebFixtures.BAKERY_CALLER,
                            "Bakery Bianchi",
                            "baker@bakery.test",
                            WebFixtures.INVENTORY_NUMBER);
        }
    }

    private static Map<String, String> authorization(Caller caller, WebFixtures f) {
        String token = switch (caller) {
            case OPERATOR -> f.operatorToken();
            case TENANT_ADMIN -> f.pizzeriaAdminToken();
            case TENANT_VIEWER -> f.pizzeriaViewerToken();
            case BAD_TOKEN -> "sbt_" + "A".repeat(43);
            case ANONYMOUS -> null;
        };
        return token == null ? Map.of() : Map.of("Authorization", "Bearer " + token);
    }

    /**
     * The rows a request could change, as text: all of them, or only the bakery's. Token use times
     * are left out (every authenticated call sets one).
     */
    private List<String> state(WebFixtures f, boolean bakeryOnly) {
        DSLContext owner = db.owner();
        List<String> rows = new ArrayList<>();
        rows.add(owner.selectFrom(ORGANIZATIONS)
                .where(bakeryOnly ? ORGANIZATIONS.ID.eq(f.bakery()) : ORGANIZATIONS.ID.isNotNull())
                .orderBy(ORGANIZATIONS.ID)
                .fetch()
                .formatCSV());
        rows.add(owner.selectFrom(SIP_NUMBERS)
                .where(bakeryOnly ? SIP_NUMBERS.ORGANIZATION_ID.eq(f.bakery()) : SIP_NUMBERS.ID.isNotNull())
                .orderBy(SIP_NUMBERS.ID)
                .fetch()
                .formatCSV());
        rows.add(owner.selectFrom(NUMBER_ASSIGNMENTS)
                .where(
                        bakeryOnly
                                ? NUMBER_ASSIGNMENTS.SIP_NUMBER_ID.eq(f.bakeryNumber())
                                : NUMBER_ASSIGNMENTS.ID.isNotNull())
                .orderBy(NUMBER_ASSIGNMENTS.ID)
                .fetch()
                .formatCSV());
        rows.add(owner.selectFrom(APP_USERS)
                .where(bakeryOnly ? APP_USERS.ORGANIZATION_ID.eq(f.bakery()) : APP_USERS.ID.isNotNull())
                .orderBy(APP_USERS.ID)
                .fetch()
                .formatCSV());
        rows.add(owner.select(
                        API_TOKENS.ID,
                        API_TOKENS.USER_ID,
                        API_TOKENS.ORGANIZATION_ID,
                        API_TOKENS.NAME,
                        API_TOKENS.EXPIRES_AT,
                        API_TOKENS.REVOKED_AT)
                .from(API_TOKENS)
                .where(bakeryOnly ? API_TOKENS.ORGANIZATION_ID.eq(f.bakery()) : API_TOKENS.ID.isNotNull())
                .orderBy(API_TOKENS.ID)
                .fetch()
                .formatCSV());
        rows.add(owner.selectFrom(CALLS)
                .where(bakeryOnly ? CALLS.ORGANIZATION_ID.eq(f.bakery()) : CALLS.ID.isNotNull())
                .orderBy(CALLS.ID)
                .fetch()
                .formatCSV());
        rows.add(owner.selectFrom(ACTIVE_CALLS)
                .where(bakeryOnly ? ACTIVE_CALLS.ORGANIZATION_ID.eq(f.bakery()) : ACTIVE_CALLS.ID.isNotNull())
                .orderBy(ACTIVE_CALLS.ID)
                .fetch()
                .formatCSV());
        return rows;
    }
}
