package com.switchboard.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Logins, sessions, CSRF and token life cycle, seen from outside over HTTP. */
class SessionAndTokenTest extends WebTestBase {
    @Autowired
    ObjectMapper json;

    @Test
    void aLoginWithTheRightPasswordOpensASessionTheApiAccepts() throws Exception {
        seed();
        Http browser = Http.withCookies(baseUrl());

        HttpResponse<String> login = browser.login("Mario@Pizzeria.test", WebFixtures.PASSWORD);

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/"));
        JsonNode me = json.readTree(browser.get("/api/v1/me", Map.of()).body());
        assertThat(me.get("email").asText()).isEqualTo("mario@pizzeria.test");
        assertThat(me.get("role").asText()).isEqualTo("TENANT_ADMIN");
    }

    @Test
    void aWrongPasswordIsSentBackToTheLoginPage() {
        seed();
        Http browser = Http.withCookies(baseUrl());

        HttpResponse<String> login = browser.login("mario@pizzeria.test", "not the password");

        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(browser.get("/api/v1/me", Map.of()).statusCode()).isEqualTo(401);
    }

    @Test
    void aSessionChangesNothingWithoutItsCsrfToken() {
        WebFixtures f = seed();
        Http browser = Http.withCookies(baseUrl());
        browser.login("mario@pizzeria.test", WebFixtures.PASSWORD);
        String path = "/api/v1/numbers/" + f.pizzeriaFront();

        HttpResponse<String> forged = browser.send("PATCH", path, "{\"label\":\"forged\"}", Map.of());
        String csrf = Http.csrfToken(
                browser.get("/numbers/" + f.pizzeriaFront(), Map.of()).body());
        HttpResponse<String> genuine =
                browser.send("PATCH", path, "{\"label\":\"genuine\"}", Map.of("X-CSRF-TOKEN", csrf));

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(genuine.statusCode()).isEqualTo(200);
        assertThat(genuine.body()).contains("\"label\":\"genuine\"");
    }

    @Test
    void aFormPostWithoutCsrfTokenIsRefused() {
        WebFixtures f = seed();
        Http browser = Http.withCookies(baseUrl());
        browser.login("mario@pizzeria.test", WebFixtures.PASSWORD);

        HttpResponse<String> forged =
                browser.form("/numbers/" + f.pizzeriaFront(), Map.of("label", "forged", "active", "true"));

        assertThat(forged.statusCode()).isEqualTo(403);
    }

    @Test
    void aRevokedOrExpiredTokenIsUnauthorized() {
        WebFixtures f = seed();
        var revoked = apiTokens.create(f.pizzeriaAdmin().id(), "old laptop", null);
        apiTokens.revoke(f.pizzeriaAdmin().id(), revoked.token().id());
        String expired = apiTokens
                .create(f.pizzeriaAdmin().id(), "expired", java.time.Duration.ofMillis(1))
                .secret();
        Http api = Http.plain(baseUrl());

        assertThat(api.get("/api/v1/me", Map.of("Authorization", "Bearer " + revoked.secret()))
                        .statusCode())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/me", Map.of("Authorization", "Bearer " + expired))
                        .statusCode())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/me", Map.of("Authorization", "Bearer " + f.pizzeriaAdminToken()))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aTokenIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
        WebFixtures f = seed();
        Http api = Http.plain(baseUrl());
        Map<String, String> viewer = Map.of("Authorization", "Bearer " + f.pizzeriaViewerToken());

        JsonNode created = json.readTree(api.send("POST", "/api/v1/tokens", "{\"name\":\"dashboard tv\"}", viewer)
                .body());
        String secret = created.get("secret").asText();
        String listed = api.get("/api/v1/tokens", viewer).body();

        assertThat(secret).startsWith("sbt_").hasSize(47);
        assertThat(listed).contains("dashboard tv").doesNotContain(secret);
        assertThat(db.owner().fetch("select token_hash::text from api_tokens").formatCSV())
                .doesNotContain(secret.substring(4));
        assertThat(api.get("/api/v1/me", Map.of("Authorization", "Bearer " + secret))
                        .body())
                .contains("luigi@pizzeria.test");
    }

    @Test
    void anonymousPagesGoToTheLoginPageAndTheApiSays401() {
        Http anonymous = Http.plain(baseUrl());

        HttpResponse<String> page = anonymous.get("/numbers", Map.of());
        HttpResponse<String> api = anonymous.get("/api/v1/numbers", Map.of());

        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(api.statusCode()).isEqualTo(401);
        assertThat(api.headers().firstValue("WWW-Authenticate")).contains("Bearer");
    }

    @Test
    void theOpenApiDocumentDescribesTheApiAndItsBearerTokens() throws Exception {
        HttpResponse<String> response = Http.plain(baseUrl()).get("/v3/api-docs", Map.of());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = json.readTree(response.body());
        assertThat(document.get("openapi").asText()).startsWith("3.");
        assertThat(document.get("paths").fieldNames())
                .toIterable()
                .contains(
                        "/api/v1/numbers",
                        "/api/v1/numbers/{id}",
                        "/api/v1/numbers/{id}/organization",
                        "/api/v1/calls",
                        "/api/v1/calls/active",
                        "/api/v1/analytics",
                        "/api/v1/organizations",
                        "/api/v1/fleet",
                        "/api/v1/tokens")
                .allSatisfy(path -> assertThat(path).startsWith("/api/"));
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asText())
                .isEqualTo("bearer");
    }

    @Test
    void analyticsOverTheApiCutDaysInTheZoneAsked() throws Exception {
        WebFixtures f = seed();
        // 23:30 UTC on 29 March is already 30 March in Rome (UTC+1 that night).
        f.endedCall(
                db.database(),
                f.pizzeria(),
                f.pizzeriaFront(),
                WebFixtures.PIZZERIA_FRONT,
                "+393330000009",
                Instant.parse("2025-03-29T23:30:00Z"));
        Map<String, String> mario = Map.of("Authorization", "Bearer " + f.pizzeriaAdminToken());
        Http api = Http.plain(baseUrl());

        JsonNode rome = json.readTree(api.get("/api/v1/analytics?from=2025-03-29&to=2025-03-30&zone=Europe/Rome", mario)
                .body());
        JsonNode utc = json.readTree(api.get("/api/v1/analytics?from=2025-03-29&to=2025-03-30&zone=UTC", mario)
                .body());

        assertThat(rome.at("/perDay/0/calls").asLong()).isZero();
        assertThat(rome.at("/perDay/1/calls").asLong()).isEqualTo(1);
        assertThat(rome.at("/range/zone").asText()).isEqualTo("Europe/Rome");
        assertThat(utc.at("/perDay/0/calls").asLong()).isEqualTo(1);
        assertThat(utc.get("averageDurationSeconds").asDouble()).isEqualTo(120.0);
    }
}
