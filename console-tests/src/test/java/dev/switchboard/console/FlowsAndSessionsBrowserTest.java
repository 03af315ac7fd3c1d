package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.fake.FakeKiro;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Add-account flows end to end in the browser against a fake Kiro (its OIDC device authorization and its social
 * login with PKCE), rendered only from what the plugin declares; and, on a second gateway with a short session
 * and a low login limit, session expiry and login throttling as the admin sees them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlowsAndSessionsBrowserTest {
    private FakeKiro kiro;
    private ConsoleGateway gw;
    private ConsoleGateway strict;
    private Browser b;

    @BeforeAll
    void start() throws Exception {
        b = Browser.start();
        kiro = new FakeKiro();
        String base = kiro.baseUrl();
        Path home = Files.createTempDirectory("console-flows-");
        gw = new ConsoleGateway(home.resolve("kiro"), """
                providers:
                  - id: kiro
                    plugin: kiro
                    base-url: %s
                    endpoints: { refresh: "%s/refreshToken", oidc: "%s", login: "%s" }
                    callback-ports: "0"
                    callback-host: 127.0.0.1
                    health-check: false
                    usage-sync-interval: 1d
                routes:
                  - model: "*"
                    targets: [ { provider: kiro } ]
                """.formatted(base, base, base, base));
        strict = new ConsoleGateway(home.resolve("strict"), "  session-ttl: 3s\n  max-login-attempts: 2\n", "");
    }

    @AfterAll
    void stop() throws Exception {
        ConsoleGateway.closeAll(b, gw, strict, kiro);
    }

    private void login(String base) {
        b.open(base + "/console/");
        b.type("#login-username", "admin");
        b.type("#login-password", ConsoleGateway.PASSWORD);
        b.click("#login-submit");
        b.find("#nav-dashboard");
    }

    @Test
    @Order(1)
    void kiroDeviceCodeFlowShowsTheCodePollsAndAddsTheAccount() throws Exception {
        login(gw.base());
        b.open(gw.base() + "/console/#/providers/kiro");
        b.click("[data-flow=device-code]");
        b.find("dialog[open] input[name=flow-start-url]");
        b.type("dialog[open] input[name=flow-name]", "builder");
        b.click("#flow-start button[type=submit]");
        String code = b.find("#user-code").getText().trim();
        assertTrue(code.startsWith("ABCD-"), code);
        b.find("[data-detail=verification-uri-complete] a");
        b.find("#flow-status[data-status=pending]");
        b.screenshot("flow-device-code-en");
        kiro.approve(code);
        b.find("#flow-status[data-status=completed]");
        b.find("#flow-done");
        b.click("dialog[open] button.primary");
        b.waitGone("dialog[open]");
        b.find("tr[data-account=builder]");
        JsonObject a = gw.get("/admin/providers/kiro/accounts/builder");
        assertEquals("flow", a.getString("source"));
        assertEquals("builder-id", a.getJsonObject("credentials").getString("auth-method"));
    }

    @Test
    @Order(2)
    void anExpiredDeviceCodeIsReported() {
        kiro.deviceTiming(1, 2);
        b.click("[data-flow=device-code]");
        b.type("dialog[open] input[name=flow-name]", "too-late");
        b.click("#flow-start button[type=submit]");
        b.find("#user-code");
        b.find("#flow-status[data-status=expired]");
        b.waitText("#flow-error", "expired");
        b.click("dialog[open] button.primary");
        b.waitGone("dialog[open]");
        kiro.deviceTiming(1, 600);
    }

    @Test
    @Order(3)
    void socialLoginWorksByPastingTheRedirectedUrlBack() throws Exception {
        b.click("[data-flow=social]");
        b.type("dialog[open] input[name=flow-name]", "social");
        b.click("#flow-start button[type=submit]");
        String authUrl = b.find("[data-detail=auth-url] a").getAttribute("href");
        assertTrue(authUrl.startsWith(kiro.baseUrl() + "/login?"), authUrl);
        // The admin signs in on another machine; the identity provider sends that browser to the gateway's
        // callback address, which the admin copies back here. The test plays that browser without following it.
        HttpResponse<String> signIn = gw.http.send(HttpRequest.newBuilder(URI.create(authUrl)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, signIn.statusCode(), signIn.body());
        String redirected = signIn.headers().firstValue("location").orElseThrow();
        b.type("#flow-submit input[name=flow-redirect-url]", redirected);
        b.click("#flow-submit button[type=submit]");
        b.find("#flow-status[data-status=completed]");
        b.click("dialog[open] button.primary");
        b.find("tr[data-account=social]");
        assertEquals("social", gw.get("/admin/providers/kiro/accounts/social").getJsonObject("credentials")
                .getString("auth-method"));
    }

    @Test
    @Order(4)
    void anExpiredSessionSendsTheAdminBackToTheLoginWithAMessage() {
        login(strict.base());
        b.open(strict.base() + "/console/#/requests");
        b.find("#follow");
        // The requests page polls every few seconds; the first poll after the 3 s session ends gets 401.
        b.waitText("#login-notice", "session expired");
    }

    @Test
    @Order(5)
    void throttledLoginsShowTheWait() {
        // After max-login-attempts (2) failures each attempt waits an increasing backoff (1 s, 2 s, 4 s, ...): wrong
        // passwords sent without pause soon meet it, and the page shows the wait from the 429's Retry-After.
        String shown = "";
        for (int i = 0; i < 12 && !shown.contains("Too many failed logins"); i++) {
            b.type("#login-password", "wrong-" + i);
            b.click("#login-submit");
            shown = b.waitTextMatching("#login-error", "(?s).*(Wrong user name or password|Too many failed).*");
            if (!shown.contains("Too many failed logins")) {
                b.js("document.getElementById('login-error').remove()");
            }
        }
        assertTrue(shown.matches("(?s).*Too many failed logins\\. Try again in \\d+ (s|min)\\..*"), shown);
        b.screenshot("login-throttled-en");
    }

    @Test
    @Order(10)
    void nothingLeftLoopbackAndTheConsoleLoggedNoError() {
        b.assertOnlyLoopback();
        b.assertNoConsoleErrors("http://127.0.0.1");
    }
}
