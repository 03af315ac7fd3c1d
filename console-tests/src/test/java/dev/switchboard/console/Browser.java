package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One headless Chromium for a test class: Debian's {@code /usr/bin/chromium} through {@code /usr/bin/chromedriver},
 * both named explicitly so nothing looks for or downloads a driver, with a fresh profile and Chromium's own
 * background traffic switched off. It collects the browser's console log and every URL the page requested (from
 * the performance log), so tests can check that nothing left loopback and nothing failed. Waits are explicit
 * (generous timeouts, no fixed sleeps). When Chromium is missing the tests are skipped with a message, unless
 * {@code SWITCHBOARD_REQUIRE_BROWSER=1}, which makes that a failure.
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern URL = Pattern.compile("\"url\":\"([^\"]*)\"");

    final ChromeDriver driver;
    final WebDriverWait wait;
    private final Path profile;
    private final List<LogEntry> console = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    /** A browser, or the test class is skipped (or fails when a browser is required). */
    static Browser start() throws IOException {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
            String why = "console browser tests SKIPPED: no Chromium at " + CHROMIUM + " with " + DRIVER
                    + " (apt-get install chromium chromium-driver; .ci/run does)";
            if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_BROWSER"))) {
                fail(why.replace("SKIPPED", "FAILED") + " and SWITCHBOARD_REQUIRE_BROWSER=1");
            }
            System.out.println("[WARNING] " + why);
            Assumptions.abort(why);
        }
        System.setProperty("webdriver.chrome.driver", DRIVER.toString());
        Path profile = Files.createTempDirectory("switchboard-chromium-");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-default-browser-check", "--lang=en-US",
                "--user-data-dir=" + profile, "--window-size=1280,900");
        o.setExperimentalOption("prefs", Map.of("intl.accept_languages", "en-US,en"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        o.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, o), profile);
    }

    void open(String url) {
        driver.get(url);
    }

    void phone() {
        driver.manage().window().setSize(new Dimension(390, 844));
    }

    void desktop() {
        driver.manage().window().setSize(new Dimension(1280, 900));
    }

    WebElement find(String css) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    void type(String css, String text) {
        WebElement e = find(css);
        e.clear();
        e.sendKeys(text);
    }

    /** Waits until the element's text contains {@code text}. */
    void waitText(String css, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
    }

    /** Waits until the element's text matches {@code regex} and returns that text. */
    String waitTextMatching(String css, String regex) {
        wait.until(d -> find(css).getText().matches(regex));
        return find(css).getText();
    }

    void waitGone(String css) {
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(css)));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** A PNG under target/screenshots for the README (see console-tests/refresh-screenshots.sh). */
    void screenshot(String name) {
        try {
            Path dir = Path.of(System.getProperty("console.screenshots", "target/screenshots"));
            Files.createDirectories(dir);
            Files.write(dir.resolve(name + ".png"), driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the logs Chromium collected since the last call. */
    private void drain() {
        console.addAll(driver.manage().logs().get(LogType.BROWSER).getAll());
        for (LogEntry e : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            String m = e.getMessage();
            if (m.contains("\"Network.requestWillBeSent\"")) {
                Matcher u = URL.matcher(m.substring(m.indexOf("\"request\"")));
                if (u.find()) {
                    urls.add(u.group(1));
                }
            }
        }
    }

    /** Every URL the browser requested so far. */
    List<String> requestedUrls() {
        drain();
        return List.copyOf(urls);
    }

    /**
     * Console errors so far: script errors, console.error (a missing translation logs one), CSP refusals and
     * failed loads — except the admin API's own refusals that the tests provoke on purpose (a wrong password's
     * 401, a throttled 429, a failing flow's 4xx), which Chromium reports as failed resource loads.
     */
    List<String> consoleErrors(String base) {
        drain();
        List<String> out = new ArrayList<>();
        for (LogEntry e : console) {
            if (e.getLevel().intValue() < Level.SEVERE.intValue()) {
                continue;
            }
            String m = e.getMessage();
            boolean expectedApiRefusal = m.startsWith(base) && m.contains("/admin/")
                    && m.contains("Failed to load resource: the server responded with a status of 4");
            if (!expectedApiRefusal) {
                out.add(m);
            }
        }
        return out;
    }

    /** Asserts every request went to a gateway on loopback (or stayed inside the page: data:, blob:). */
    void assertOnlyLoopback() {
        List<String> seen = requestedUrls();
        if (seen.isEmpty()) {
            fail("the performance log recorded no request at all");
        }
        for (String u : seen) {
            String scheme = java.net.URI.create(u).getScheme();
            if (!scheme.startsWith("http") && !scheme.startsWith("ws")) {
                continue; // data:, blob: and Chromium's own chrome:// pages never touch the network
            }
            String host = java.net.URI.create(u).getHost();
            if (!"127.0.0.1".equals(host) && !"localhost".equals(host)) {
                fail("the console requested " + u + ", which is not on loopback");
            }
        }
    }

    void assertNoConsoleErrors(String base) {
        assertEquals(List.of(), consoleErrors(base), "browser console errors");
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                System.err.println("could not remove the browser profile " + profile + ": " + e);
            }
        }
    }
}
