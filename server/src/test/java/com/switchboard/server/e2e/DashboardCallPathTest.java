package com.switchboard.server.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.livekit.simulator.CallState;
import com.switchboard.livekit.simulator.Dispatch;
import com.switchboard.livekit.simulator.LiveKitSimulator;
import com.switchboard.livekit.simulator.SimulatedCall;
import com.switchboard.livekit.simulator.SimulatorConfig;
import com.switchboard.livekit.simulator.WebhookFaults;
import com.switchboard.server.ServerTestSupport;
import com.switchboard.server.security.ApiTokens;
import com.switchboard.server.web.Chromium;
import com.switchboard.server.web.WebFixtures;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The dashboard in a headless Chromium against the whole call path: calls placed by the LiveKit
 * simulator, signed webhooks into this server, the control-plane worker, and a real GPU worker (CPU
 * slots) that dispatches the tenant's agent with the merged config as metadata.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(DashboardCallPathTest.GpuFleet.class)
class DashboardCallPathTest {
    private static final Duration WAIT = Chromium.PATIENCE;
    private static final LiveKitSimulator simulator =
            LiveKitSimulator.start(SimulatorConfig.defaults(ServerTestSupport.API_KEY, ServerTestSupport.API_SECRET)
                    .withAgentJoinDelay(Duration.ofMillis(100))
                    .withSeed(7)
                    .withWebhookFaults(WebhookFaults.none()));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Chromium chromium;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServerTestSupport.register(registry);
        registry.add("switchboard.livekit.url", () -> simulator.url().toString());
        registry.add("switchboard.call.hangup-grace", () -> "PT0.5S");
        registry.add("switchboard.web.live-refresh", () -> "PT0.3S");
    }

    @TestConfiguration
    static class GpuFleet {

        @Bean
        GpuHost gpuHost(WorkflowClient client) {
            return new GpuHost(client, simulator.url().toString());
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    ApiTokens apiTokens;

    @BeforeAll
    static void startChromium() {
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() {
        if (chromium != null) {
            chromium.close();
        }
        simulator.close();
    }

    @BeforeEach
    void webhooksToThisServer() {
        simulator.setWebhookUrl(URI.create("http://127.0.0.1:" + port + "/livekit/webhook"));
    }

    @AfterEach
    void logOut() {
        chromium.logOut();
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    @Test
    void aGreetingSavedOnTheDashboardIsWhatTheNextCallsAgentIsDispatchedWith() throws Exception {
        WebFixtures f = WebFixtures.seed(TestDatabase.shared(), apiTokens);
        WebDriver browser = chromium.driver();
        chromium.logIn(baseUrl(), "mario@pizzeria.test");
        browser.get(baseUrl() + "/numbers/" + f.pizzeriaFront());
        WebElement greeting = browser.findElement(By.id("greeting"));
        greeting.clear();
        greeting.sendKeys("Pizzeria da Mario, buonasera!");
        browser.findElement(By.id("save")).click();
        chromium.waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));

        SimulatedCall call = simulator.placeCall(WebFixtures.PIZZERIA_FRONT, "+393331230001");
        simulator.awaitCallState(call.roomName(), CallState.ACTIVE, WAIT);

        List<Dispatch> dispatches = simulator.dispatches(call.roomName());
        assertThat(dispatches).hasSize(1);
        JsonNode metadata = JSON.readTree(dispatches.getFirst().metadata());
        JsonNode config = metadata.path("config");
        assertThat(config.path("greeting").asText()).isEqualTo("Pizzeria da Mario, buonasera!");
        // The keys the number does not override come from the organization.
        assertThat(config.path("language").asText()).isEqualTo("it-IT");
        simulator.hangup(call.roomName());
        simulator.awaitCallState(call.roomName(), CallState.ENDED, WAIT);
    }

    @Test
    void theLiveCountGoesUpWhileASimulatedCallIsInProgressAndDownAfterItsHangup() {
        WebFixtures f = WebFixtures.seed(TestDatabase.shared(), apiTokens);
        WebDriver browser = chromium.driver();
        chromium.logIn(baseUrl(), "mario@pizzeria.test");
        browser.get(baseUrl() + "/numbers");
        By frontCount = By.cssSelector("[data-live-number='" + f.pizzeriaFront() + "']");
        assertThat(browser.findElement(frontCount).getText()).isEqualTo("0");

        SimulatedCall call = simulator.placeCall(WebFixtures.PIZZERIA_FRONT, "+393331230002");
        simulator.awaitCallState(call.roomName(), CallState.ACTIVE, WAIT);

        chromium.waitFor().until(ExpectedConditions.textToBe(frontCount, "1"));
        simulator.hangup(call.roomName());
        chromium.waitFor().until(ExpectedConditions.textToBe(frontCount, "0"));

        browser.get(baseUrl() + "/calls/history");
        chromium.waitFor().until(ExpectedConditions.textToBePresentInElementLocated(By.id("history"), "+393331230002"));
    }
}
