package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.auth.ClientAuthenticator;
import dev.switchboard.kernel.auth.StoredClientKeys;
import dev.switchboard.kernel.store.ClientKeySpec;
import dev.switchboard.kernel.store.StorageSettings;
import dev.switchboard.kernel.store.Store;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerRequestHeaders;
import io.helidon.http.WritableHeaders;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client keys, limits and loopback mode (docs/architecture.md#loopback-mode). */
class ClientAuthTest {
    private static final String KEYS = """
            clients:
              keys:
                - { name: full, key: sk-full-0123456789abcdef }
                - { name: haiku-only, key: sk-haiku-0123456789abcdef, models: [ "claude-haiku-*" ] }
                - { name: slow, key: sk-slow-0123456789abcdef, rpm: 2 }
                - { name: small, key: sk-small-0123456789abcdef, daily-token-quota: 30 }
            """;

    @TempDir
    Path home;

    private static void ok(GatewayFixture f) {
        f.fake.on("POST", "/v1/messages", (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            AnthropicSse.start("m", 20).text("ok").end("end_turn", 20).frames().forEach(ex::write);
            ex.end();
        });
    }

    private static String body(String model) {
        return "{\"model\":\"" + model + "\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    @Test
    void keysModelsRpmAndQuotas() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, KEYS + GatewayFixture.oneProvider("", "k1"))) {
            ok(f);
            String msg = body("claude-opus-5-5");
            assertEquals(401, f.send(f.post("/v1/messages", msg)).statusCode(), "missing key");
            assertEquals(401, f.send(f.post("/v1/messages", msg).header("x-api-key", "sk-nope-0123456789abcd"))
                    .statusCode(), "wrong key");
            assertEquals(200, f.send(f.post("/v1/messages", msg).header("x-api-key", "sk-full-0123456789abcdef"))
                    .statusCode());
            assertEquals(200, f.send(f.post("/v1/chat/completions",
                    "{\"model\":\"claude-opus-5-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .header("Authorization", "Bearer sk-full-0123456789abcdef")).statusCode());

            HttpResponse<String> denied = f.send(f.post("/v1/messages", msg).header("x-api-key", "sk-haiku-0123456789abcdef"));
            assertEquals(403, denied.statusCode());
            assertEquals("permission_error", Jsons.parseObject(denied.body()).getJsonObject("error").getString("type"));

            String slow = "sk-slow-0123456789abcdef";
            assertEquals(200, f.send(f.post("/v1/messages", msg).header("x-api-key", slow)).statusCode());
            assertEquals(200, f.send(f.post("/v1/messages", msg).header("x-api-key", slow)).statusCode());
            HttpResponse<String> limited = f.send(f.post("/v1/messages", msg).header("x-api-key", slow));
            assertEquals(429, limited.statusCode());
            assertEquals("rate_limit_error", Jsons.parseObject(limited.body()).getJsonObject("error").getString("type"));
            assertTrue(Long.parseLong(limited.headers().firstValue("retry-after").orElseThrow()) >= 1);

            String small = "sk-small-0123456789abcdef";
            assertEquals(200, f.send(f.post("/v1/messages", msg).header("x-api-key", small)).statusCode(),
                    "the first request fits (40 tokens recorded)");
            HttpResponse<String> overA = f.send(f.post("/v1/messages", msg).header("x-api-key", small));
            assertEquals(429, overA.statusCode(), "a key over its token quota gets 429");
            assertEquals("rate_limit_error", Jsons.parseObject(overA.body()).getJsonObject("error").getString("type"));
            assertTrue(overA.body().contains("daily token quota"), overA.body());
            HttpResponse<String> overO = f.send(f.post("/v1/chat/completions",
                    "{\"model\":\"claude-opus-5-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                    .header("Authorization", "Bearer " + small));
            assertEquals(429, overO.statusCode());
            assertEquals("insufficient_quota", Jsons.parseObject(overO.body()).getJsonObject("error").getString("code"));
            assertEquals("false", overO.headers().firstValue("x-should-retry").orElse(null));
        }
    }

    @Test
    void modelListShowsOnlyAllowedModels() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, KEYS + """
                server:
                  heartbeat-interval: 15s
                providers:
                  - id: up
                    plugin: scripted
                    base-url: ${FAKE}
                    models: [ claude-haiku-4-5, claude-opus-5-5 ]
                    accounts: [ { name: k1, api-key: k1 } ]
                """)) {
            HttpResponse<String> r = f.send(f.post("/v1/models", "").GET().header("x-api-key", "sk-haiku-0123456789abcdef"));
            assertTrue(r.body().contains("claude-haiku-4-5") && !r.body().contains("claude-opus-5-5"), r.body());
        }
    }

    @Test
    void withoutKeysLoopbackClientsAreServedAndTheirKeysIgnored() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            ok(f);
            assertEquals(200, f.send(f.post("/v1/messages", body("claude-opus-5-5"))
                    .header("x-api-key", "anything-at-all")).statusCode());
        }
    }

    @Test
    void withoutKeysRemoteClientsAreRefused(@TempDir Path dir) throws Exception {
        try (Store store = Store.open(StorageSettings.of(dir).withJdbcUrl("jdbc:h2:mem:auth-" + System.nanoTime()),
                Clock.systemUTC(), Map.of())) {
            ClientAuthenticator auth = new ClientAuthenticator(new StoredClientKeys(store.clientKeys(), Clock.systemUTC()));
            WritableHeaders<?> h = WritableHeaders.create();
            h.set(HeaderValues.create(HeaderNames.create("x-api-key"), "whatever"));
            ServerRequestHeaders headers = ServerRequestHeaders.create(h);
            GatewayException e = assertThrows(GatewayException.class, () -> auth.authenticate(headers,
                    new InetSocketAddress("203.0.113.5", 5555), Dialect.ANTHROPIC));
            assertEquals(ErrorKind.PERMISSION, e.kind());
            assertTrue(auth.authenticate(headers, new InetSocketAddress("127.0.0.1", 5555), Dialect.ANTHROPIC)
                    .loopbackMode());
            store.clientKeys().create(new ClientKeySpec("k", null, null, null, null, Instant.now().plusSeconds(3600)));
            new StoredClientKeys(store.clientKeys(), Clock.systemUTC());
            ClientAuthenticator withKeys = new ClientAuthenticator(new StoredClientKeys(store.clientKeys(),
                    Clock.systemUTC()));
            assertEquals(ErrorKind.CLIENT_AUTH, assertThrows(GatewayException.class, () -> withKeys.authenticate(headers,
                    new InetSocketAddress("127.0.0.1", 5555), Dialect.ANTHROPIC)).kind(),
                    "once a key exists, loopback callers need one too");
        }
    }

    @Test
    void noSecretAppearsInTheLog() throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Handler handler = new StreamHandler(captured, new SimpleFormatter());
        handler.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        Level before = Logger.getLogger("dev.switchboard").getLevel();
        Logger.getLogger("dev.switchboard").setLevel(Level.FINE);
        root.addHandler(handler);
        try (GatewayFixture f = new GatewayFixture(home, """
                admin:
                  password: admin-pass-7777
                """ + KEYS + """
                providers:
                  - id: up
                    plugin: scripted
                    base-url: ${FAKE}
                    models: [ claude-opus-5-5 ]
                    accounts: [ { name: main, api-key: upstream-secret-9999 } ]
                """)) {
            ok(f);
            f.send(f.post("/v1/messages", body("claude-opus-5-5")).header("x-api-key", "sk-full-0123456789abcdef"));
            f.send(f.post("/v1/messages", body("claude-opus-5-5")).header("x-api-key", "sk-wrong-key-55555555"));
            f.send(f.post("/admin/login", "{\"username\":\"admin\",\"password\":\"wrong-pass-8888\"}"));
            f.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(401)
                    .json("{\"error\":{\"message\":\"invalid x-api-key\"}}"));
            f.send(f.post("/v1/messages", body("claude-opus-5-5")).header("x-api-key", "sk-full-0123456789abcdef"));
        } finally {
            handler.flush();
            root.removeHandler(handler);
            Logger.getLogger("dev.switchboard").setLevel(before);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("POST /v1/messages"), "the access log was captured: " + log);
        for (String secret : new String[]{"admin-pass-7777", "sk-full-0123456789abcdef", "sk-wrong-key-55555555",
                "wrong-pass-8888", "upstream-secret-9999"}) {
            assertFalse(log.contains(secret), secret + " leaked into the log:\n" + log);
        }
        assertTrue(log.contains("account=main"), "accounts are logged by name: " + log);
    }
}
