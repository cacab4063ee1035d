package com.switchboard.server.web;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.NUMBER_ASSIGNMENTS;
import static com.switchboard.db.Tables.SIP_NUMBERS;
import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.activities.route.PhoneNumbers;
import com.switchboard.activities.route.RoutingRepository;
import com.switchboard.workflows.route.Route;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver), driven by
 * Selenium. Without Chromium it fails under CI=true and is skipped elsewhere ({@link Chromium#start}).
 */
class DashboardBrowserTest extends WebTestBase {
    private static Chromium chromium;
    private static WebDriver browser;

    @BeforeAll
    static void startChromium() {
        chromium = Chromium.start();
        browser = chromium.driver();
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @AfterEach
    void logOut() {
        chromium.logOut();
    }

    private void logIn(String email) {
        chromium.logIn(baseUrl(), email);
    }

    private void open(String path) {
        browser.get(baseUrl() + path);
    }

    private WebDriverWait waitFor() {
        return chromium.waitFor();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    /** The status the server answers the browser's session for {@code path} (Selenium cannot see it). */
    private int statusOf(String path) {
        String session = browser.manage().getCookieNamed("JSESSIONID").getValue();
        HttpResponse<String> response =
                Http.plain(baseUrl()).get(path, Map.of("Cookie", "JSESSIONID=" + session, "Accept", "text/html"));
        return response.statusCode();
    }

    @Test
    void aTenantChangesANumbersGreetingAndSeesItSaved() {
        WebFixtures f = seed();
        logIn("mario@pizzeria.test");
        browser.findElement(By.linkText(WebFixtures.PIZZERIA_FRONT)).click();

        WebElement greeting = waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("greeting")));
        assertThat(greeting.getAttribute("placeholder")).isEqualTo("Benvenuti da Mario");
        greeting.clear();
        greeting.sendKeys("Pronto, pizzeria da Mario! <b>Ciao</b>");
        browser.findElement(By.id("save")).click();

        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("saved")));
        assertThat(browser.findElement(By.id("greeting")).getAttribute("value"))
                .isEqualTo("Pronto, pizzeria da Mario! <b>Ciao</b>");
        // Escaped, never markup.
        assertThat(browser.findElements(By.cssSelector("#number-form b"))).isEmpty();
        // Routing reads it for the next call to the number.
        Route route = new RoutingRepository(db.database(), new PhoneNumbers("IT")).route(WebFixtures.PIZZERIA_FRONT);
        assertThat(route).isInstanceOfSatisfying(Route.Routed.class, routed -> {
            assertThat(routed.numberId()).isEqualTo(f.pizzeriaFront());
            assertThat(routed.config().greeting()).isEqualTo("Pronto, pizzeria da Mario! <b>Ciao</b>");
            assertThat(routed.config().language()).isEqualTo("it-IT");
        });
    }

    @Test
    void invalidInputIsShownNextToItsFieldAndNothingIsSaved() {
        WebFixtures f = seed();
        logIn("mario@pizzeria.test");
        open("/numbers/" + f.pizzeriaFront());

        WebElement language = browser.findElement(By.id("language"));
        language.clear();
        language.sendKeys("Italian please");
        WebElement label = browser.findElement(By.id("label"));
        label.clear();
        label.sendKeys("x".repeat(101));
        browser.findElement(By.id("save")).click();

        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("language-error")));
        assertThat(text("language-error")).contains("BCP 47");
        // The browser stops at maxlength; the server's own check is the one for the API.
        assertThat(browser.findElement(By.id("language")).getAttribute("value")).isEqualTo("Italian please");
        assertThat(db.owner()
                        .select(SIP_NUMBERS.CONFIG_OVERRIDE)
                        .from(SIP_NUMBERS)
                        .where(SIP_NUMBERS.ID.eq(f.pizzeriaFront()))
                        .fetchSingle(SIP_NUMBERS.CONFIG_OVERRIDE)
                        .data())
                .isEqualTo("{}");
    }

    @Test
    void theLiveCountGoesUpWhileACallIsInProgressAndDownWhenItEnds() {
        WebFixtures f = seed();
        logIn("mario@pizzeria.test");
        open("/numbers");
        By frontCount = By.cssSelector("[data-live-number='" + f.pizzeriaFront() + "']");
        assertThat(browser.findElement(frontCount).getText()).isEqualTo("0");

        long call =
                f.liveCall(db.database(), f.pizzeria(), f.pizzeriaFront(), WebFixtures.PIZZERIA_FRONT, "+393331112223");

        waitFor().until(ExpectedConditions.textToBe(frontCount, "1"));
        open("/calls");
        waitFor().until(ExpectedConditions.textToBe(By.id("live-total"), "1"));
        assertThat(browser.findElement(By.id("live-calls")).getText())
                .contains("+393331112223", "front desk")
                .doesNotContain(WebFixtures.BAKERY_CALLER);

        db.owner().deleteFrom(ACTIVE_CALLS).where(ACTIVE_CALLS.CALL_ID.eq(call)).execute();

        waitFor().until(ExpectedConditions.textToBe(By.id("live-total"), "0"));
    }

    @Test
    void theOperatorReassignsANumber() {
        WebFixtures f = seed();
        logIn("ops@switchboard.test");
        assertThat(browser.getCurrentUrl()).endsWith("/operator/numbers");
        browser.findElement(By.linkText(WebFixtures.PIZZERIA_FRONT)).click();

        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("assign-organization")));
        new Select(browser.findElement(By.id("assign-organization"))).selectByVisibleText("Bakery Bianchi");
        browser.findElement(By.id("assign")).click();

        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("message")));
        assertThat(text("message")).isEqualTo("Assigned +390550000001 to Bakery Bianchi.");
        assertThat(text("organization")).isEqualTo("Bakery Bianchi");
        List<WebElement> history = browser.findElements(By.cssSelector("#assignment-history tbody tr"));
        assertThat(history.getLast().getText()).contains("reassign", "Pizzeria da Mario", "Bakery Bianchi");
        assertThat(db.owner()
                        .select(NUMBER_ASSIGNMENTS.ACTION, NUMBER_ASSIGNMENTS.ACTOR)
                        .from(NUMBER_ASSIGNMENTS)
                        .where(NUMBER_ASSIGNMENTS.SIP_NUMBER_ID.eq(f.pizzeriaFront()))
                        .orderBy(NUMBER_ASSIGNMENTS.ID.desc())
                        .limit(1)
                        .fetchSingle()
                        .intoList())
                .containsExactly("reassign", "ops@switchboard.test");
        Route route = new RoutingRepository(db.database(), new PhoneNumbers("IT")).route(WebFixtures.PIZZERIA_FRONT);
        assertThat(route).isInstanceOfSatisfying(Route.Routed.class, routed -> {
            assertThat(routed.organizationId()).isEqualTo(f.bakery());
            assertThat(routed.config().greeting()).isEqualTo("Forno!");
        });
    }

    @Test
    void aTenantCannotOpenAnotherTenantsNumberNorAnyOperatorPage() {
        WebFixtures f = seed();
        logIn("mario@pizzeria.test");

        open("/numbers/" + f.bakeryNumber());
        assertThat(text("error-status")).startsWith("404");
        assertThat(browser.getPageSource()).doesNotContain(WebFixtures.BAKERY_NUMBER);
        assertThat(statusOf("/numbers/" + f.bakeryNumber())).isEqualTo(404);
        assertThat(statusOf("/numbers/" + f.inventoryNumber())).isEqualTo(404);
        assertThat(statusOf("/numbers/999999")).isEqualTo(404);

        for (String page : List.of(
                "/operator/numbers",
                "/operator/numbers/" + f.pizzeriaFront(),
                "/operator/organizations",
                "/operator/organizations/" + f.pizzeria(),
                "/operator/fleet")) {
            open(page);
            assertThat(text("error-status")).as(page).startsWith("403");
            assertThat(statusOf(page)).as(page).isEqualTo(403);
        }
    }

    @Test
    void aViewerSeesANumberButCannotChangeIt() {
        WebFixtures f = seed();
        logIn("luigi@pizzeria.test");
        open("/numbers/" + f.pizzeriaFront());

        assertThat(browser.findElement(By.id("label")).isEnabled()).isFalse();
        assertThat(browser.findElements(By.id("save"))).isEmpty();
        assertThat(browser.getPageSource()).contains("read-only");
    }

    @Test
    void theOperatorAddsNumbersAndSeesWhatWasWrongWithABadOne() {
        seed();
        logIn("ops@switchboard.test");

        browser.findElement(By.id("numbers-input")).sendKeys("+39 055 0000100\n055 0000101\nnot a number");
        browser.findElement(By.id("add")).click();
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("add-error")));
        assertThat(text("add-error")).contains("not a number");
        assertThat(browser.findElement(By.id("numbers-input")).getAttribute("value"))
                .contains("055 0000101");

        WebElement input = browser.findElement(By.id("numbers-input"));
        input.clear();
        input.sendKeys("+39 055 0000100\n055 0000101");
        new Select(browser.findElement(By.id("add-organization"))).selectByVisibleText("Pizzeria da Mario");
        browser.findElement(By.id("add")).click();

        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("message")));
        assertThat(text("message")).isEqualTo("Added 2 numbers.");
        assertThat(browser.findElement(By.id("inventory")).getText()).contains("+390550000100", "+390550000101");
    }

    @Test
    void theOperatorSeesTheGpuFleet() {
        seed();
        logIn("ops@switchboard.test");
        open("/operator/fleet");

        assertThat(text("slots-used")).isEqualTo("3");
        assertThat(text("slots-free")).isEqualTo("5");
        String workers = text("workers");
        assertThat(workers).contains("gpu-worker@gpu-1:9090", "NVIDIA H100: 3/8 sessions", "connection refused");
    }

    @Test
    void analyticsDrawOneBarPerDayAndAWeekOfHours() {
        WebFixtures f = seed();
        // Wednesday 5 March, 11:15 in Rome.
        f.endedCall(
                db.database(),
                f.pizzeria(),
                f.pizzeriaFront(),
                WebFixtures.PIZZERIA_FRONT,
                "+393330000005",
                java.time.Instant.parse("2025-03-05T10:15:00Z"));
        logIn("mario@pizzeria.test");
        open("/calls/analytics?from=2025-03-01&to=2025-03-10&zone=Europe/Rome&number=" + f.pizzeriaFront());

        assertThat(browser.findElements(By.cssSelector("#calls-per-day rect.bar:not(.busy)")))
                .hasSize(10);
        assertThat(browser.findElements(By.cssSelector("#busiest-hours rect"))).hasSize(7 * 24);
        assertThat(text("total-calls")).isEqualTo("1");
        assertThat(text("average-duration")).isEqualTo("120.0 s");
        assertThat(browser.findElement(By.cssSelector("#calls-per-day rect.bar[aria-label^='2025-03-05']"))
                        .getAttribute("aria-label"))
                .isEqualTo("2025-03-05: 1 calls, 0 busy");
        assertThat(browser.findElement(By.cssSelector("#busiest-hours rect[aria-label^='Wed 11:00']"))
                        .getAttribute("aria-label"))
                .isEqualTo("Wed 11:00–12:00: 1 calls");
        assertThat(new Select(browser.findElement(By.id("number-filter")))
                        .getFirstSelectedOption()
                        .getText())
                .startsWith(WebFixtures.PIZZERIA_FRONT);
    }

    @Test
    void callHistoryShowsTheTenantsCallsOnly() {
        seed();
        logIn("mario@pizzeria.test");
        open("/calls/history");

        assertThat(text("history-total")).isEqualTo("1");
        assertThat(text("history")).contains("+393330000001", "completed").doesNotContain(WebFixtures.BAKERY_CALLER);
    }

    @Test
    void theApiDocumentationRendersUnderTheContentSecurityPolicy() {
        open("/swagger-ui/index.html");

        chromium.waitFor()
                .until(ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector(".info .title"), "Switchboard API"));
        assertThat(browser.getPageSource()).contains("/api/v1/numbers");
    }
}
