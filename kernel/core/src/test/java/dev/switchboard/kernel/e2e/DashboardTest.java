package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.spi.QuotaSnapshot;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.PrometheusText;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Grafana dashboard under {@code docs/grafana} queries only metrics that exist: after traffic that exercises
 * every kind of meter, every metric name in its queries is in {@code /metrics}.
 */
class DashboardTest {
    static final Path DASHBOARD = Path.of("").toAbsolutePath().getParent().getParent()
            .resolve("docs/grafana/switchboard-dashboard.json");
    private static final Pattern METRIC = Pattern.compile("\\b(?:switchboard|jvm|process)_[a-zA-Z0-9_]*");

    @TempDir
    Path home;

    static Set<String> queriedMetrics() throws Exception {
        JsonObject d = Jsons.parseObject(Files.readString(DASHBOARD));
        Set<String> out = new TreeSet<>();
        List<JsonValue> panels = new ArrayList<>(d.getJsonArray("panels"));
        for (int i = 0; i < panels.size(); i++) {
            JsonObject p = panels.get(i).asJsonObject();
            if (p.containsKey("panels")) {
                panels.addAll(p.getJsonArray("panels"));
            }
            if (p.containsKey("targets")) {
                for (JsonObject t : p.getJsonArray("targets").getValuesAs(JsonObject.class)) {
                    Matcher m = METRIC.matcher(t.getString("expr"));
                    while (m.find()) {
                        out.add(m.group());
                    }
                }
            }
        }
        for (JsonObject v : d.getJsonObject("templating").getJsonArray("list").getValuesAs(JsonObject.class)) {
            Matcher m = METRIC.matcher(v.getString("query", ""));
            while (m.find()) {
                out.add(m.group());
            }
        }
        return out;
    }

    @Test
    void everyMetricTheDashboardQueriesIsExported() throws Exception {
        Set<String> queried = queriedMetrics();
        assertTrue(queried.size() > 20, queried.toString());
        try (GatewayFixture f = new GatewayFixture(home, """
                pricing:
                  models:
                    claude-opus-5-5: { input: 1, output: 2 }
                """ + GatewayFixture.oneProvider("    metered-credits: 0.5\n", "k1", "k2"))) {
            AtomicInteger calls = new AtomicInteger();
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                if (calls.incrementAndGet() == 1) {
                    ex.status(500).json("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"x\"}}");
                    return;
                }
                ex.status(200).header("content-type", "text/event-stream");
                AnthropicSse sse = AnthropicSse.start("m", 10, 5, 20).text("a");
                if (req.bodyText().contains("slow")) {
                    ex.write(sse.body()).pause(Duration.ofSeconds(5));
                } else {
                    ex.write(sse.end("end_turn", 3).body());
                }
                ex.end();
            });
            String conversation = "{\"model\":\"%s\",\"max_tokens\":10,\"stream\":true,\"metadata\":{\"user_id\":"
                    + "\"user_1_account__session_0b7c\"},\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";
            for (String model : new String[]{"claude-opus-5-5", "claude-sonnet-4-5", "claude-opus-5-5"}) {
                assertEquals(200, f.send(f.post("/v1/messages", conversation.formatted(model, "hi"))).statusCode());
            }
            assertEquals(404, f.send(f.post("/v1/messages", conversation.formatted("nope", "hi"))).statusCode());
            // A client that leaves mid-stream.
            HttpResponse<InputStream> slow = f.http.send(f.post("/v1/messages", conversation.formatted(
                    "claude-opus-5-5", "slow")).build(), HttpResponse.BodyHandlers.ofInputStream());
            slow.body().read(new byte[64]);
            slow.body().close();
            AccountPool pool = f.gateway.providers().get("up").pool();
            pool.updateQuota(pool.find("k1"), new QuotaSnapshot(20.0, 100.0, null, "credits"));
            f.awaitUsageRows(5);

            PrometheusText m = awaitAborted(f);
            Set<String> exported = new TreeSet<>(m.sampleNames());
            exported.addAll(m.families());
            Set<String> missing = new TreeSet<>(queried);
            missing.removeAll(exported);
            assertEquals(Set.of(), missing, "queried by the dashboard but not exported");
        }
    }

    /** The aborted stream is counted when its request ends (the next heartbeat finds the client gone). */
    private static PrometheusText awaitAborted(GatewayFixture f) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            PrometheusText m = MetricsTest.scrape(f);
            if (m.sum("switchboard_aborted_requests_total") >= 1 || System.nanoTime() > deadline) {
                return m;
            }
            Thread.sleep(50);
        }
    }
}
