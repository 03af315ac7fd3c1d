package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.PrometheusText;
import jakarta.json.JsonObject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics}, read with a strict text-format parser: counters move by exactly the requests sent, the
 * histograms count them, label values stay within the names the configuration knows whatever clients send, and
 * the endpoint is loopback-only / token-protected as configured.
 */
class MetricsTest {
    private static final String KEYS = """
            clients:
              keys:
                - { name: ci, key: sk-ci-0123456789abcdef0 }
            pricing:
              models:
                claude-opus-5-5: { input: 1, output: 2 }
            """;
    private static final String KEY = "sk-ci-0123456789abcdef0";

    @TempDir
    Path home;

    static PrometheusText scrape(GatewayFixture f) throws Exception {
        HttpResponse<String> r = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/metrics")));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"),
                r.headers().map().toString());
        return PrometheusText.parse(r.body());
    }

    /**
     * Scrapes until {@code requests} requests have been counted since {@code before} (bounded): a request is counted
     * when its exchange ends, which may be just after the client read the last byte of the answer.
     */
    static PrometheusText scrapeAfter(GatewayFixture f, PrometheusText before, int requests) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        PrometheusText now = scrape(f);
        while (delta(before, now, "switchboard_requests_total") < requests && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = scrape(f);
        }
        return now;
    }

    private static String messages(String model, boolean stream) {
        return "{\"model\":" + Jsons.quote(model) + ",\"max_tokens\":10,\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void countersMoveByExactlyTheRequestsOfEachKindAndHistogramsCountThem() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, KEYS + GatewayFixture.oneProvider("", "k1", "k2"))) {
            AtomicInteger calls = new AtomicInteger();
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                // Every third upstream call fails with 500 on account k1, so some requests fail over to k2.
                if ("k1".equals(req.header("x-api-key")) && calls.incrementAndGet() % 3 == 0) {
                    ex.status(500).json("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}");
                    return;
                }
                ex.status(200).header("content-type", "text/event-stream");
                AnthropicSse.start("m", 20, 5, 30).text("ok").end("end_turn", 7).frames().forEach(ex::write);
                ex.end();
            });
            PrometheusText before = scrape(f);
            int streams = 4;
            int unary = 3;
            int chats = 2;
            int unauthorized = 2;
            int unknownModel = 3;
            for (int i = 0; i < streams; i++) {
                assertEquals(200, f.send(f.post("/v1/messages", messages("claude-opus-5-5", true))
                        .header("x-api-key", KEY)).statusCode());
            }
            for (int i = 0; i < unary; i++) {
                assertEquals(200, f.send(f.post("/v1/messages", messages("claude-opus-5-5", false))
                        .header("x-api-key", KEY)).statusCode());
            }
            for (int i = 0; i < chats; i++) {
                assertEquals(200, f.send(f.post("/v1/chat/completions",
                        "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                        .header("Authorization", "Bearer " + KEY)).statusCode());
            }
            for (int i = 0; i < unauthorized; i++) {
                assertEquals(401, f.send(f.post("/v1/messages", messages("claude-opus-5-5", false))).statusCode());
            }
            for (int i = 0; i < unknownModel; i++) {
                assertEquals(404, f.send(f.post("/v1/messages", messages("gpt-unknown", false))
                        .header("x-api-key", KEY)).statusCode());
            }
            f.awaitUsageRows(streams + unary + chats + unknownModel);
            PrometheusText after = scrapeAfter(f, before, streams + unary + chats + unauthorized + unknownModel);

            String requests = "switchboard_requests_total";
            assertEquals("counter", after.type(requests));
            assertEquals(streams + unary, delta(before, after, requests, "api", "messages", "route_model",
                    "claude-opus-5-5", "provider", "up", "status_class", "2xx", "error_kind", "none"));
            assertEquals(chats, delta(before, after, requests, "api", "chat_completions", "route_model",
                    "claude-sonnet-4-5", "status_class", "2xx"));
            assertEquals(unauthorized, delta(before, after, requests, "api", "messages", "route_model", "none",
                    "provider", "none", "status_class", "4xx", "error_kind", "client_auth"));
            assertEquals(unknownModel, delta(before, after, requests, "api", "messages", "route_model", "other",
                    "status_class", "4xx", "error_kind", "not_found"));
            int all = streams + unary + chats + unauthorized + unknownModel;
            assertEquals(all, delta(before, after, requests));

            String latency = "switchboard_request_duration_seconds";
            assertEquals("histogram", after.type(latency));
            assertEquals(all, delta(before, after, latency + "_count"));
            assertEquals(streams + unary, delta(before, after, latency + "_bucket", "api", "messages", "route_model",
                    "claude-opus-5-5", "le", "+Inf"));
            assertTrue(after.sum(latency + "_sum") > 0);
            assertEquals(streams + unary + chats, delta(before, after, "switchboard_time_to_first_byte_seconds_count",
                    "provider", "up"));

            // Every successful request made at least one attempt; 500s on k1 failed over to k2.
            int served = streams + unary + chats;
            double attempts = delta(before, after, "switchboard_request_attempts_sum");
            double failovers = delta(before, after, "switchboard_failovers_total");
            assertEquals(served, delta(before, after, "switchboard_request_attempts_count"));
            assertEquals(attempts - served, failovers, "one failover per attempt after the first");
            assertEquals(calls.get() / 3, (int) failovers, "every upstream 500 caused exactly one failover");
            assertTrue(failovers >= 1, "the script makes at least one request fail over");

            String tokens = "switchboard_tokens_total";
            assertEquals(20.0 * served, delta(before, after, tokens, "kind", "input", "client_key", "ci"));
            assertEquals(7.0 * served, delta(before, after, tokens, "kind", "output", "provider", "up"));
            assertEquals(30.0 * served, delta(before, after, tokens, "kind", "cache_read", "upstream_model",
                    "claude-opus-5-5") + delta(before, after, tokens, "kind", "cache_read", "upstream_model",
                    "claude-sonnet-4-5"));
            assertEquals(5.0 * served, delta(before, after, tokens, "kind", "cache_write"));
            // priced: (20 + 5 + 30) × 1 + 7 × 2 per million per opus request; sonnet has no price
            assertEquals((streams + unary) * 69e-6, delta(before, after, "switchboard_cost_total"), 1e-12);
            assertEquals(chats, delta(before, after, "switchboard_unpriced_requests_total", "upstream_model",
                    "claude-sonnet-4-5"));

            assertEquals(2, after.sum("switchboard_accounts", "provider", "up", "state", "active"));
            assertEquals(0, after.sum("switchboard_accounts", "provider", "up", "state", "banned"));
            assertEquals(0, after.sum("switchboard_in_flight", "provider", "up"));
            assertEquals(0, after.sum("switchboard_usage_writer_backlog"));
            assertEquals(30.0 / 55, after.sum("switchboard_cache_read_ratio", "provider", "up"), 1e-9);
            for (String jvm : new String[]{"jvm_memory_used_bytes", "jvm_threads_current", "process_open_fds",
                    "jvm_gc_collection_seconds_count"}) {
                assertTrue(after.sampleNames().contains(jvm), jvm + " in " + after.sampleNames());
            }
        }
    }

    private static double delta(PrometheusText before, PrometheusText after, String name, String... labels) {
        return after.sum(name, labels) - before.sum(name, labels);
    }

    @Test
    void labelValuesStayWithinConfiguredNamesWhateverModelsClientsSend() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            Random random = new Random(17);
            for (int i = 0; i < 1000; i++) {
                StringBuilder model = new StringBuilder(i % 2 == 0 ? "claude-" : "");
                for (int c = 0; c < 1 + random.nextInt(24); c++) {
                    model.append((char) (0x21 + random.nextInt(0x5e)));
                }
                HttpResponse<String> r = f.send(f.post("/v1/messages", messages(model.toString(), false)));
                assertTrue(r.statusCode() == 404 || r.statusCode() == 400, model + ": " + r.statusCode());
            }
            PrometheusText m = scrape(f);
            assertEquals(1000, m.sum("switchboard_requests_total"));
            Set<String> routes = m.labelValues("switchboard_requests_total", "route_model");
            assertTrue(Set.of("claude-*", "claude-opus-5-5", "claude-sonnet-4-5", "other", "none").containsAll(routes),
                    routes.toString());
            assertTrue(routes.contains("claude-*") && routes.contains("other"), routes.toString());
            assertTrue(m.labelValues("switchboard_request_duration_seconds_bucket", "route_model").size() <= 5);
            assertTrue(Set.of("up", "none").containsAll(m.labelValues("switchboard_requests_total", "provider")));
        }
    }

    @Test
    void openMetricsOnAcceptAndNoObserveRoutes() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            HttpResponse<String> om = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/metrics"))
                    .header("Accept", "application/openmetrics-text; version=1.0.0; charset=utf-8"));
            assertEquals(200, om.statusCode());
            assertTrue(om.headers().firstValue("content-type").orElse("").startsWith("application/openmetrics-text"));
            assertTrue(om.body().endsWith("# EOF\n"), "OpenMetrics ends with # EOF");
            HttpResponse<String> protobuf = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/metrics"))
                    .header("Accept", "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; "
                            + "encoding=delimited"));
            assertEquals(200, protobuf.statusCode());
            PrometheusText.parse(protobuf.body()); // protobuf is not shipped: the text format it is
            for (String path : new String[]{"/observe/metrics", "/observe/health", "/observe", "/metrics/vendor"}) {
                assertEquals(404, f.send(HttpRequest.newBuilder(URI.create(f.base() + path))).statusCode(), path);
            }
        }
    }

    @Test
    void theCacheReadRatioOfTheLastHourIsShownPerProviderAndAccount() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, "admin:\n  password: correct-horse-battery\n"
                + GatewayFixture.oneProvider("", "k1", "k2", "k3"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                boolean warm = "k1".equals(req.header("x-api-key"));
                ex.status(200).header("content-type", "text/event-stream");
                (warm ? AnthropicSse.start("m", 10, 0, 90) : AnthropicSse.start("m", 50, 50, 0)).text("ok")
                        .end("end_turn", 3).frames().forEach(ex::write);
                ex.end();
            });
            for (int i = 0; i < 4; i++) { // round-robin: k1, k2, k3, k1
                assertEquals(200, f.send(f.post("/v1/messages", messages("claude-opus-5-5", true))).statusCode());
            }
            f.awaitUsageRows(4);
            HttpResponse<String> r = f.send(f.admin(f.adminToken("correct-horse-battery"), "GET", "/admin/cache",
                    null));
            assertEquals(200, r.statusCode(), r.body());
            JsonObject body = Jsons.parseObject(r.body());
            assertEquals(3600, body.getInt("window_seconds"));
            JsonObject up = body.getJsonArray("providers").getJsonObject(0);
            assertEquals("up", up.getString("provider"));
            assertEquals(400, up.getInt("prompt_tokens"));
            assertEquals(180, up.getInt("cache_read_tokens"));
            assertEquals(0.45, up.getJsonNumber("cache_read_ratio").doubleValue(), 1e-9);
            JsonObject k1 = up.getJsonArray("accounts").getJsonObject(0);
            assertEquals("k1", k1.getString("account"));
            assertEquals(0.9, k1.getJsonNumber("cache_read_ratio").doubleValue(), 1e-9);
            assertEquals(0.0, up.getJsonArray("accounts").getJsonObject(1).getJsonNumber("cache_read_ratio")
                    .doubleValue());

            PrometheusText m = scrape(f);
            assertEquals(0.45, m.sum("switchboard_cache_read_ratio", "provider", "up"), 1e-9);
            assertEquals(0.9, m.sum("switchboard_account_cache_read_ratio", "provider", "up", "account", "k1"), 1e-9);
            assertEquals(0.0, m.sum("switchboard_account_cache_read_ratio", "account", "k2"));
        }
    }

    @Test
    void aRequestUnderABaseUrlPrefixIsCountedOnce() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                AnthropicSse.start("m", 10).text("ok").end("end_turn", 3).frames().forEach(ex::write);
                ex.end();
            });
            assertEquals(200, f.send(f.post("/anthropic/v1/messages", messages("claude-opus-5-5", false)))
                    .statusCode());
            f.awaitUsageRows(1);
            PrometheusText m = scrapeAfter(f, PrometheusText.parse(""), 1);
            assertEquals(1, m.sum("switchboard_requests_total", "api", "messages"));
            assertEquals(10, m.sum("switchboard_tokens_total", "kind", "input"));
        }
    }

    @Test
    void theMetricsTokenIsMaskedInTheEffectiveConfiguration() throws Exception {
        String token = "metrics-token-0123456789";
        try (GatewayFixture f = new GatewayFixture(home, "admin:\n  password: correct-horse-battery\nmetrics:\n  token: "
                + token + "\n" + GatewayFixture.oneProvider("", "k1"))) {
            HttpResponse<String> r = f.send(f.admin(f.adminToken("correct-horse-battery"), "GET", "/admin/config",
                    null));
            assertEquals(200, r.statusCode());
            assertEquals("***", Jsons.parseObject(r.body()).getJsonObject("config").getJsonObject("metrics")
                    .getString("token"));
            assertTrue(!r.body().contains(token), r.body());
            assertEquals(401, f.send(HttpRequest.newBuilder(URI.create(f.base() + "/metrics"))).statusCode(),
                    "a token is required from loopback callers too");
        }
    }

    @Test
    void disabledMetricsHaveNoRoute() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, "metrics:\n  enabled: false\n"
                + GatewayFixture.oneProvider("", "k1"))) {
            assertEquals(404, f.send(HttpRequest.newBuilder(URI.create(f.base() + "/metrics"))).statusCode());
        }
    }

    @Test
    void remoteScrapersAreRefusedByDefaultAndNeedTheTokenWhenAllowed() throws Exception {
        InetAddress lan = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(n -> Collections.list(n.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst().orElse(null);
        assumeTrue(lan != null, "this machine has no non-loopback IPv4 address to reach the gateway from");
        // The Host check (no client key: loopback names only) would refuse the LAN address before /metrics answers.
        String anyHost = GatewayFixture.oneProvider("", "k1").replace("server:\n", "server:\n  host: 0.0.0.0\n"
                + "  allowed-hosts: [ \"" + lan.getHostAddress() + "\" ]\n");
        try (GatewayFixture f = new GatewayFixture(home, anyHost)) {
            URI remote = URI.create("http://" + lan.getHostAddress() + ":" + f.gateway.port() + "/metrics");
            HttpResponse<String> r = f.send(HttpRequest.newBuilder(remote));
            assertEquals(403, r.statusCode(), r.body());
            JsonObject e = Jsons.parseObject(r.body()).getJsonObject("error");
            assertTrue(e.getString("message").contains("metrics.loopback-only"), e.toString());
        }
        String token = "metrics-token-0123456789";
        try (GatewayFixture f = new GatewayFixture(home, """
                metrics:
                  loopback-only: false
                  token: %s
                """.formatted(token) + anyHost)) {
            URI remote = URI.create("http://" + lan.getHostAddress() + ":" + f.gateway.port() + "/metrics");
            HttpResponse<String> none = f.send(HttpRequest.newBuilder(remote));
            assertEquals(401, none.statusCode());
            assertTrue(none.headers().firstValue("www-authenticate").orElse("").startsWith("Bearer"));
            assertEquals(401, f.send(HttpRequest.newBuilder(remote).header("Authorization", "Bearer wrong"))
                    .statusCode());
            HttpResponse<String> ok = f.send(HttpRequest.newBuilder(remote).header("Authorization", "Bearer " + token));
            assertEquals(200, ok.statusCode());
            PrometheusText.parse(ok.body());
        }
    }
}
