package com.switchboard.server.web;

import static com.switchboard.db.Tables.ORGANIZATIONS;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The operator's organization pages and the tenant's number form, through their HTML forms. */
class OperatorPagesTest extends WebTestBase {

    private static Map<String, String> with(String csrf, String... pairs) {
        Map<String, String> fields = new HashMap<>();
        fields.put("_csrf", csrf);
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    @Test
    void anOrganizationWithAnInvalidConfigIsRefusedWithEveryBadKeyNamed() {
        seed();
        Http ops = Http.withCookies(baseUrl());
        ops.login("ops@switchboard.test", WebFixtures.PASSWORD);
        String csrf =
                Http.csrfToken(ops.get("/operator/organizations", Map.of()).body());

        HttpResponse<String> refused = ops.form(
                "/operator/organizations",
                with(
                        csrf,
                        "slug",
                        "gelateria",
                        "name",
                        "Gelateria <script>alert(1)</script>",
                        "maxConcurrentCalls",
                        "3",
                        "agentConfig",
                        "{\"greeting\": 5, \"voice\": \"bad voice!\", \"colour\": \"red\"}"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body())
                .contains("greeting: must be a string", "voice: may hold only", "colour: is not a known key")
                .contains("Gelateria &lt;script&gt;")
                .doesNotContain("<script>alert(1)</script>");
        assertThat(db.owner().fetchCount(ORGANIZATIONS, ORGANIZATIONS.SLUG.eq("gelateria")))
                .isZero();
    }

    @Test
    void theOperatorCreatesAnOrganizationAndALoginForIt() {
        seed();
        Http ops = Http.withCookies(baseUrl());
        ops.login("ops@switchboard.test", WebFixtures.PASSWORD);
        String csrf =
                Http.csrfToken(ops.get("/operator/organizations", Map.of()).body());

        HttpResponse<String> created = ops.form(
                "/operator/organizations",
                with(
                        csrf,
                        "slug",
                        "gelateria",
                        "name",
                        "Gelateria",
                        "maxConcurrentCalls",
                        "3",
                        "agentConfig",
                        "{\"greeting\": \"Gelato!\", \"language\": \"it-it\"}"));
        assertThat(created.statusCode()).isEqualTo(302);
        String page = created.headers().firstValue("Location").orElseThrow();
        String path = page.substring(page.indexOf("/operator/organizations/"));

        HttpResponse<String> detail = ops.get(path, Map.of());
        assertThat(detail.body()).contains("Created Gelateria.", "&quot;language&quot;:&quot;it-IT&quot;");
        HttpResponse<String> added = ops.form(
                path + "/users",
                with(
                        Http.csrfToken(detail.body()),
                        "email",
                        "gina@gelateria.test",
                        "displayName",
                        "Gina",
                        "role",
                        "TENANT_ADMIN",
                        "password",
                        "gelato all day"));
        assertThat(added.statusCode()).isEqualTo(302);

        Http gina = Http.withCookies(baseUrl());
        assertThat(gina.login("gina@gelateria.test", "gelato all day").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).doesNotContain("error"));
        assertThat(gina.get("/numbers", Map.of()).body()).contains("No numbers yet");
    }

    @Test
    void aShortPasswordIsRefusedNextToItsField() {
        WebFixtures f = seed();
        Http ops = Http.withCookies(baseUrl());
        ops.login("ops@switchboard.test", WebFixtures.PASSWORD);
        String path = "/operator/organizations/" + f.pizzeria();
        String csrf = Http.csrfToken(ops.get(path, Map.of()).body());

        HttpResponse<String> refused = ops.form(
                path + "/users",
                with(csrf, "email", "new@pizzeria.test", "role", "TENANT_VIEWER", "password", "short"));

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("password: must be at least 8 characters");
    }

    @Test
    void aViewersFormPostIsForbiddenAndChangesNothing() {
        WebFixtures f = seed();
        Http luigi = Http.withCookies(baseUrl());
        luigi.login("luigi@pizzeria.test", WebFixtures.PASSWORD);
        String path = "/numbers/" + f.pizzeriaFront();
        String csrf = Http.csrfToken(luigi.get(path, Map.of()).body());

        HttpResponse<String> refused = luigi.form(path, with(csrf, "label", "viewer was here", "active", "false"));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(luigi.get(path, Map.of()).body()).contains("front desk").doesNotContain("viewer was here");
    }

    @Test
    void aTenantAdminCannotPostToAnotherTenantsNumber() {
        WebFixtures f = seed();
        Http mario = Http.withCookies(baseUrl());
        mario.login("mario@pizzeria.test", WebFixtures.PASSWORD);
        String csrf = Http.csrfToken(
                mario.get("/numbers/" + f.pizzeriaFront(), Map.of()).body());

        HttpResponse<String> refused = mario.form(
                "/numbers/" + f.bakeryNumber(), with(csrf, "label", "stolen", "greeting", "Mine", "active", "true"));

        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(db.owner()
                        .fetch("select label from sip_numbers where id = " + f.bakeryNumber())
                        .formatCSV())
                .contains("bakery line");
    }

    @Test
    void theApiDocumentationPageIsServed() {
        HttpResponse<String> page = Http.plain(baseUrl()).get("/swagger-ui/index.html", Map.of());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }
}
