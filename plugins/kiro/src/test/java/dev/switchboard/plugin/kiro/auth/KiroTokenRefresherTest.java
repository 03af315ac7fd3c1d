package dev.switchboard.plugin.kiro.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.fake.ChatScript;
import dev.switchboard.plugin.kiro.fake.FakeKiro;
import dev.switchboard.plugin.kiro.fake.KiroTestEnv;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.CredentialRefresher;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.testkit.ProviderHarness;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Token refresh against the fake: rotation (a missing refresh token never erases the stored one), outcomes, regions
 * (an eu-west-1 IdC account refreshes there), expiry ({@code expiresIn} honoured), and no secret in errors.
 */
class KiroTokenRefresherTest {
    KiroTestEnv env;
    CredentialRefresher refresher;

    @BeforeEach
    void start() throws Exception {
        env = new KiroTestEnv();
        refresher = env.provider.credentialRefresher().orElseThrow();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    @Test
    void socialRefreshRotatesAndHonoursExpiresIn() throws GatewayException {
        Account a = env.social("s1");
        JsonObject next = refresher.refresh(a);
        assertNotEquals(a.credential("access-token"), next.getString("access-token"));
        assertNotEquals(a.credential("refresh-token"), next.getString("refresh-token"), "rotated token kept");
        assertEquals(env.clock.instant().plusSeconds(3600).toString(), next.getString("expires-at"));
        assertEquals(FakeKiro.ARN, next.getString("profile-arn"));
        assertTrue(KiroCredentials.isMachineId(next.getString("machine-id")), "a machine id is persisted");
        var sent = env.fake.server().requests("/refreshToken").getFirst();
        assertEquals("application/json, text/plain, */*", sent.header("accept"));
        assertEquals("KiroIDE-0.7.5-" + next.getString("machine-id"), sent.header("user-agent"));
        assertEquals(a.credential("refresh-token"), Jsons.parseObject(sent.body()).getString("refreshToken"));
    }

    @Test
    void aMissingRotatedRefreshTokenNeverErasesTheStoredOne() throws GatewayException {
        env.fake.rotation(false);
        Account a = env.social("s1");
        JsonObject next = refresher.refresh(a);
        assertEquals(a.credential("refresh-token"), next.getString("refresh-token"));
        assertNotEquals(a.credential("access-token"), next.getString("access-token"));
    }

    @Test
    void anInvalidRefreshTokenIsAPermanentAuthFailureWithAClearReasonAndNoSecret() {
        Account a = env.social("s1");
        refresherRefreshes(a);
        // The old refresh token was rotated away: using it again is refused.
        GatewayException e = assertThrows(GatewayException.class, () -> refresher.refresh(a));
        assertEquals(ErrorKind.UPSTREAM_AUTH, e.kind());
        assertTrue(e.getMessage().contains("Invalid refresh token provided"), e.getMessage());
        assertTrue(e.getMessage().contains("sign in again"));
        assertFalse(e.getMessage().contains(a.credential("refresh-token")));
    }

    private void refresherRefreshes(Account a) {
        try {
            refresher.refresh(a);
        } catch (GatewayException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void transientRefreshFailuresAreNotAuthFailures() {
        Account a = env.social("s1");
        env.fake.failNextRefresh(500, "{\"message\":\"oops\"}");
        assertEquals(ErrorKind.UPSTREAM_SERVER, assertThrows(GatewayException.class, () -> refresher.refresh(a)).kind());
        env.fake.failNextRefresh(429, "{}");
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, assertThrows(GatewayException.class, () -> refresher.refresh(a)).kind());
        env.fake.failNextRefresh(400, "{\"error\":\"invalid_grant\"}");
        assertEquals(ErrorKind.UPSTREAM_AUTH, assertThrows(GatewayException.class, () -> refresher.refresh(a)).kind());
    }

    @Test
    void oidcRefreshUsesTheClientCredentialsAndRotation() throws GatewayException {
        Account b = env.builderId("b1", "us-east-1");
        JsonObject next = refresher.refresh(b);
        assertNotEquals(b.credential("refresh-token"), next.getString("refresh-token"));
        assertEquals(b.credential("client-id"), next.getString("client-id"));
        JsonObject sent = Jsons.parseObject(env.fake.server().requests("/token").getFirst().body());
        assertEquals("refresh_token", sent.getString("grantType"));
        assertEquals(b.credential("client-secret"), sent.getString("clientSecret"));
        assertFalse(next.containsKey("profile-arn"));
        // invalid_grant (the rotated-away token) is permanent.
        GatewayException e = assertThrows(GatewayException.class, () -> refresher.refresh(b));
        assertEquals(ErrorKind.UPSTREAM_AUTH, e.kind());
        assertTrue(e.getMessage().contains("invalid_grant"), e.getMessage());
    }

    @Test
    void anExpiredClientRegistrationNeedsReauthWithoutACall() {
        Account b = env.builderId("b1", "us-east-1");
        Account expired = b.withCredentials(Json.createObjectBuilder(b.credentials())
                .add("client-secret-expires-at", env.clock.instant().minusSeconds(1).toString()).build());
        GatewayException e = assertThrows(GatewayException.class, () -> refresher.refresh(expired));
        assertEquals(ErrorKind.UPSTREAM_AUTH, e.kind());
        assertTrue(e.getMessage().contains("registration"));
        assertTrue(env.fake.server().requests("/token").isEmpty());
    }

    @Test
    void expiryAndMargin() {
        Account a = env.social("s1");
        assertEquals(Duration.ofSeconds(600), refresher.margin());
        assertEquals(Instant.parse(a.credential("expires-at")), refresher.expiresAt(a).orElseThrow());
        Account noExpiry = a.withCredentials(Json.createObjectBuilder(a.credentials()).remove("expires-at").build());
        assertEquals(Instant.EPOCH, refresher.expiresAt(noExpiry).orElseThrow(), "missing = expired");
        assertTrue(refresher.canRefresh(a));
        assertFalse(refresher.canRefresh(a.withCredentials(Json.createObjectBuilder(a.credentials())
                .remove("refresh-token").build())));
        Account b = env.builderId("b1", "us-east-1");
        assertFalse(refresher.canRefresh(b.withCredentials(Json.createObjectBuilder(b.credentials())
                .remove("client-secret").build())));
    }

    @Test
    void anEuWest1IdcAccountRefreshesInItsRegionAndChatsInItsApiRegion() throws Exception {
        FakeKiro fake = new FakeKiro().mount("/eu-west-1").mount("/us-east-1");
        String base = fake.baseUrl();
        try (KiroTestEnv regional = new KiroTestEnv(fake, Json.createObjectBuilder()
                .add("base-url", base + "/{region}")
                .add("endpoints", Json.createObjectBuilder().add("oidc", base + "/{region}")
                        .add("refresh", base + "/{region}/refreshToken").add("login", base)))) {
            Account idc = regional.builderId("idc1", "eu-west-1");
            JsonObject next = regional.provider.credentialRefresher().orElseThrow().refresh(idc);
            assertEquals(1, fake.server().requests("/eu-west-1/token").size());
            Account refreshed = regional.ctx.credentials().update(idc, next);
            fake.script(ChatScript.texts("hello"));
            List<StreamEvent> events = regional.harness.stream(
                    ChatRequest.builder("claude-sonnet-4-5").addMessage(Message.user("hi")).build(), "claude-sonnet-4.5",
                    refreshed, ProviderHarness.client(Dialect.ANTHROPIC));
            assertTrue(events.getLast() instanceof StreamEvent.MessageStop, events.toString());
            assertEquals(1, fake.server().requests("/us-east-1/generateAssistantResponse").size(),
                    "chat goes to the default api-region, not the auth region");
        }
    }
}
