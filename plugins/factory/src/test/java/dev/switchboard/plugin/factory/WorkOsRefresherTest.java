package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.factory.auth.Jwt;
import dev.switchboard.plugin.factory.auth.WorkOsRefresher;
import dev.switchboard.plugin.factory.fake.CountingTransport;
import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.testkit.MutableClock;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.CredentialRefresher;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.testkit.FakeUpstream.Recorded;
import dev.switchboard.testkit.TestProviderContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** WorkOS refresh against a fake WorkOS that rotates refresh tokens and rejects reuse. */
class WorkOsRefresherTest {
    final FakeFactory fake = new FakeFactory();
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T03:00:00Z"));
    Plugin plugin;
    CredentialRefresher refresher;

    @BeforeEach
    void start() throws Exception {
        fake.clock = clock;
        plugin = Plugin.of(fake, Jsons.parseObject("{\"refresh-margin\":\"2m\"}"), clock, Map.of());
        refresher = plugin.provider.credentialRefresher().orElseThrow();
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    static Account account(JsonObject creds) {
        return new Account(7, "factory", "droid", creds, AccountState.ACTIVE, null);
    }

    static Account seeded(String rt) {
        return account(Json.createObjectBuilder().add("refresh-token", rt).add("note", "kept").build());
    }

    @Test
    void refreshRotatesAndReturnsTheCompleteCredential() throws Exception {
        fake.seedRefreshToken("rt_seed");
        Account a = seeded("rt_seed");
        assertTrue(refresher.canRefresh(a));
        assertEquals(Instant.EPOCH, refresher.expiresAt(a).orElseThrow(), "no access token yet: due at once");
        JsonObject fresh = refresher.refresh(a);
        String rotated = fresh.getString("refresh-token");
        assertFalse(rotated.equals("rt_seed"), "a new refresh token");
        assertFalse(fake.refreshTokenValid("rt_seed"), "the old one is retired upstream");
        assertTrue(fake.refreshTokenValid(rotated));
        Instant exp = Jwt.expiry(fresh.getString("access-token")).orElseThrow();
        assertEquals(clock.instant().plus(Duration.ofHours(8)).getEpochSecond(), exp.getEpochSecond());
        assertEquals(exp.toString(), fresh.getString("expires-at"), "expiry from the JWT");
        assertEquals("kept", fresh.getString("note"), "the rest of the credential is kept");
        assertEquals("dev@example.com", fresh.getString("email"));
        assertEquals("org_01FAKE", fresh.getString("organization-id"));
        assertEquals(exp, refresher.expiresAt(account(fresh)).orElseThrow());
        assertEquals(Duration.ofMinutes(2), refresher.margin(), "refresh-margin");

        Recorded r = fake.last(FakeFactory.WORKOS);
        assertEquals("application/x-www-form-urlencoded", r.header("content-type"));
        assertEquals("grant_type=refresh_token&refresh_token=rt_seed&client_id=client_01HNM792M5G5G1A2THWPXKFMXB",
                r.bodyText());
    }

    @Test
    void theRefreshedAccountWorksAgainstFactory() throws Exception {
        fake.seedRefreshToken("rt_seed");
        Account a = account(refresher.refresh(seeded("rt_seed")));
        List<StreamEvent> events = plugin.harness.stream(ChatRequest.builder("gpt-5.2").addMessage(Message.user("Hi"))
                .build(), "gpt-5.2", a, Plugin.chatClient());
        assertTrue(events.get(events.size() - 1) instanceof StreamEvent.MessageStop, events.toString());
        assertEquals("Bearer " + a.credential("access-token"), fake.last(FakeFactory.O).header("authorization"));
    }

    @Test
    void reusingARotatedTokenIsPermanent() throws Exception {
        fake.seedRefreshToken("rt_seed");
        refresher.refresh(seeded("rt_seed"));
        GatewayException e = assertThrows(GatewayException.class, () -> refresher.refresh(seeded("rt_seed")));
        assertEquals(ErrorKind.UPSTREAM_AUTH, e.kind(), "invalid_grant → reauth-required");
        assertTrue(e.getMessage().contains("invalid_grant"), e.getMessage());
        assertFalse(e.getMessage().contains("rt_seed"), "no token in messages");
    }

    @Test
    void transientFailuresBackOffAndKeepTheOldToken() throws Exception {
        fake.seedRefreshToken("rt_seed");
        fake.workosFault = 503;
        GatewayException first = assertThrows(GatewayException.class, () -> refresher.refresh(seeded("rt_seed")));
        assertEquals(ErrorKind.UPSTREAM_SERVER, first.kind(), "transient: the kernel keeps the old token while valid");
        int calls = fake.requests(FakeFactory.WORKOS).size();
        GatewayException second = assertThrows(GatewayException.class, () -> refresher.refresh(seeded("rt_seed")));
        assertEquals(ErrorKind.UPSTREAM_CONNECTION, second.kind());
        assertEquals(calls, fake.requests(FakeFactory.WORKOS).size(), "no call while backing off (30 s)");
        clock.advance(Duration.ofSeconds(31));
        assertThrows(GatewayException.class, () -> refresher.refresh(seeded("rt_seed")));
        assertEquals(calls + 1, fake.requests(FakeFactory.WORKOS).size());
        clock.advance(Duration.ofSeconds(31));
        assertThrows(GatewayException.class, () -> refresher.refresh(seeded("rt_seed")), "second wait is 60 s");
        assertEquals(calls + 1, fake.requests(FakeFactory.WORKOS).size());
        clock.advance(Duration.ofSeconds(30));
        fake.workosFault = null;
        assertTrue(refresher.refresh(seeded("rt_seed")).containsKey("access-token"), "recovers after the backoff");
    }

    @Test
    void staticKeysAreNotRefreshed() {
        Account key = Plugin.key("fk-static");
        assertFalse(refresher.canRefresh(key));
        assertTrue(refresher.expiresAt(key).isEmpty());
    }

    @Test
    void refreshAndBillingGoThroughTheInstanceTransport() throws Exception {
        // Every upstream call goes through the kernel's transport: it carries the instance's proxies, trust store and
        // timeouts.
        fake.seedRefreshToken("rt_seed");
        CountingTransport counting = new CountingTransport(plugin.ctx.transport());
        TestProviderContext ctx = plugin.ctx.withTransport(counting);
        var provider = new FactoryProviderFactory(Map.<String, String>of()::get).create(ctx);
        WorkOsRefresher r = (WorkOsRefresher) provider.credentialRefresher().orElseThrow();
        r.refresh(seeded("rt_seed"));
        provider.usageProbe().orElseThrow().probe(Plugin.key("fk-1"));
        assertEquals(List.of(fake.baseUrl() + FakeFactory.WORKOS, fake.baseUrl() + FakeFactory.LIMITS),
                counting.sent.stream().map(q -> q.uri().toString()).toList());
    }
}
