package dev.switchboard.plugin.kiro.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.fake.KiroTestEnv;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountFlow;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.FlowState;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The add-account flows end to end against the fake (records and listeners purged), with a fake clock and sleeper. */
class KiroFlowsTest {
    KiroTestEnv env;
    final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(2)).build();

    @BeforeEach
    void start() throws Exception {
        env = new KiroTestEnv();
    }

    @AfterEach
    void stop() {
        env.close();
        browser.close();
    }

    AccountFlow flow(String name) {
        return env.provider.flows().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
    }

    FlowState awaitEnd(AccountFlow flow, String id) throws Exception {
        for (int i = 0; i < 500; i++) {
            FlowState s = flow.status(id);
            if (!s.status().equals("pending")) {
                return s;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("flow " + id + " never ended");
    }

    @Test
    void deviceCodeFlowPollsWithTheServersIntervalAndSlowsDown() throws Exception {
        env.fake.autoApprove(true);
        env.fake.deviceTiming(2, 600);
        env.fake.tokenErrors("authorization_pending", "slow_down", "authorization_pending");
        AccountFlow f = flow("device-code");
        FlowState started = f.start(Json.createObjectBuilder().add("name", "builder").build());
        assertEquals("pending", started.status());
        assertTrue(started.details().getString("user-code").startsWith("ABCD-"));
        assertTrue(started.details().getString("verification-uri-complete").contains("user_code="));
        assertFalse(started.details().toString().contains("device-"), "the device code is not shown");
        FlowState done = awaitEnd(f, started.id());
        assertEquals("completed", done.status(), done.details().toString());
        assertEquals(List.of(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(7), Duration.ofSeconds(7)),
                env.sleeper.sleeps, "interval, then +5 s after slow_down");
        Account a = env.ctx.credentials().find("builder").orElseThrow();
        assertEquals("builder-id", a.credential("auth-method"));
        assertTrue(a.credential("client-id").startsWith("client-"));
        assertEquals("https://view.awsapps.com/start", a.credential("start-url"));
        assertEquals("dev@example.com", a.credential("email"), "usage loaded after sign-in");
        assertEquals("PRO", a.credential("account-type"));
        assertFalse(a.credentials().containsKey("profile-arn"));
        assertEquals("builder", done.details().getJsonObject("account").getString("name"));
        // The stored account works for refresh.
        assertTrue(env.provider.credentialRefresher().orElseThrow().canRefresh(a));
    }

    @Test
    void deviceCodeFlowEndsExpiredOrWithAnError() throws Exception {
        AccountFlow f = flow("device-code");
        env.fake.tokenErrors("expired_token");
        FlowState expired = awaitEnd(f, f.start(JsonObject.EMPTY_JSON_OBJECT).id());
        assertEquals("expired", expired.status());
        env.fake.tokenErrors("access_denied");
        FlowState denied = awaitEnd(f, f.start(JsonObject.EMPTY_JSON_OBJECT).id());
        assertEquals("error", denied.status());
        assertTrue(denied.details().getString("error").contains("access_denied"));
        // Never approved: the code's lifetime runs out on the (fake) clock.
        env.fake.deviceTiming(1, 3);
        FlowState timedOut = awaitEnd(f, f.start(JsonObject.EMPTY_JSON_OBJECT).id());
        assertEquals("expired", timedOut.status());
        assertTrue(env.ctx.credentials().list().isEmpty());
    }

    @Test
    void identityCenterInputIsValidated() {
        AccountFlow f = flow("device-code");
        GatewayException url = assertThrows(GatewayException.class, () -> f.start(Json.createObjectBuilder()
                .add("start-url", "http://corp.example.com/start").build()));
        assertEquals(ErrorKind.INVALID_REQUEST, url.kind());
        GatewayException region = assertThrows(GatewayException.class, () -> f.start(Json.createObjectBuilder()
                .add("start-url", "https://corp.awsapps.com/start").add("region", "me-south-1").build()));
        assertTrue(region.getMessage().contains("Identity Center region"));
    }

    @Test
    void cancellingADeviceFlowStopsItsPoller() throws Exception {
        AccountFlow f = flow("device-code");
        env.fake.deviceTiming(1, 100_000);
        FlowState s = f.start(JsonObject.EMPTY_JSON_OBJECT);
        f.cancel(s.id());
        assertEquals("cancelled", f.status(s.id()).status());
        int polls = env.fake.server().requests("/token").size();
        Thread.sleep(100);
        assertTrue(env.fake.server().requests("/token").size() <= polls + 1, "polling stopped");
    }

    @Test
    void socialPkceFlowCompletesThroughTheLocalCallback() throws Exception {
        AccountFlow f = flow("social");
        FlowState started = f.start(Json.createObjectBuilder().add("name", "gh").add("idp", "github").build());
        String authUrl = started.details().getString("auth-url");
        assertTrue(authUrl.startsWith(env.fake.baseUrl() + "/login?idp=Github&redirect_uri="));
        assertTrue(authUrl.contains("code_challenge_method=S256") && authUrl.contains("prompt=select_account"));
        String redirect = started.details().getString("redirect-uri");
        assertTrue(redirect.matches("http://127\\.0\\.0\\.1:\\d+/oauth/callback"), redirect);

        assertEquals(404, get(redirect.replace("/oauth/callback", "/other")).statusCode());
        assertEquals(400, get(redirect + "?code=x&state=forged").statusCode(), "foreign state refused");
        assertEquals("pending", f.status(started.id()).status());

        HttpResponse<String> login = get(authUrl);
        assertEquals(302, login.statusCode());
        String location = login.headers().firstValue("location").orElseThrow();
        HttpResponse<String> callback = get(location);
        assertEquals(200, callback.statusCode(), callback.body());
        assertTrue(callback.body().contains("was added"));
        FlowState done = f.status(started.id());
        assertEquals("completed", done.status());
        Account a = env.ctx.credentials().find("gh").orElseThrow();
        assertEquals("social", a.credential("auth-method"));
        assertEquals("github", a.credential("provider"));
        assertEquals(dev.switchboard.plugin.kiro.fake.FakeKiro.ARN, a.credential("profile-arn"));
        assertEquals(env.clock.instant().plusSeconds(1800).toString(), a.credential("expires-at"), "expiresIn honoured");
        JsonObject exchange = Jsons.parseObject(env.fake.server().requests("/oauth/token").getFirst().body());
        assertEquals(redirect, exchange.getString("redirect_uri"), "byte-identical redirect_uri");
        assertEquals("KiroIDE", env.fake.server().requests("/oauth/token").getFirst().header("user-agent"));
        awaitClosed(location);
    }

    @Test
    void socialFlowAcceptsAPastedRedirectUrl() throws Exception {
        AccountFlow f = flow("social");
        FlowState started = f.start(JsonObject.EMPTY_JSON_OBJECT);
        String location = get(started.details().getString("auth-url")).headers().firstValue("location").orElseThrow();
        GatewayException wrong = assertThrows(GatewayException.class, () -> f.submit(started.id(),
                Json.createObjectBuilder().add("redirect-url", location.replaceAll("state=[^&]+", "state=nope")).build()));
        assertEquals(ErrorKind.INVALID_REQUEST, wrong.kind());
        FlowState done = f.submit(started.id(), Json.createObjectBuilder().add("redirect-url", location).build());
        assertEquals("completed", done.status(), done.details().toString());
        assertEquals("dev@example.com", done.details().getJsonObject("account").getString("name"),
                "unnamed accounts are named after their e-mail");
        assertEquals("completed", f.submit(started.id(),
                Json.createObjectBuilder().add("redirect-url", location).build()).status());
        assertEquals(1, env.fake.server().requests("/oauth/token").size(), "the state is single use");
    }

    @Test
    void flowRecordsAndTheListenerArePurgedAfterTheTtl() throws Exception {
        AccountFlow f = flow("social");
        FlowState started = f.start(JsonObject.EMPTY_JSON_OBJECT);
        String redirect = started.details().getString("redirect-uri");
        assertEquals(400, get(redirect).statusCode(), "listening");
        env.clock.advance(Duration.ofMinutes(10).plusSeconds(1));
        env.provider.flowRegistry().sweep();
        assertEquals(0, env.provider.flowRegistry().liveFlows());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(GatewayException.class, () -> f.status(started.id())).kind());
        awaitClosed(redirect);
    }

    @Test
    void importValidatesWithARefreshAndAUsageLoad() throws Exception {
        AccountFlow f = flow("import");
        String[] t = env.fake.issueSocial();
        JsonObject token = Json.createObjectBuilder().add("accessToken", "stale").add("refreshToken", t[1])
                .add("authMethod", "social").add("provider", "Google").add("profileArn", dev.switchboard.plugin.kiro.fake.FakeKiro.ARN)
                .add("region", "us-east-1").build();
        FlowState s = f.start(Json.createObjectBuilder().add("name", "imported").add("token", token).build());
        assertEquals("completed", s.status(), s.details().toString());
        Account a = env.ctx.credentials().find("imported").orElseThrow();
        assertFalse("stale".equals(a.credential("access-token")), "no expiresAt: refreshed first");
        assertEquals("PRO", a.credential("account-type"));
        assertEquals("google", a.credential("provider"));

        FlowState bad = f.start(Json.createObjectBuilder().add("name", "dead").add("token", token).build());
        assertEquals("error", bad.status(), "the refresh token was rotated away");
        assertTrue(bad.details().getString("error").contains("refused"));
        assertTrue(env.ctx.credentials().find("dead").isEmpty());
        assertEquals(ErrorKind.INVALID_REQUEST, assertThrows(GatewayException.class,
                () -> f.start(Json.createObjectBuilder().add("nothing", 1).build())).kind());
    }

    @Test
    void importTakesAReferenceProxyExport() throws Exception {
        String[] s1 = env.fake.issueSocial();
        String[] b1 = env.fake.issueOidc();
        String social = Json.createObjectBuilder().add("accessToken", s1[0]).add("refreshToken", s1[1])
                .add("expiresAt", env.clock.instant().plus(Duration.ofHours(1)).toString()).add("authMethod", "social")
                .add("profileArn", dev.switchboard.plugin.kiro.fake.FakeKiro.ARN).build().toString();
        String builder = Json.createObjectBuilder().add("accessToken", b1[0]).add("refreshToken", b1[1])
                .add("expiresAt", env.clock.instant().plus(Duration.ofHours(1)).toString())
                .add("authMethod", "builder-id").add("clientId", b1[2]).add("clientSecret", b1[3])
                .add("clientSecretExpiresAt", 4_102_444_800L).add("uuid", "abc").build().toString();
        JsonObject export = Json.createObjectBuilder().add("version", "1.0").add("count", 2)
                .add("providers", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("name", "ref-social").add("region", "us-east-1")
                                .add("credentials", social).add("account_email", "s@x.y"))
                        .add(Json.createObjectBuilder().add("name", "ref-builder").add("region", "us-east-1")
                                .add("credentials", builder))).build();
        FlowState s = flow("import").start(Json.createObjectBuilder().add("export", export).build());
        assertEquals("completed", s.status(), s.details().toString());
        assertEquals(2, s.details().getJsonArray("accounts").size());
        assertEquals("builder-id", env.ctx.credentials().find("ref-builder").orElseThrow().credential("auth-method"));
        assertEquals(s1[0], env.ctx.credentials().find("ref-social").orElseThrow().credential("access-token"),
                "a fresh token is kept, not refreshed");
    }

    /** The listener stops asynchronously (it may be stopping from inside its own handler). */
    private void awaitClosed(String url) throws Exception {
        for (int i = 0; i < 300; i++) {
            try {
                get(url);
            } catch (ConnectException e) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the callback listener is still running: " + url);
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return browser.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
