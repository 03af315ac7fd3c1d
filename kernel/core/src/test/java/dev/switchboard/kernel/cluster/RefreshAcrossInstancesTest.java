package dev.switchboard.kernel.cluster;

import static dev.switchboard.kernel.cluster.GatewayCluster.OPEN_KEY;
import static dev.switchboard.kernel.cluster.GatewayCluster.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rotating refresh token is spent once: three instances start at the same moment with the same expired access
 * token, each refreshes ahead of its first request (and its scheduler wants to as well), and the token endpoint
 * — which, like WorkOS and Kiro, accepts each refresh token once — sees exactly one refresh.
 */
class RefreshAcrossInstancesTest {
    @TempDir
    Path dir;
    GatewayCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void threeInstancesStartingWithAnExpiredTokenRefreshItExactlyOnce() throws Exception {
        GatewayCluster c = new GatewayCluster(dir);
        cluster = c;
        AtomicInteger refreshes = new AtomicInteger();
        AtomicInteger reused = new AtomicInteger();
        AtomicReference<String> validRefresh = new AtomicReference<>("rt-0");
        AtomicReference<String> validAccess = new AtomicReference<>("at-0-expired");
        c.fake.on("POST", "/oauth/token", (req, ex) -> {
            String presented = Jsons.parseObject(req.body()).getString("refresh_token");
            synchronized (validRefresh) {
                if (!presented.equals(validRefresh.get())) {
                    reused.incrementAndGet();
                    ex.status(400).header("content-type", "application/json").send("{\"error\":\"invalid_grant\"}");
                    return;
                }
                int n = refreshes.incrementAndGet();
                validRefresh.set("rt-" + n);
                validAccess.set("at-" + n);
                ex.status(200).header("content-type", "application/json").send("{\"access_token\":\"at-" + n
                        + "\",\"refresh_token\":\"rt-" + n + "\",\"expires_in\":3600}");
            }
        });
        String ok = AnthropicSse.start("m", 5).text("fresh").end("end_turn", 2).body();
        c.fake.on("POST", "/v1/messages", (req, ex) -> {
            if (!validAccess.get().equals(req.header("x-api-key"))) {
                ex.status(401).header("content-type", "application/json")
                        .send("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"expired\"}}");
                return;
            }
            ex.status(200).header("content-type", "text/event-stream").send(ok);
        });
        String providers = """
                - id: up
                  plugin: scripted
                  base-url: ${FAKE}
                  models: [ claude-sonnet-4-5 ]
                - id: rot
                  plugin: rotating
                  base-url: ${FAKE}
                  models: [ rot-model ]
                  refresh-check-interval: 100ms
                  accounts:
                    - { name: r1, access-token: at-0-expired, refresh-token: rt-0, expires-at: "2001-01-01T00:00:00Z" }
                """;
        List<Gateway> g = c.start(3, c.yaml(0, providers));

        List<Future<HttpResponse<String>>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 9; i++) {
                Gateway target = g.get(i % 3);
                answers.add(pool.submit(() -> c.post(target, OPEN_KEY, message("rot-model", "hi"))));
            }
            for (Future<HttpResponse<String>> a : answers) {
                HttpResponse<String> r = a.get();
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().contains("fresh"), r.body());
            }
        }
        assertEquals(1, refreshes.get(), "one refresh across the three instances");
        assertEquals(0, reused.get(), "the rotated refresh token was never presented twice");
        for (Gateway each : g) {
            GatewayCluster.await("every instance holds the rotated credential", () -> "at-1".equals(
                    GatewayCluster.account(each, "rot", "r1").toAccount().credential("access-token")));
        }
        JsonObject stored = g.get(2).store().accounts().find("rot", "r1").orElseThrow().credentials();
        assertEquals("rt-1", stored.getString("refresh-token"), "the rotated token is what is stored");
    }
}
