package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import jakarta.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cost: every usage row is priced from the price table (the instance's own prices, then {@code pricing.models},
 * then the plugin's defaults), {@code /admin/usage} sums it, and cost limits answer 429 in the client's dialect.
 */
class CostTest {
    private static final String CONFIG = """
            admin:
              password: correct-horse-battery
            pricing:
              currency: EUR
              models:
                claude-opus-5-5: { input: 3, output: 15, cache-read: 0.3, cache-write: 3.75 }
                "claude-haiku-*": { input: 1, output: 5 }
            clients:
              keys:
                - { name: capped, key: sk-capped-0123456789abcdef, daily-cost-limit: 0.01 }
                - { name: open, key: sk-open-0123456789abcdef }
            providers:
              - id: up
                plugin: scripted
                base-url: ${FAKE}
                models: [ claude-opus-5-5, claude-sonnet-4-5, claude-haiku-4-5, claude-mystery-1 ]
                default-prices: { claude-sonnet-4-5: "1,2,0.1,1.25", claude-opus-5-5: "99,99,99,99" }
                accounts: [ { name: a1, api-key: a1 } ]
              - id: flat
                plugin: scripted
                base-url: ${FAKE}
                prices:
                  claude-opus-5-5: { input: 0, output: 0, cache-read: 0, cache-write: 0 }
                accounts: [ { name: f1, api-key: f1 } ]
            routes:
              - model: cheap-opus
                targets: [ { provider: flat, model: claude-opus-5-5 } ]
            """;
    private static final String OPEN = "sk-open-0123456789abcdef";

    @TempDir
    Path home;

    /** 1000 input, 200 cache-write, 3000 cache-read and 500 output tokens per answer. */
    private static void answers(GatewayFixture f) {
        f.fake.on("POST", "/v1/messages", (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            AnthropicSse.start("m", 1000, 200, 3000).text("ok").end("end_turn", 500).frames().forEach(ex::write);
            ex.end();
        });
    }

    private static String messages(String model) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    private static Map<String, BigDecimal> costsByModel(GatewayFixture f) {
        Map<String, BigDecimal> out = new HashMap<>();
        f.gateway.store().database().jdbi().useHandle(h -> h.createQuery("SELECT route_model, cost FROM usage")
                .map((rs, ctx) -> Map.entry(rs.getString(1), java.util.Optional.ofNullable(rs.getBigDecimal(2))))
                .forEach(e -> out.put(e.getKey(), e.getValue().orElse(null))));
        return out;
    }

    @Test
    void rowsArePricedFromTheTableInItsOrderOfPrecedence() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, CONFIG)) {
            answers(f);
            for (String model : new String[]{"claude-opus-5-5", "claude-sonnet-4-5", "claude-haiku-4-5",
                    "claude-mystery-1", "cheap-opus"}) {
                HttpResponse<String> r = f.send(f.post("/v1/messages", messages(model)).header("x-api-key", OPEN));
                assertEquals(200, r.statusCode(), model + ": " + r.body());
            }
            f.awaitUsageRows(5);
            Map<String, BigDecimal> cost = costsByModel(f);
            // pricing.models beats the plugin's default (99 per million of everything):
            // 1000×3 + 500×15 + 3000×0.3 + 200×3.75 = 12150 per million
            assertEquals(0, new BigDecimal("0.01215").compareTo(cost.get("claude-opus-5-5")), cost.toString());
            // the plugin's default: 1000×1 + 500×2 + 3000×0.1 + 200×1.25 = 2550
            assertEquals(0, new BigDecimal("0.00255").compareTo(cost.get("claude-sonnet-4-5")), cost.toString());
            // a glob, cache prices defaulting to the input price: 1000 + 2500 + 3000 + 200 = 6700
            assertEquals(0, new BigDecimal("0.0067").compareTo(cost.get("claude-haiku-4-5")), cost.toString());
            // the instance's own prices beat pricing.models for the same upstream model
            assertEquals(0, BigDecimal.ZERO.compareTo(cost.get("cheap-opus")), cost.toString());
            assertTrue(cost.containsKey("claude-mystery-1"));
            assertNull(cost.get("claude-mystery-1"), "no price anywhere: no cost, rather than a false zero");

            String token = f.adminToken("correct-horse-battery");
            HttpResponse<String> usage = f.send(f.admin(token, "GET", "/admin/usage?group_by=model", null));
            assertEquals(200, usage.statusCode(), usage.body());
            JsonObject report = Jsons.parseObject(usage.body());
            assertEquals("EUR", report.getString("currency"));
            JsonObject total = report.getJsonObject("total");
            assertEquals(0, new BigDecimal("0.0214").compareTo(total.getJsonNumber("cost").bigDecimalValue()),
                    total.toString());
            assertEquals(1, total.getInt("unpriced_requests"), total.toString());
            JsonObject opus = report.getJsonArray("groups").getValuesAs(JsonObject.class).stream()
                    .filter(g -> g.getString("key").equals("claude-opus-5-5")).findFirst().orElseThrow();
            assertEquals(0, new BigDecimal("0.01215").compareTo(opus.getJsonObject("totals").getJsonNumber("cost")
                    .bigDecimalValue()));
        }
    }

    @Test
    void aDailyCostLimitAnswers429InBothDialectsNamingTheLimit() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, CONFIG)) {
            answers(f);
            String capped = "sk-capped-0123456789abcdef";
            assertEquals(200, f.send(f.post("/v1/messages", messages("claude-opus-5-5")).header("x-api-key", capped))
                    .statusCode(), "the first request fits; it costs 0.01215 EUR of the 0.01 EUR");
            f.awaitUsageRows(1);
            HttpResponse<String> anthropic = f.send(f.post("/v1/messages", messages("claude-opus-5-5"))
                    .header("x-api-key", capped));
            assertEquals(429, anthropic.statusCode(), anthropic.body());
            JsonObject a = Jsons.parseObject(anthropic.body());
            assertEquals("error", a.getString("type"));
            assertEquals("rate_limit_error", a.getJsonObject("error").getString("type"));
            String message = a.getJsonObject("error").getString("message");
            assertTrue(message.contains("daily cost limit") && message.contains("0.01 EUR") && message.contains("capped"),
                    message);
            assertTrue(Long.parseLong(anthropic.headers().firstValue("retry-after").orElseThrow()) > 0);

            HttpResponse<String> openai = f.send(f.post("/v1/chat/completions", chat("claude-opus-5-5"))
                    .header("Authorization", "Bearer " + capped));
            assertEquals(429, openai.statusCode(), openai.body());
            JsonObject o = Jsons.parseObject(openai.body()).getJsonObject("error");
            assertEquals("insufficient_quota", o.getString("code"));
            assertTrue(o.getString("message").contains("daily cost limit"), o.toString());

            assertEquals(200, f.send(f.post("/v1/messages", messages("claude-opus-5-5")).header("x-api-key", OPEN))
                    .statusCode(), "other keys are not affected");
            assertEquals(2, f.fake.requests().size(), "refused requests never reach the upstream");
        }
    }

    @Test
    void aMonthlyCostLimitSetThroughTheAdminApiIsEnforcedToo() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, CONFIG)) {
            answers(f);
            String token = f.adminToken("correct-horse-battery");
            HttpResponse<String> created = f.send(f.admin(token, "POST", "/admin/keys",
                    "{\"name\":\"team\",\"monthly_cost_limit\":\"0.005\",\"daily_cost_limit\":1}"));
            assertEquals(201, created.statusCode(), created.body());
            JsonObject key = Jsons.parseObject(created.body());
            assertEquals(0, new BigDecimal("0.005").compareTo(key.getJsonNumber("monthly_cost_limit").bigDecimalValue()));
            assertEquals(1, key.getInt("daily_cost_limit"));
            String secret = key.getString("key");
            assertEquals(200, f.send(f.post("/v1/responses", "{\"model\":\"claude-haiku-4-5\",\"input\":\"hi\"}")
                    .header("Authorization", "Bearer " + secret)).statusCode());
            f.awaitUsageRows(1);
            HttpResponse<String> refused = f.send(f.post("/v1/responses",
                    "{\"model\":\"claude-haiku-4-5\",\"input\":\"hi\"}").header("Authorization", "Bearer " + secret));
            assertEquals(429, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("monthly cost limit"), refused.body());

            HttpResponse<String> bad = f.send(f.admin(token, "POST", "/admin/keys",
                    "{\"name\":\"bad\",\"daily_cost_limit\":-1}"));
            assertEquals(400, bad.statusCode(), bad.body());
            assertTrue(bad.body().contains("daily_cost_limit"), bad.body());
        }
    }
}
