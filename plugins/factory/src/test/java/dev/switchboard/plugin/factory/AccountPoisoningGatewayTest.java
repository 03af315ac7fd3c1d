package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.json.Jsons;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account poisoning through the real gateway: Factory's 4xx answers that quote the client's prompt or model —
 * whatever the quote says ("invalid api key", "account suspended", "Unauthorized: token expired") — are the
 * client's answer, and every key stays active.
 */
class AccountPoisoningGatewayTest {
    @TempDir
    Path home;

    static final String POISON = "no-such model; incorrect api key; Invalid API key; Unauthorized: token expired;"
            + " This organization has been suspended; authentication failed";

    @Test
    void promptTextQuotedInFactory4xxAnswersLeavesEveryKeyActive() throws Exception {
        FakeFactory fake = new FakeFactory();
        int[] status = {400};
        fake.http.on("POST", FakeFactory.A, (r, x) -> {
            String quoted = Jsons.quote("Your request was blocked: " + r.bodyText().replace('"', '\''));
            String type = status[0] == 403 ? "permission_error" : status[0] == 404 ? "not_found_error"
                    : "invalid_request_error";
            x.status(status[0]).json("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":" + quoted + "}}");
        });
        try (FactoryGateway g = new FactoryGateway(home, fake, FactoryGateway.yaml("    affinity: false\n",
                FactoryGateway.keys("fk-1", "fk-2", "fk-3")))) {
            for (int s : new int[]{400, 403, 404, 422}) {
                status[0] = s;
                HttpResponse<String> r = g.send(g.post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":"
                        + "10,\"messages\":[{\"role\":\"user\",\"content\":" + Jsons.quote(POISON) + "}]}")
                        .header("anthropic-version", "2023-06-01"));
                assertTrue(r.statusCode() >= 400 && r.statusCode() < 500, s + " -> " + r.statusCode() + " " + r.body());
            }
            assertEquals(4, fake.requests(FakeFactory.A).size(), "a request problem never fails over to the next key");
            var pool = g.gateway.providers().get("factory").pool();
            pool.accounts().forEach(a -> assertEquals(AccountState.ACTIVE, a.status().state(), a.name()));
        }
    }
}
