package com.switchboard.server.web;

import com.switchboard.server.testing.RequiredTool;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A headless Chromium (Debian's chromium and chromium-driver) driven by Selenium, for browser
 * tests. The driver is named explicitly, so Selenium Manager never downloads anything.
 */
public final class Chromium implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    /** The machine running the tests may be busy; a page that is right is right within this. */
    public static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChromeDriverService service;
    private final WebDriver driver;

    private Chromium(ChromeDriverService service, WebDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** A headless Chromium; without Chromium or its driver the test fails under CI=true, else is skipped. */
    public static Chromium start() {
        RequiredTool.file(BINARY, "Chromium", RequiredTool.apt("chromium"));
        RequiredTool.file(DRIVER, "ChromeDriver", RequiredTool.apt("chromium-driver"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER.toString()))
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BINARY.toString());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--window-size=1280,1000");
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(PATIENCE);
        return new Chromium(service, driver);
    }

    public WebDriver driver() {
        return driver;
    }

    public WebDriverWait waitFor() {
        return new WebDriverWait(driver, PATIENCE);
    }

    /** Logs in through the login page with the fixtures' password. */
    public void logIn(String baseUrl, String email) {
        driver.get(baseUrl + "/login");
        driver.findElement(By.id("email")).sendKeys(email);
        driver.findElement(By.id("password")).sendKeys(WebFixtures.PASSWORD);
        driver.findElement(By.id("login")).click();
        waitFor().until(ExpectedConditions.presenceOfElementLocated(By.id("logout")));
    }

    public void logOut() {
        driver.manage().deleteAllCookies();
    }

    @Override
    public void close() {
        driver.quit();
        service.stop();
    }
}
