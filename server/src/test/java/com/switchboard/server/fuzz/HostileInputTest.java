package com.switchboard.server.fuzz;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.API_TOKENS;
import static com.switchboard.db.Tables.APP_USERS;
import static com.switchboard.db.Tables.CALLS;
import static com.switchboard.db.Tables.NUMBER_ASSIGNMENTS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.switchboard.server.web.Http;
import com.switchboard.server.web.WebFixtures;
import com.switchboard.server.web.WebTestBase;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hostile values in every writable field of the API and of the main form pages: SQL, HTML and
 * script, NUL and control characters, 100 KB strings, and non-numbers where numbers belong. A value
 * the platform refuses gets a 400 that names the field and changes no row; a value it may accept
 * (SQL or markup in a label or a greeting is just text) is stored verbatim and shown escaped.
 */
class HostileInputTest extends WebTestBase {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String SQL = "'; drop table sip_numbers; --";
    static final String SQL_OR = "1 OR 1=1";
    static final String SCRIPT = "<script>alert(1)</script>";
    static final String IMG = "\"><img src=x onerror=alert(1)>";
    static final String NUL = "front\u0000desk";
    static final String BELL = "ring\u0007ring";
    static final String ESCAPE = "\u001b[31mred";
    static final String HUGE = "x".repeat(100 * 1024);

    /** Text that is never a valid value anywhere it is refused below. */
    static final List<String> UNPRINTABLE = List.of(NUL, BELL, ESCAPE, HUGE);
    /** Text that is never a phone number, slug, e-mail address or language tag. */
    static final List<String> NOT_AN_IDENTIFIER = List.of(SQL, SQL_OR, SCRIPT, IMG, NUL, HUGE);
    /** Raw JSON values where a whole number belongs. */
    static final List<String> NOT_A_COUNT =
            List.of("\"abc\"", "1e999", "-1", "99999999999999999999", "\"1 OR 1=1\"", "1.5", "true", "[]", "{}");
    /** Raw JSON values where an id belongs (-1 is a well-formed id of nothing). */
    static final List<String> NOT_AN_ID =
            List.of("\"abc\"", "1e999", "-1", "99999999999999999999", "\"1 OR 1=1\"", "1.5", "[]", "{}");
    /** Form values where a whole number belongs. */
    static final List<String> NOT_A_FORM_COUNT = List.of("abc", "1e999", "-1", "99999999999999999999", "1 OR 1=1");

    enum Who {
        OPERATOR,
        TENANT_ADMIN
    }

    /** One refused API request: the field the 400 must name. */
    record Refused(Who who, String method, String path, String body, String field) {
        @Override
        public String toString() {
            String shown = body == null ? "" : body.length() > 80 ? body.substring(0, 80) + "…" : body;
            return method + " " + path + " " + shown.replace("\u0000", "\\0").replace("\u001b", "\\e");
        }
    }

    static String json(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        try {
            return JSON.writeValueAsString(object);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Refused> refusedApiRequests() {
        List<Refused> cases = new ArrayList<>();
        String front = "/api/v1/numbers/{front}";
        for (String text : UNPRINTABLE) {
            cases.add(new Refused(Who.TENANT_ADMIN, "PATCH", front, json("label", text), "label"));
            // 100 KB is refused whole, before any key is read: the field is the config document, "$".
            String configField = HUGE.equals(text) ? "$" : "greeting";
            cases.add(new Refused(
                    Who.TENANT_ADMIN, "PATCH", front, json("configOverride", Map.of("greeting", text)), configField));
            cases.add(new Refused(
                    Who.OPERATOR,
                    "POST",
                    "/api/v1/numbers",
                    json("numbers", List.of("+390550000077"), "label", text),
                    "label"));
            cases.add(new Refused(
                    Who.OPERATOR, "POST", "/api/v1/organizations", json("slug", "gelateria", "name", text), "name"));
            cases.add(new Refused(
                    Who.OPERATOR,
                    "PUT",
                    "/api/v1/organizations/{bakery}/agent-config",
                    json("greeting", text),
                    configField));
            cases.add(new Refused(
                    Who.OPERATOR,
                    "POST",
                    "/api/v1/organizations",
                    json("slug", "gelateria", "name", "Gelateria", "agentConfig", Map.of("greeting", text)),
                    configField));
            cases.add(new Refused(Who.TENANT_ADMIN, "POST", "/api/v1/tokens", json("name", text), "name"));
        }
        // A system prompt may hold line breaks, not other control characters, and not 100 KB.
        for (String text : List.of(NUL, ESCAPE, HUGE)) {
            cases.add(new Refused(
                    Who.TENANT_ADMIN,
                    "PATCH",
                    front,
                    json("configOverride", Map.of("systemPrompt", text)),
                    HUGE.equals(text) ? "$" : "systemPrompt"));
        }
        for (String text : NOT_AN_IDENTIFIER) {
            cases.add(new Refused(
                    Who.TENANT_ADMIN,
                    "PATCH",
                    front,
                    json("configOverride", Map.of("language", text)),
                    HUGE.equals(text) ? "$" : "language"));
            cases.add(new Refused(Who.OPERATOR, "POST", "/api/v1/numbers", json("numbers", List.of(text)), "numbers"));
            cases.add(new Refused(
                    Who.OPERATOR, "POST", "/api/v1/organizations", json("slug", text, "name", "Gelateria"), "slug"));
            cases.add(new Refused(
                    Who.OPERATOR,
                    "POST",
                    "/api/v1/organizations/{bakery}/users",
                    json("email", text, "role", "TENANT_VIEWER", "password", "long enough"),
                    "email"));
        }
        // Not JSON at all, or not an object, where a whole agent config belongs.
        for (String body : List.of(SQL, "\"" + SCRIPT + "\"", "[1,2]", "1e999", "{\"greeting\":", HUGE)) {
            cases.add(new Refused(Who.OPERATOR, "PUT", "/api/v1/organizations/{bakery}/agent-config", body, "$"));
        }
        for (String value : NOT_A_COUNT) {
            cases.add(new Refused(
                    Who.OPERATOR,
                    "PUT",
                    "/api/v1/numbers/{front}/limit",
                    "{\"maxConcurrentCalls\":" + value + "}",
                    "maxConcurrentCalls"));
            cases.add(new Refused(
                    Who.OPERATOR,
                    "PUT",
                    "/api/v1/organizations/{bakery}/limit",
                    "{\"maxConcurrentCalls\":" + value + "}",
                    "maxConcurrentCalls"));
            cases.add(new Refused(
                    Who.OPERATOR,
                    "POST",
                    "/api/v1/numbers",
                    "{\"numbers\":[\"+390550000077\"],\"maxConcurrentCalls\":" + value + "}",
                    "maxConcurrentCalls"));
            cases.add(new Refused(
                    Who.OPERATOR,
                    "POST",
                    "/api/v1/organizations",
                    "{\"slug\":\"gelateria\",\"name\":\"Gelateria\",\"maxConcurrentCalls\":" + value + "}",
                    "maxConcurrentCalls"));
            cases.add(new Refused(
                    Who.TENANT_ADMIN,
                    "PATCH",
                    front,
                    "{\"configOverride\":{\"maxCallSeconds\":" + value + "}}",
                    "maxCallSeconds"));
            if (!"-1".equals(value)) { // validDays <= 0 is documented: a token that does not expire
                cases.add(new Refused(
                        Who.TENANT_ADMIN,
                        "POST",
                        "/api/v1/tokens",
                        "{\"name\":\"ci\",\"validDays\":" + value + "}",
                        "validDays"));
            }
        }
        cases.add(new Refused(
                Who.TENANT_ADMIN, "POST", "/api/v1/tokens", "{\"name\":\"ci\",\"validDays\":2147483647}", "validDays"));
        for (String value : NOT_AN_ID) {
            cases.add(new Refused(
                    Who.OPERATOR,
                    "PUT",
                    "/api/v1/numbers/{bakeryNumber}/organization",
                    "{\"organizationId\":" + value + "}",
                    "organizationId"));
            cases.add(new Refused(
                    Who.OPERATOR,
                    "POST",
                    "/api/v1/numbers",
                    "{\"numbers\":[\"+390550000077\"],\"organizationId\":" + value + "}",
                    "organizationId"));
        }
        for (String value : List.of("\"abc\"", "1", "\"yes\"", "1e999", "[]", "{}")) {
            cases.add(new Refused(Who.TENANT_ADMIN, "PATCH", front, "{\"active\":" + value + "}", "active"));
        }
        for (String value : List.of("\"" + SCRIPT + "\"", "[]", "1", "\"x\"")) {
            cases.add(new Refused(Who.TENANT_ADMIN, "PATCH", front, "{\"configOverride\":" + value + "}", "$"));
        }
        cases.add(new Refused(
                Who.OPERATOR,
                "POST",
                "/api/v1/organizations/{bakery}/users",
                json("email", "new@bakery.test", "role", SQL, "password", "long enough"),
                "role"));
        // Ids and query parameters that are not numbers, dates or zones.
        for (String id : List.of("abc", "1e999", "99999999999999999999", "1%20OR%201=1", "%3Cscript%3E")) {
            cases.add(new Refused(Who.OPERATOR, "PATCH", "/api/v1/numbers/" + id, json("label", "x"), "id"));
            cases.add(new Refused(
                    Who.OPERATOR, "PUT", "/api/v1/organizations/" + id + "/limit", "{\"maxConcurrentCalls\":1}", "id"));
            cases.add(new Refused(Who.TENANT_ADMIN, "DELETE", "/api/v1/tokens/" + id, null, "id"));
            cases.add(new Refused(Who.OPERATOR, "GET", "/api/v1/calls?numberId=" + id, null, "numberId"));
            cases.add(new Refused(Who.OPERATOR, "GET", "/api/v1/calls?page=" + id, null, "page"));
            cases.add(new Refused(Who.OPERATOR, "GET", "/api/v1/calls?size=" + id, null, "size"));
            cases.add(new Refused(Who.OPERATOR, "GET", "/api/v1/calls?from=" + id, null, "from"));
            cases.add(new Refused(Who.OPERATOR, "GET", "/api/v1/analytics?to=" + id, null, "to"));
            cases.add(new Refused(Who.OPERATOR, "GET", "/api/v1/analytics?zone=" + id, null, "zone"));
        }
        for (String value : List.of("-1", "0", "100000000")) {
            cases.add(new Refused(Who.OPERATOR, "GET", "/api/v1/calls?size=" + value, null, "size"));
        }
        cases.add(new Refused(Who.OPERATOR, "GET", "/api/v1/calls?page=-1", null, "page"));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedApiRequests")
    void aHostileApiValueIsA400NamingTheFieldAndChangesNothing(Refused request) {
        WebFixtures f = seed();
        List<String> before = state();

        HttpResponse<String> response = Http.plain(baseUrl())
                .send(request.method(), path(request.path(), f), body(request.body(), f), bearer(request.who(), f));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).as("names the field").contains(request.field());
        assertThat(response.body().length()).as("does not echo a huge value").isLessThan(4096);
        assertThat(state()).as("a refused request changes nothing").isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {SQL, SQL_OR, SCRIPT, IMG, "&lt;script&gt; 'quoted' \"double\" \\ back\\slash"})
    void markupAndSqlInALabelOrGreetingAreStoredVerbatimAndShownEscaped(String text) throws Exception {
        WebFixtures f = seed();
        HttpResponse<String> response = Http.plain(baseUrl())
                .send(
                        "PATCH",
                        "/api/v1/numbers/" + f.pizzeriaFront(),
                        json("label", text, "configOverride", Map.of("greeting", text)),
                        bearer(Who.TENANT_ADMIN, f));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("label").asText()).isEqualTo(text);
        assertThat(db.owner()
                        .select(SIP_NUMBERS.LABEL)
                        .from(SIP_NUMBERS)
                        .where(SIP_NUMBERS.ID.eq(f.pizzeriaFront()))
                        .fetchSingle()
                        .value1())
                .isEqualTo(text);
        assertThat(db.owner().fetchCount(SIP_NUMBERS))
                .as("the table is still there")
                .isEqualTo(4);

        Http tenant = Http.withCookies(baseUrl());
        tenant.login(f.pizzeriaAdmin().email(), WebFixtures.PASSWORD);
        Http operator = Http.withCookies(baseUrl());
        operator.login(f.operator().email(), WebFixtures.PASSWORD);
        for (HttpResponse<String> page : List.of(
                tenant.get("/numbers", Map.of()),
                tenant.get("/numbers/" + f.pizzeriaFront(), Map.of()),
                operator.get("/operator/numbers", Map.of()),
                operator.get("/operator/numbers/" + f.pizzeriaFront(), Map.of()))) {
            assertThat(page.statusCode()).as(page.uri().toString()).isEqualTo(200);
            assertThat(page.body()).as(page.uri().toString()).doesNotContain(SCRIPT, "<img src=x");
            // The operator's number page does not show the label at all.
            if (text.equals(SCRIPT) && !page.uri().getPath().startsWith("/operator/numbers/")) {
                assertThat(page.body()).as(page.uri().toString()).contains("&lt;script&gt;alert(1)&lt;/script&gt;");
            }
        }
    }

    /** One refused form post; the page answers 400 and shows what was wrong. */
    record RefusedForm(Who who, String path, Map<String, String> fields, String field) {
        @Override
        public String toString() {
            StringBuilder shown = new StringBuilder("POST " + path);
            fields.forEach((k, v) -> shown.append(' ')
                    .append(k)
                    .append('=')
                    .append((v.length() > 40 ? v.substring(0, 40) + "…" : v)
                            .replace("\u0000", "\\0")
                            .replace("\u001b", "\\e")));
            return shown.toString();
        }
    }

    static Map<String, String> numberForm(String key, String value) {
        Map<String, String> fields = new LinkedHashMap<>(
                Map.of("label", "front desk", "greeting", "", "language", "", "systemPrompt", "", "active", "true"));
        fields.put(key, value);
        return fields;
    }

    static Map<String, String> addForm(String key, String value) {
        Map<String, String> fields =
                new LinkedHashMap<>(Map.of("numbers", "+390550000077", "label", "", "maxConcurrentCalls", "1"));
        fields.put(key, value);
        return fields;
    }

    static Stream<RefusedForm> refusedFormPosts() {
        List<RefusedForm> cases = new ArrayList<>();
        for (String text : UNPRINTABLE) {
            cases.add(new RefusedForm(Who.TENANT_ADMIN, "/numbers/{front}", numberForm("label", text), "label"));
            cases.add(new RefusedForm(Who.TENANT_ADMIN, "/numbers/{front}", numberForm("greeting", text), "greeting"));
            cases.add(new RefusedForm(Who.OPERATOR, "/operator/numbers", addForm("label", text), "label"));
        }
        for (String text : List.of(NUL, ESCAPE, HUGE)) {
            cases.add(new RefusedForm(
                    Who.TENANT_ADMIN, "/numbers/{front}", numberForm("systemPrompt", text), "systemPrompt"));
        }
        for (String text : NOT_AN_IDENTIFIER) {
            cases.add(new RefusedForm(Who.TENANT_ADMIN, "/numbers/{front}", numberForm("language", text), "language"));
            cases.add(new RefusedForm(Who.OPERATOR, "/operator/numbers", addForm("numbers", text), "numbers"));
        }
        for (String value : NOT_A_FORM_COUNT) {
            cases.add(new RefusedForm(
                    Who.OPERATOR, "/operator/numbers", addForm("maxConcurrentCalls", value), "maxConcurrentCalls"));
            cases.add(new RefusedForm(
                    Who.OPERATOR, "/operator/numbers", addForm("organizationId", value), "organizationId"));
        }
        for (String value : List.of("abc", "2", "1 OR 1=1")) {
            cases.add(new RefusedForm(Who.TENANT_ADMIN, "/numbers/{front}", numberForm("active", value), "active"));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedFormPosts")
    void aHostileFormValueIsA400PageAndChangesNothing(RefusedForm post) {
        WebFixtures f = seed();
        Http browser = Http.withCookies(baseUrl());
        browser.login(
                post.who() == Who.OPERATOR
                        ? f.operator().email()
                        : f.pizzeriaAdmin().email(),
                WebFixtures.PASSWORD);
        String path = path(post.path(), f);
        String formPage = path.startsWith("/numbers/") ? path : "/operator/numbers";
        String csrf = Http.csrfToken(browser.get(formPage, Map.of()).body());
        List<String> before = state();

        Map<String, String> fields = new LinkedHashMap<>(post.fields());
        fields.put("_csrf", csrf);
        HttpResponse<String> response = browser.form(path, fields);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).as("names the field").contains(post.field());
        assertThat(response.body()).doesNotContain(SCRIPT, "<img src=x");
        assertThat(state()).as("a refused form changes nothing").isEqualTo(before);
    }

    private static String path(String path, WebFixtures f) {
        return path.replace("{front}", Long.toString(f.pizzeriaFront()))
                .replace("{bakeryNumber}", Long.toString(f.bakeryNumber()))
                .replace("{bakery}", Long.toString(f.bakery()));
    }

    private static String body(String body, WebFixtures f) {
        return body == null ? null : body.replace("{pizzeria}", Long.toString(f.pizzeria()));
    }

    private static Map<String, String> bearer(Who who, WebFixtures f) {
        return Map.of("Authorization", "Bearer " + (who == Who.OPERATOR ? f.operatorToken() : f.pizzeriaAdminToken()));
    }

    /** Every row a request could change, as text (token use times and logins' last-seen times left out). */
    private List<String> state() {
        DSLContext owner = db.owner();
        List<String> rows = new ArrayList<>();
        rows.add(owner.selectFrom(ORGANIZATIONS)
                .orderBy(ORGANIZATIONS.ID)
                .fetch()
                .formatCSV());
        rows.add(owner.selectFrom(SIP_NUMBERS).orderBy(SIP_NUMBERS.ID).fetch().formatCSV());
        rows.add(owner.selectFrom(NUMBER_ASSIGNMENTS)
                .orderBy(NUMBER_ASSIGNMENTS.ID)
                .fetch()
                .formatCSV());
        rows.add(owner.select(APP_USERS.ID, APP_USERS.EMAIL, APP_USERS.ROLE, APP_USERS.ORGANIZATION_ID)
                .from(APP_USERS)
                .orderBy(APP_USERS.ID)
                .fetch()
                .formatCSV());
        rows.add(owner.select(API_TOKENS.ID, API_TOKENS.NAME, API_TOKENS.EXPIRES_AT, API_TOKENS.REVOKED_AT)
                .from(API_TOKENS)
                .orderBy(API_TOKENS.ID)
                .fetch()
                .formatCSV());
        rows.add(owner.selectFrom(CALLS).orderBy(CALLS.ID).fetch().formatCSV());
        rows.add(owner.selectFrom(ACTIVE_CALLS).orderBy(ACTIVE_CALLS.ID).fetch().formatCSV());
        return rows;
    }
}
