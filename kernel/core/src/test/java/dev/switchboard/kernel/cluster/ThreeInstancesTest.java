package dev.switchboard.kernel.cluster;

import static dev.switchboard.kernel.cluster.GatewayCluster.LIMITED_KEY;
import static dev.switchboard.kernel.cluster.GatewayCluster.OPEN_KEY;
import static dev.switchboard.kernel.cluster.GatewayCluster.await;
import static dev.switchboard.kernel.cluster.GatewayCluster.awaitListening;
import static dev.switchboard.kernel.cluster.GatewayCluster.message;
import static dev.switchboard.kernel.cluster.GatewayCluster.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.FakeUpstream;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three gateway instances in one JVM that share nothing but a real PostgreSQL database, each request sent to the
 * next instance in turn: what one instance learns or writes, the others act on.
 */
class ThreeInstancesTest {
    private static final String OK = AnthropicSse.start("m", 7).text("ok").end("end_turn", 3).body();

    @TempDir
    Path dir;
    GatewayCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private GatewayCluster cluster() {
        cluster = new GatewayCluster(dir);
        return cluster;
    }

    private static void answerOk(FakeUpstream fake) {
        fake.on("POST", "/v1/messages", (req, ex) -> ex.status(200).header("content-type", "text/event-stream")
                .send(OK));
    }

    @Test
    void usageRowsFromEveryInstanceAddUpExactlyAndAdminSessionsWorkEverywhere() throws Exception {
        GatewayCluster c = cluster();
        answerOk(c.fake);
        List<Gateway> g = c.start(3, c.yaml(0, GatewayCluster.twoAccounts()));
        int perInstance = 20;
        AtomicInteger answered = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < 3 * perInstance; i++) {
                Gateway target = g.get(i % 3);
                sent.add(pool.submit(() -> {
                    HttpResponse<String> r = c.post(target, OPEN_KEY, message("claude-sonnet-4-5", "hi"));
                    if (r.statusCode() == 200) {
                        answered.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        }
        assertEquals(3 * perInstance, answered.get());

        // Log in on the first instance, read the usage through the third: one session, one set of rows. A report
        // folds its own instance's journal first; the others' rows arrive with their next fold (about a second).
        String token = login(c, g.get(0));
        java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> usage =
                new java.util.concurrent.atomic.AtomicReference<>();
        await("every instance's rows are in the shared usage", () -> {
            try {
                usage.set(c.get(g.get(2), "/admin/usage?group_by=key", token));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            return usage.get().statusCode() != 200 || Jsons.parseObject(usage.get().body()).getJsonObject("total")
                    .getJsonNumber("requests").longValue() >= 3 * perInstance;
        });
        assertEquals(200, usage.get().statusCode(), usage.get().body());
        JsonObject total = Jsons.parseObject(usage.get().body()).getJsonObject("total");
        assertEquals(3 * perInstance, total.getJsonNumber("requests").longValue(), usage.get().body());
        assertEquals(3L * perInstance * 7, total.getJsonNumber("input_tokens").longValue(), usage.get().body());
        assertEquals(3L * perInstance * 3, total.getJsonNumber("output_tokens").longValue(), usage.get().body());

        assertEquals(200, c.get(g.get(1), "/admin/keys", token).statusCode(), "the session is valid on B too");
        HttpResponse<String> logout = c.http.send(HttpRequest.newBuilder(URI.create(g.get(1).baseUrl()
                        + "/admin/logout")).header("Authorization", "Bearer " + token)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(logout.statusCode() == 204 || logout.statusCode() == 200, logout.body());
        assertEquals(401, c.get(g.get(2), "/admin/keys", token).statusCode(), "logged out on B is logged out on C");

        for (Gateway each : g) {
            HttpResponse<String> ready = c.get(each, "/health/ready", null);
            assertEquals(200, ready.statusCode(), ready.body());
            JsonObject db = Jsons.parseObject(ready.body()).getJsonObject("database");
            assertEquals("up", db.getString("status"));
            assertEquals("postgresql", db.getString("vendor"));
            assertEquals("listening", db.getString("notifications"));
        }
    }

    @Test
    void aRateLimitSeenByOneInstanceStopsTheOthersUntilTheSharedClockPassesIt() throws Exception {
        GatewayCluster c = cluster();
        AtomicInteger limited = new AtomicInteger();
        c.fake.on("POST", "/v1/messages", (req, ex) -> {
            if ("key-a1".equals(req.header("x-api-key")) && limited.getAndIncrement() == 0) {
                ex.status(429).header("retry-after", "120").header("content-type", "application/json")
                        .send("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}");
                return;
            }
            ex.status(200).header("content-type", "text/event-stream").send(OK);
        });
        List<Gateway> g = c.start(3, c.yaml(0, GatewayCluster.twoAccounts()));
        awaitListening(g);
        long announcedB = g.get(1).shared().appliedFromMessages();
        long announcedC = g.get(2).shared().appliedFromMessages();

        // Round-robin on A reaches a1 within two requests; its 429 cools it (and the request fails over to a2).
        for (int i = 0; i < 2 && state(g.get(0), "up", "a1") != AccountState.COOLING; i++) {
            assertEquals(200, c.post(g.get(0), OPEN_KEY, message("claude-sonnet-4-5", "hi")).statusCode());
        }
        assertEquals(AccountState.COOLING, state(g.get(0), "up", "a1"));
        await("B and C see a1 cooling", () -> state(g.get(1), "up", "a1") == AccountState.COOLING
                && state(g.get(2), "up", "a1") == AccountState.COOLING);
        assertTrue(g.get(1).shared().appliedFromMessages() > announcedB, "B learned it from A's announcement");
        assertTrue(g.get(2).shared().appliedFromMessages() > announcedC, "C learned it from A's announcement");
        assertEquals(c.get(0).providers().get("up").pool().find("a1").status().until(),
                c.get(1).providers().get("up").pool().find("a1").status().until(), "the same end everywhere");

        c.fake.clearRequests();
        for (int i = 0; i < 6; i++) {
            assertEquals(200, c.post(g.get(1 + i % 2), OPEN_KEY, message("claude-sonnet-4-5", "hi")).statusCode());
        }
        assertEquals(Set.of("key-a2"), keysSeen(c.fake), "B and C leave the cooling account alone");

        c.clock.advance(Duration.ofSeconds(121));
        c.fake.clearRequests();
        for (int i = 0; i < 6; i++) {
            assertEquals(200, c.post(g.get(1 + i % 2), OPEN_KEY, message("claude-sonnet-4-5", "hi")).statusCode());
        }
        assertTrue(keysSeen(c.fake).contains("key-a1"), "once its cooling is over it serves again: " + keysSeen(c.fake));
    }

    @Test
    void aKeysRequestsPerMinuteHoldAcrossTheThree() throws Exception {
        GatewayCluster c = cluster();
        answerOk(c.fake);
        List<Gateway> g = c.start(3, c.yaml(6, GatewayCluster.twoAccounts()));
        int ok = 0;
        int refused = 0;
        for (int i = 0; i < 12; i++) {
            HttpResponse<String> r = c.post(g.get(i % 3), LIMITED_KEY, message("claude-sonnet-4-5", "hi"));
            if (r.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(429, r.statusCode(), r.body());
                assertTrue(r.headers().firstValue("retry-after").isPresent(), "a refused request says when to retry");
                refused++;
            }
        }
        assertEquals(6, ok, "six requests a minute, whichever instance they reach");
        assertEquals(6, refused);

        c.clock.advance(Duration.ofSeconds(10)); // one request's worth refills (six per minute)
        assertEquals(200, c.post(g.get(2), LIMITED_KEY, message("claude-sonnet-4-5", "hi")).statusCode());
        assertEquals(429, c.post(g.get(0), LIMITED_KEY, message("claude-sonnet-4-5", "hi")).statusCode());
    }

    @Test
    void aKeysTokenQuotaCountsTheRequestsOfEveryInstance() throws Exception {
        GatewayCluster c = cluster();
        answerOk(c.fake);
        String quotaKey = "sk-test-quota-key-0123456789";
        String yaml = c.yaml(0, GatewayCluster.twoAccounts()).replace("    - { name: open,",
                "    - { name: quota, key: " + quotaKey + ", daily-token-quota: 100 }\n    - { name: open,");
        List<Gateway> g = c.start(3, yaml);
        // A and B answer 8 requests of 10 tokens (7 in, 3 out): 80 of the key's 100.
        for (int i = 0; i < 8; i++) {
            assertEquals(200, c.post(g.get(i % 2), quotaKey, message("claude-sonnet-4-5", "hi")).statusCode());
        }
        await("A's and B's rows are folded into the shared usage", () -> okRows(g.get(2), "quota") == 8);
        c.clock.advance(Duration.ofSeconds(1)); // past quota-sync-interval: the instances re-read the totals

        // C has answered nothing itself, yet it stops the key after its last 20 tokens.
        assertEquals(200, c.post(g.get(2), quotaKey, message("claude-sonnet-4-5", "hi")).statusCode());
        assertEquals(200, c.post(g.get(2), quotaKey, message("claude-sonnet-4-5", "hi")).statusCode());
        HttpResponse<String> refused = c.post(g.get(2), quotaKey, message("claude-sonnet-4-5", "hi"));
        assertEquals(429, refused.statusCode(), refused.body());

        // And so do A and B once C's rows are folded and they re-read.
        await("C's rows are folded into the shared usage", () -> okRows(g.get(0), "quota") == 10);
        c.clock.advance(Duration.ofSeconds(1));
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = c.post(g.get(i), quotaKey, message("claude-sonnet-4-5", "hi"));
            assertEquals(429, r.statusCode(), r.body());
        }
    }

    private static long okRows(Gateway g, String keyName) {
        return g.store().database().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM usage WHERE client_key_name = :k AND outcome = 'ok'").bind("k", keyName)
                .mapTo(Long.class).one());
    }

    @Test
    void aConversationSticksToOneAccountOnAllThreeAndMovesOnceWhenItCools() throws Exception {
        GatewayCluster c = cluster();
        Set<String> limitedKeys = ConcurrentHashMap.newKeySet();
        c.fake.on("POST", "/v1/messages", (req, ex) -> {
            if (limitedKeys.contains(req.header("x-api-key"))) {
                ex.status(429).header("retry-after", "300").header("content-type", "application/json")
                        .send("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow\"}}");
                return;
            }
            ex.status(200).header("content-type", "text/event-stream").send(OK);
        });
        List<Gateway> g = c.start(3, c.yaml(0, GatewayCluster.twoAccounts()));
        awaitListening(g);
        String[] session = {"x-claude-code-session-id", "conversation-1"};
        for (int i = 0; i < 6; i++) {
            assertEquals(200, c.post(g.get(i % 3), OPEN_KEY, message("claude-sonnet-4-5", "turn " + i), session)
                    .statusCode());
        }
        Set<String> first = keysSeen(c.fake);
        assertEquals(1, first.size(), "one account served the conversation on every instance: " + first);
        String pinned = first.iterator().next();

        limitedKeys.add(pinned);
        c.fake.clearRequests();
        assertEquals(200, c.post(g.get(1), OPEN_KEY, message("claude-sonnet-4-5", "turn 6"), session).statusCode());
        String moved = pinned.equals("key-a1") ? "key-a2" : "key-a1";
        String cooling = pinned.substring("key-".length());
        // The cooling account reaches the other instances by notification: wait for it rather than race it (a
        // request that got there first would try the cooling account once more and fail over).
        await("every instance sees " + cooling + " cooling",
                () -> state(g.get(0), "up", cooling) == AccountState.COOLING
                        && state(g.get(2), "up", cooling) == AccountState.COOLING);
        c.fake.clearRequests();
        for (int i = 0; i < 6; i++) {
            assertEquals(200, c.post(g.get(i % 3), OPEN_KEY, message("claude-sonnet-4-5", "turn " + (7 + i)), session)
                    .statusCode());
        }
        assertEquals(Set.of(moved), keysSeen(c.fake), "it moved once, and every instance follows it");
        long pins = g.get(0).store().affinityPins().count("up");
        assertEquals(1, pins, "one pin in the shared table");

        // Another conversation is placed by each instance's strategy, then sticks too.
        c.fake.clearRequests();
        String[] other = {"x-claude-code-session-id", "conversation-2"};
        for (int i = 0; i < 3; i++) {
            assertEquals(200, c.post(g.get(2 - i), OPEN_KEY, message("claude-sonnet-4-5", "x"), other).statusCode());
        }
        assertEquals(1, keysSeen(c.fake).size(), keysSeen(c.fake).toString());
    }

    @Test
    void anInstanceWithAnotherAdminPasswordOrEncryptionKeyRefusesToStart() throws Exception {
        GatewayCluster c = cluster();
        String yaml = c.yaml(0, GatewayCluster.twoAccounts());
        c.start(1, yaml);
        Path home = Files.createDirectories(dir.resolve("stranger"));
        Path conf = home.resolve("gateway.yaml");

        Files.writeString(conf, yaml.replace("${SWITCHBOARD_ADMIN_PASSWORD}", "another-admin-password"));
        Exception wrongPassword = assertThrows(Exception.class, () -> start(home, conf, c.env()));
        assertTrue(wrongPassword.getMessage().contains("admin.password differs"), wrongPassword.getMessage());

        Files.writeString(conf, yaml);
        Map<String, String> otherKey = new java.util.HashMap<>(c.env());
        otherKey.put("SWITCHBOARD_ENCRYPTION_KEY", java.util.Base64.getEncoder().encodeToString(new byte[32]));
        Exception wrongKey = assertThrows(Exception.class, () -> start(home, conf, otherKey));
        assertTrue(wrongKey.getMessage().contains("not the key"), wrongKey.getMessage());

        // The first instance's sessions survived both attempts.
        assertEquals(200, c.get(c.get(0), "/admin/keys", login(c, c.get(0))).statusCode());
    }

    private static Gateway start(Path home, Path conf, Map<String, String> env) throws Exception {
        return Gateway.builder().home(home).configFile(conf).env(env).systemProperties(new Properties())
                .addFactory(new dev.switchboard.kernel.testplugin.ScriptedAnthropicProviderFactory()).port(0).start();
    }

    static String login(GatewayCluster c, Gateway g) throws Exception {
        HttpResponse<String> r = c.http.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/admin/login"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\""
                        + GatewayCluster.ADMIN_PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return Jsons.parseObject(r.body()).getString("token");
    }

    static Set<String> keysSeen(FakeUpstream fake) {
        Set<String> keys = new java.util.TreeSet<>();
        fake.requests("/v1/messages").forEach(r -> keys.add(r.header("x-api-key")));
        assertNotEquals(0, keys.size(), "the fake saw no request");
        return keys;
    }
}
