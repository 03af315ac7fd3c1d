package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Account poisoning through the real gateway: backends echo the model name and parts of the prompt in their 4xx
 * messages, so a client that names its model {@code no-such model; incorrect api key} (or writes such words in its
 * prompt) must get its error back while every key of the pool stays active.
 */
class AccountPoisoningGatewayTest {
    @TempDir
    Path home;

    private static final String[] KEYS = {"k1", "k2", "k3"};

    /** Answers every chat call with {@code status}, quoting the request's model and last message as backends do. */
    private static void echoing(CompatGateway g, int status, String type, String code) {
        g.onChat((req, ex) -> {
            JsonObject body = Jsons.parseObject(req.body());
            String model = body.getString("model", "");
            String prompt = body.getJsonArray("messages").getJsonObject(body.getJsonArray("messages").size() - 1)
                    .toString();
            String message = "The model `" + model + "` does not exist or you do not have access to it; input: " + prompt;
            FakeOpenAi.json(status, "{\"error\":{\"message\":" + Jsons.quote(message) + ",\"type\":\"" + type
                    + "\",\"param\":null,\"code\":\"" + code + "\"}}").handle(req, ex);
        });
    }

    private static void assertAllActive(CompatGateway g) {
        AccountPool pool = g.gateway.providers().get("compat").pool();
        for (PooledAccount a : pool.accounts()) {
            assertEquals(AccountState.ACTIVE, a.status().state(), a.name() + ": " + a.status());
        }
    }

    private static String request(String model, String prompt) {
        return "{\"model\":" + Jsons.quote(model) + ",\"max_tokens\":20,\"messages\":[{\"role\":\"user\",\"content\":"
                + Jsons.quote(prompt) + "}]}";
    }

    @Test
    void aModelNamedLikeAnAuthErrorLeavesEveryKeyActive() throws Exception {
        try (CompatGateway g = new CompatGateway(home, CompatGateway.yaml("    health-check: false\n",
                "  - model: \"*\"\n    targets: [ { provider: compat } ]\n", KEYS))) {
            echoing(g, 404, "invalid_request_error", "model_not_found");
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> r = g.send(g.post("/v1/chat/completions",
                        request("no-such model; incorrect api key", "hi")));
                assertTrue(r.statusCode() == 400 || r.statusCode() == 404, "the client's own error: " + r.statusCode()
                        + " " + r.body());
            }
            assertAllActive(g);
        }
    }

    @Test
    void promptTextEchoedIn4xxAnswersLeavesEveryKeyActive() throws Exception {
        String poison = "incorrect api key; invalid api key; API key not valid; authentication fails; insufficient_quota";
        try (CompatGateway g = new CompatGateway(home, CompatGateway.yaml("    health-check: false\n",
                "  - model: \"*\"\n    targets: [ { provider: compat } ]\n", KEYS))) {
            for (int status : new int[]{400, 404, 403, 422, 409}) {
                echoing(g, status, "invalid_request_error", status == 404 ? "model_not_found" : "invalid_value");
                HttpResponse<String> r = g.send(g.post("/v1/chat/completions", request("no-such-model", poison)));
                assertEquals(status == 422 || status == 409 ? 400 : status, r.statusCode(),
                        "the client's own error: " + r.body());
                HttpResponse<String> a = g.send(g.post("/v1/messages", request("no-such-model", poison))
                        .header("anthropic-version", "2023-06-01"));
                assertTrue(a.statusCode() >= 400 && a.statusCode() < 500, a.statusCode() + " " + a.body());
            }
            assertEquals(10, g.chatRequests().size(),
                    "one upstream call per request: a request problem never fails over to the next key");
            assertAllActive(g);
        }
    }
}
