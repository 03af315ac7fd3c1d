package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.spi.AccountState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account effects through the real kernel: a pool with one good key and keys that answer
 * 401, 402, 403 (credential), 500 or too slowly. Every request succeeds on the good key; afterwards the
 * 402 key is exhausted, the 401/403 keys need re-authentication, and the 5xx and slow keys stay usable
 * (a counted error). A slow first byte alone is a timeout (504).
 */
class FaultsGatewayTest {
    @TempDir
    Path home;

    @Test
    void badKeysFailOverAndEndInTheStatesTheirAnswersCallFor() throws Exception {
        FakeFactory fake = new FakeFactory().fault("fk-402", FakeFactory.Fault.PAYMENT_402)
                .fault("fk-401", FakeFactory.Fault.UNAUTHORIZED_401).fault("fk-403", FakeFactory.Fault.FORBIDDEN_AUTH_403)
                .fault("fk-500", FakeFactory.Fault.SERVER_500).fault("fk-slow", FakeFactory.Fault.SLOW_FIRST_BYTE);
        String yaml = "dispatch:\n  max-attempts: 8\n" + FactoryGateway.yaml("    read-timeout: 700ms\n    affinity: false\n",
                FactoryGateway.keys("fk-402", "fk-401", "fk-403", "fk-500", "fk-slow", "fk-ok"));
        try (FactoryGateway g = new FactoryGateway(home, fake, yaml)) {
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> r = g.send(g.post("/v1/chat/completions", "{\"model\":\"claude-sonnet-4-5\","
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi " + i + "\"}]}"));
                assertEquals(200, r.statusCode(), "request " + i + ": " + r.body());
            }
            Set<String> tried = new HashSet<>();
            fake.requests(FakeFactory.A).forEach(r -> tried.add(r.header("authorization").substring(7)));
            assertEquals(Set.of("fk-402", "fk-401", "fk-403", "fk-500", "fk-slow", "fk-ok"), tried);
            AccountPool pool = g.gateway.providers().get("factory").pool();
            assertEquals(AccountState.EXHAUSTED, pool.find("fk-402").status().state(), "402 → exhausted");
            assertEquals(AccountState.REAUTH_REQUIRED, pool.find("fk-401").status().state(),
                    "401 on a static key (nothing to refresh) → reauth-required");
            assertEquals(AccountState.REAUTH_REQUIRED, pool.find("fk-403").status().state(),
                    "a 403 that blames the credential penalises like a 401");
            assertTrue(Set.of(AccountState.ACTIVE, AccountState.COOLING).contains(pool.find("fk-500").status().state()));
            assertEquals(AccountState.ACTIVE, pool.find("fk-ok").status().state());
        }
    }

    @Test
    void aSlowFirstByteIsATimeout() throws Exception {
        FakeFactory fake = new FakeFactory().fault("fk-slow", FakeFactory.Fault.SLOW_FIRST_BYTE);
        try (FactoryGateway g = new FactoryGateway(home, fake, FactoryGateway.yaml("    read-timeout: 500ms\n",
                FactoryGateway.keys("fk-slow")))) {
            HttpResponse<String> r = g.send(g.post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":"
                    + "10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").header("anthropic-version", "2023-06-01"));
            assertEquals(504, r.statusCode(), r.body());
            assertTrue(r.body().contains("timeout_error"), r.body());
        }
    }

    @Test
    void aWorkosOutageKeepsTheStillValidTokenInUse() throws Exception {
        FakeFactory fake = new FakeFactory();
        fake.seedRefreshToken("rt_live");
        java.time.Instant exp = java.time.Instant.now().plusSeconds(180); // inside the 5-minute margin: refresh is due
        String access = fake.jwt(exp);
        fake.acceptAccessToken(access, exp);
        fake.workosFault = 503;
        try (FactoryGateway g = new FactoryGateway(home, fake, FactoryGateway.yaml("", "      - { name: droid, "
                + "refresh-token: rt_live, access-token: \"" + access + "\", expires-at: \"" + exp + "\" }\n"))) {
            HttpResponse<String> r = g.send(g.post("/v1/chat/completions", "{\"model\":\"gpt-5.2\",\"messages\":"
                    + "[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(1, fake.requests(FakeFactory.WORKOS).size(), "the refresh was tried");
            assertEquals("Bearer " + access, fake.last(FakeFactory.O).header("authorization"), "the old token served");
            assertTrue(fake.refreshTokenValid("rt_live"), "nothing was rotated");
        }
    }

    @Test
    void aDeadRefreshTokenMakesTheAccountReauthRequired() throws Exception {
        FakeFactory fake = new FakeFactory(); // knows no refresh token: invalid_grant
        try (FactoryGateway g = new FactoryGateway(home, fake, FactoryGateway.yaml("",
                "      - { name: droid, refresh-token: rt_gone }\n"))) {
            HttpResponse<String> r = g.send(g.post("/v1/chat/completions", "{\"model\":\"gpt-5.2\",\"messages\":"
                    + "[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            assertTrue(r.statusCode() >= 500, "never a 401 to the client: " + r.statusCode() + " " + r.body());
            assertEquals(AccountState.REAUTH_REQUIRED, g.gateway.providers().get("factory").pool().find("droid")
                    .status().state());
            assertTrue(fake.requests(FakeFactory.O).isEmpty(), "nothing was sent without a credential");
        }
    }
}
