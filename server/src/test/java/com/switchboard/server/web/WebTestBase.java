package com.switchboard.server.web;

import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.server.ServerTestSupport;
import com.switchboard.server.security.ApiTokens;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The running server (random port, the shared embedded PostgreSQL, Temporal's in-process test
 * service) for dashboard and API tests. Every subclass shares one application context; each test
 * starts from {@link WebFixtures#seed}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class WebTestBase {
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestSupport.register(registry);
        // The application pool must log in as the application login: the owner's URL carries
        // user=postgres, which would win over switchboard.db.app-user and bypass row-level security.
        registry.add("switchboard.db.url", () -> TestDatabase.shared().appJdbcUrl());
        registry.add("switchboard.web.zone", () -> "Europe/Rome");
        registry.add("switchboard.web.live-refresh", () -> "PT0.3S");
        registry.add("switchboard.fleet.workers", FakeGpuWorker::statusUrls);
        registry.add("switchboard.fleet.timeout", () -> "PT1S");
    }

    @LocalServerPort
    protected int port;

    @Autowired
    protected ApiTokens apiTokens;

    protected final TestDatabase db = TestDatabase.shared();

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    protected WebFixtures seed() {
        return WebFixtures.seed(db, apiTokens);
    }
}
