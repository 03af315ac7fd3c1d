package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.spi.AccountState;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Behind a relay that forwards only Factory's chat paths, the billing health check finds no endpoint. That proves
 * nothing about the keys: they keep serving (it used to cool every key at start, so every request got 429).
 */
class ChatOnlyRelayHealthGatewayTest {
    @TempDir
    Path home;

    @Test
    void missingBillingEndpointsLeaveEveryKeyServing() throws Exception {
        FakeFactory fake = new FakeFactory().billingStatus(FakeFactory.LIMITS, 404)
                .billingStatus(FakeFactory.SUBSCRIPTION_USAGE, 404).billingStatus(FakeFactory.CHAT_USAGE, 404);
        String yaml = FactoryGateway.yaml("    recovery-interval: 1s\n", FactoryGateway.keys("fk-a", "fk-b"))
                .replace("health-check: false", "health-check: true");
        try (FactoryGateway g = new FactoryGateway(home, fake, yaml)) {
            for (int i = 0; i < 500 && fake.requests(FakeFactory.CHAT_USAGE).size() < 2; i++) {
                Thread.sleep(20);
            }
            assertTrue(fake.requests(FakeFactory.CHAT_USAGE).size() >= 2, "both keys were probed");
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> r = g.send(g.post("/v1/chat/completions", "{\"model\":\"gpt-5.2\",\"messages\":"
                        + "[{\"role\":\"user\",\"content\":\"hi " + i + "\"}]}"));
                assertEquals(200, r.statusCode(), r.body());
            }
            AccountPool pool = g.gateway.providers().get("factory").pool();
            assertEquals(AccountState.ACTIVE, pool.find("fk-a").status().state());
            assertEquals(AccountState.ACTIVE, pool.find("fk-b").status().state());
        }
    }
}
