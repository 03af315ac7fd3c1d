package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.spi.AccountState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An upstream's Retry-After cools for at most {@code max-cooldown}, and the client is told no more than that. */
class RetryAfterCapGatewayTest {
    @TempDir
    Path home;

    private static final String CHAT = "{\"model\":\"gpt-x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void retryAfterOfDecadesCoolsForTheDefaultHourAndTheClientHearsAnHour() throws Exception {
        try (CompatGateway g = new CompatGateway(home, CompatGateway.yaml("    health-check: false\n",
                CompatGateway.ROUTES, "k1", "k2"))) {
            g.onChat(FakeOpenAi.json(429, "{\"error\":{\"message\":\"slow down\",\"type\":\"requests\",\"code\":"
                    + "\"rate_limit_exceeded\"}}", "retry-after", "999999999"));
            Instant before = Instant.now();
            HttpResponse<String> r = g.send(g.post("/v1/chat/completions", CHAT));
            assertEquals(429, r.statusCode(), r.body());
            long told = Long.parseLong(r.headers().firstValue("retry-after").orElseThrow());
            assertTrue(told <= 3600 && told >= 3500, "capped Retry-After: " + told);
            assertTrue(Long.parseLong(r.headers().firstValue("retry-after-ms").orElseThrow()) <= 3_600_000);
            AccountPool pool = g.gateway.providers().get("compat").pool();
            for (String k : new String[]{"k1", "k2"}) {
                assertEquals(AccountState.COOLING, pool.find(k).status().state());
                Instant until = pool.find(k).status().until();
                assertTrue(!until.isAfter(Instant.now().plus(Duration.ofHours(1)))
                        && until.isAfter(before.plus(Duration.ofMinutes(59))), k + " cools until " + until);
            }
        }
    }

    @Test
    void maxCooldownIsConfigurablePerProvider() throws Exception {
        try (CompatGateway g = new CompatGateway(home, CompatGateway.yaml("    health-check: false\n    max-cooldown: 90s\n",
                CompatGateway.ROUTES, "k1"))) {
            g.onChat(FakeOpenAi.json(503, "{\"error\":{\"message\":\"busy\",\"type\":\"server_error\"}}",
                    "retry-after", "86400"));
            HttpResponse<String> r = g.send(g.post("/v1/chat/completions", CHAT));
            assertEquals(503, r.statusCode(), r.body());
            assertEquals("90", r.headers().firstValue("retry-after").orElseThrow(),
                    "every error the client gets carries at most the cap");
            g.onChat(FakeOpenAi.json(429, "{\"error\":{\"message\":\"slow down\"}}", "retry-after", "86400"));
            HttpResponse<String> limited = g.send(g.post("/v1/chat/completions", CHAT));
            assertEquals(429, limited.statusCode());
            assertEquals("90", limited.headers().firstValue("retry-after").orElseThrow());
        }
    }
}
