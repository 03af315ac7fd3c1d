package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A health probe that proves nothing (a 200 HTML page, JSON without {@code data}, a 500) used to cool every account
 * at start while chat worked, so every request got 429. Now it is logged and shown, and the accounts keep serving.
 */
class InconclusiveHealthGatewayTest {
    @TempDir
    Path home;

    private static final String ADMIN = "admin:\n  password: correct-horse-battery\n";
    private static final String CHAT = "{\"model\":\"gpt-x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static HttpRequest.Builder admin(CompatGateway g, String token, String method, String path) {
        return HttpRequest.newBuilder(URI.create(g.base() + path)).header("authorization", "Bearer " + token)
                .header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.noBody());
    }

    private static String login(CompatGateway g) throws Exception {
        HttpResponse<String> r = g.send(g.post("/admin/login",
                "{\"username\":\"admin\",\"password\":\"correct-horse-battery\"}"));
        assertEquals(200, r.statusCode(), r.body());
        return Jsons.parseObject(r.body()).getString("token");
    }

    private static void awaitProbes(CompatGateway g, int n) throws InterruptedException {
        for (int i = 0; i < 500 && g.fake.requests(FakeOpenAi.MODELS).size() < n; i++) {
            Thread.sleep(20);
        }
        assertTrue(g.fake.requests(FakeOpenAi.MODELS).size() >= n, "the scheduler probed every account");
    }

    private void inconclusiveProbeKeepsServing(FakeUpstream.Handler models, String expectedDetail) throws Exception {
        try (CompatGateway g = new CompatGateway(home, ADMIN + CompatGateway.yaml("", CompatGateway.ROUTES, "k1", "k2"),
                models)) {
            awaitProbes(g, 2);
            g.onChat(FakeOpenAi.json(200, ChatSse.completion("backend-model", "served", 3, 1)));
            for (int i = 0; i < 4; i++) {
                HttpResponse<String> r = g.send(g.post("/v1/chat/completions", CHAT));
                assertEquals(200, r.statusCode(), r.body());
            }
            var pool = g.gateway.providers().get("compat").pool();
            pool.accounts().forEach(a -> assertEquals(AccountState.ACTIVE, a.status().state(), a.name()));

            String token = login(g);
            JsonObject view = Jsons.parseObject(g.send(admin(g, token, "GET", "/admin/providers/compat/accounts/k1"))
                    .body());
            for (int i = 0; i < 250 && !view.containsKey("health"); i++) { // the probe's answer may still be on its way
                Thread.sleep(20);
                view = Jsons.parseObject(g.send(admin(g, token, "GET", "/admin/providers/compat/accounts/k1")).body());
            }
            assertEquals("unknown", view.getJsonObject("health").getString("status"), view.toString());
            assertTrue(view.getJsonObject("health").getString("detail").contains(expectedDetail), view.toString());
            JsonObject tested = Jsons.parseObject(g.send(admin(g, token, "POST",
                    "/admin/providers/compat/accounts/k1/test")).body());
            assertEquals("unknown", tested.getString("health"), tested.toString());
            assertEquals(false, tested.getBoolean("ok"));
            assertEquals("active", tested.getString("state"));
        }
    }

    @Test
    void aModelListThatIsHtmlKeepsTheAccountsServing() throws Exception {
        inconclusiveProbeKeepsServing((req, ex) -> ex.status(200).header("content-type", "text/html")
                .send("<html><body>Welcome to the relay</body></html>"), "not JSON");
    }

    @Test
    void aModelListWithoutDataKeepsTheAccountsServing() throws Exception {
        inconclusiveProbeKeepsServing(FakeOpenAi.json(200, "{\"models\":[]}"), "without a data array");
    }

    @Test
    void aFailingModelListKeepsTheAccountsServing() throws Exception {
        inconclusiveProbeKeepsServing(FakeOpenAi.json(500, "{\"error\":{\"message\":\"models unavailable\"}}"),
                "models unavailable");
    }

    @Test
    void aRejectedKeyIsStillTakenOut() throws Exception {
        try (CompatGateway g = new CompatGateway(home, ADMIN + CompatGateway.yaml("    health-check: false\n",
                CompatGateway.ROUTES, "k1"), FakeOpenAi.json(401,
                new String(ErrorClassifierTest.fixture("openai-invalid-api-key.json"))))) {
            String token = login(g);
            JsonObject tested = Jsons.parseObject(g.send(admin(g, token, "POST",
                    "/admin/providers/compat/accounts/k1/test")).body());
            assertEquals("unhealthy", tested.getString("health"), tested.toString());
            assertEquals("reauth-required", tested.getString("state"));
        }
    }
}
