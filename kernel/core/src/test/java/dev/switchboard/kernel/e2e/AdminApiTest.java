package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API: sessions, accounts, keys, usage and masked configuration (issue 4 item 7). */
class AdminApiTest {
    private static final String ADMIN = """
            admin:
              password: correct-horse-battery
              max-login-attempts: 3
            """;

    @TempDir
    Path home;

    private static String token(GatewayFixture f) throws Exception {
        return f.adminToken("correct-horse-battery");
    }

    private static HttpRequest.Builder admin(GatewayFixture f, String token, String method, String path, String body) {
        return f.admin(token, method, path, body);
    }

    @Test
    void everyAdminRouteRefusesWithoutASessionAsJson() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "k1"))) {
            for (String path : new String[]{"/admin/providers", "/admin/providers/up/accounts", "/admin/keys",
                    "/admin/usage", "/admin/config", "/admin/providers/up/flows"}) {
                HttpResponse<String> r = f.send(HttpRequest.newBuilder(URI.create(f.base() + path)));
                assertEquals(401, r.statusCode(), path);
                assertEquals("authentication_error", Jsons.parseObject(r.body()).getJsonObject("error").getString("type"));
            }
            HttpResponse<String> bad = f.send(admin(f, "not-a-session", "GET", "/admin/keys", null));
            assertEquals(401, bad.statusCode());
        }
    }

    @Test
    void loginIsThrottledAndSessionsEndOnLogout() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "k1"))) {
            for (int i = 0; i < 3; i++) {
                assertEquals(401, f.send(f.post("/admin/login", "{\"username\":\"admin\",\"password\":\"nope\"}"))
                        .statusCode());
            }
            HttpResponse<String> throttled = f.send(f.post("/admin/login",
                    "{\"username\":\"admin\",\"password\":\"correct-horse-battery\"}"));
            assertEquals(429, throttled.statusCode(), "throttled even with the right password");
            assertTrue(throttled.headers().firstValue("retry-after").isPresent());
        }
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "k1"))) {
            String t = token(f);
            assertEquals(200, f.send(admin(f, t, "GET", "/admin/session", null)).statusCode());
            assertEquals(204, f.send(admin(f, t, "POST", "/admin/logout", null)).statusCode());
            assertEquals(401, f.send(admin(f, t, "GET", "/admin/session", null)).statusCode());
        }
    }

    @Test
    void generatedAdminPasswordIsWrittenOwnerOnlyAndNeverLogged() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            Path file = f.gateway.config().storage().dataDir().resolve("admin-password");
            assertTrue(Files.exists(file));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
            String password = Files.readString(file).trim();
            HttpResponse<String> r = f.send(f.post("/admin/login",
                    "{\"username\":\"admin\",\"password\":\"" + password + "\"}"));
            assertEquals(200, r.statusCode());
        }
    }

    @Test
    void accountsCrudTiersEnableDisableExportImport() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "k1"))) {
            String t = token(f);
            HttpResponse<String> created = f.send(admin(f, t, "POST", "/admin/providers/up/accounts",
                    "{\"name\":\"k2\",\"tier\":2,\"credentials\":{\"api-key\":\"secret-k2\"}}"));
            assertEquals(201, created.statusCode(), created.body());
            JsonObject acc = Jsons.parseObject(created.body());
            assertEquals(2, acc.getInt("tier"));
            assertEquals("***", acc.getJsonObject("credentials").getString("api-key"), "secrets are masked");
            assertFalse(created.body().contains("secret-k2"));

            HttpResponse<String> list = f.send(admin(f, t, "GET", "/admin/providers/up/accounts", null));
            JsonArray data = Jsons.parseObject(list.body()).getJsonArray("data");
            assertEquals(2, data.size());

            HttpResponse<String> patched = f.send(admin(f, t, "PATCH", "/admin/providers/up/accounts/k2",
                    "{\"tier\":1,\"state\":\"disabled\"}"));
            assertEquals(200, patched.statusCode(), patched.body());
            assertEquals("disabled", Jsons.parseObject(patched.body()).getString("state"));
            assertEquals(1, Jsons.parseObject(patched.body()).getInt("tier"));

            HttpResponse<String> masked = f.send(admin(f, t, "GET", "/admin/providers/up/accounts/export", null));
            assertFalse(masked.body().contains("secret-k2"), "export masks secrets by default");
            HttpResponse<String> unconfirmed = f.send(admin(f, t, "GET",
                    "/admin/providers/up/accounts/export?include_secrets=true", null));
            assertEquals(400, unconfirmed.statusCode(), "clear secrets need explicit confirmation");
            HttpResponse<String> clear = f.send(admin(f, t, "GET",
                    "/admin/providers/up/accounts/export?include_secrets=true", null).header("x-confirm-export", "secrets"));
            assertTrue(clear.body().contains("secret-k2"), clear.body());

            HttpResponse<String> imported = f.send(admin(f, t, "POST", "/admin/providers/up/accounts/import",
                    "{\"accounts\":[{\"name\":\"k3\",\"credentials\":{\"api-key\":\"secret-k3\"}}]}"));
            assertEquals(200, imported.statusCode(), imported.body());
            assertEquals(1, Jsons.parseObject(imported.body()).getInt("imported"));
            HttpResponse<String> maskedImport = f.send(admin(f, t, "POST", "/admin/providers/up/accounts/import",
                    "{\"accounts\":[{\"name\":\"k4\",\"credentials\":{\"api-key\":\"***\"}}]}"));
            assertEquals(400, maskedImport.statusCode());

            HttpResponse<String> tested = f.send(admin(f, t, "POST", "/admin/providers/up/accounts/k1/test", null));
            assertEquals(200, tested.statusCode(), tested.body());
            assertEquals("k1", Jsons.parseObject(tested.body()).getString("name"));
            assertEquals(false, Jsons.parseObject(tested.body()).getBoolean("ok"), "the scripted plugin has no check");
            HttpResponse<String> testedAll = f.send(admin(f, t, "POST", "/admin/providers/up/accounts/test", null));
            assertEquals(3, Jsons.parseObject(testedAll.body()).getJsonArray("data").size());

            assertEquals(204, f.send(admin(f, t, "DELETE", "/admin/providers/up/accounts/k3", null)).statusCode());
            assertEquals(404, f.send(admin(f, t, "GET", "/admin/providers/up/accounts/k3", null)).statusCode());

            HttpResponse<String> strategy = f.send(admin(f, t, "PATCH", "/admin/providers/up",
                    "{\"strategy\":\"least_usage\"}"));
            assertEquals("least-remaining", Jsons.parseObject(strategy.body()).getString("strategy"));
            assertEquals(400, f.send(admin(f, t, "PATCH", "/admin/providers/up", "{\"strategy\":\"nope\"}")).statusCode());
        }
    }

    @Test
    void clientKeysAreShownOnceAndRevocationIsEffective() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "k1"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                AnthropicSse.start("m", 3).text("ok").end("end_turn", 1).frames().forEach(ex::write);
                ex.end();
            });
            String t = token(f);
            HttpResponse<String> created = f.send(admin(f, t, "POST", "/admin/keys",
                    "{\"name\":\"ci\",\"models\":[\"claude-*\"],\"rpm\":100}"));
            assertEquals(201, created.statusCode(), created.body());
            JsonObject k = Jsons.parseObject(created.body());
            String key = k.getString("key");
            assertTrue(key.startsWith("sk-sb-"));
            HttpResponse<String> list = f.send(admin(f, t, "GET", "/admin/keys", null));
            assertFalse(list.body().contains(key), "the key is never listed");
            assertTrue(list.body().contains(k.getString("prefix")));

            String msg = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            assertEquals(200, f.send(f.post("/v1/messages", msg).header("x-api-key", key)).statusCode());
            assertEquals(401, f.send(f.post("/v1/messages", msg)).statusCode(), "a key now exists: no loopback bypass");
            f.send(admin(f, t, "POST", "/admin/keys/" + k.getJsonNumber("id").longValue() + "/revoke", null));
            HttpResponse<String> revoked = f.send(f.post("/v1/messages", msg).header("x-api-key", key));
            assertEquals(401, revoked.statusCode());
            assertTrue(revoked.body().contains("revoked"), revoked.body());

            HttpResponse<String> usage = f.send(admin(f, t, "GET", "/admin/usage?group_by=key", null));
            assertEquals(200, usage.statusCode(), usage.body());
            JsonObject u = Jsons.parseObject(usage.body());
            assertEquals("ci", u.getJsonArray("groups").getJsonObject(0).getString("key"));
            assertTrue(u.getJsonObject("total").getJsonNumber("requests").longValue() >= 1);
            assertEquals(400, f.send(admin(f, t, "GET", "/admin/usage?group_by=planet", null)).statusCode());
        }
    }

    @Test
    void configIsShownWithSecretsMasked() throws Exception {
        String yaml = ADMIN + """
                clients:
                  keys:
                    - { name: team, key: sk-team-secret-0123456789 }
                """ + GatewayFixture.oneProvider("    proxies: [ { name: p1, url: \"http://user:proxypass@127.0.0.1:3128\" } ]\n",
                "k1");
        try (GatewayFixture f = new GatewayFixture(home, yaml)) {
            f.fake.on("GET", "/never", (req, ex) -> ex.send("x"));
            String t = tokenWithKeys(f);
            HttpResponse<String> r = f.send(admin(f, t, "GET", "/admin/config", null));
            assertEquals(200, r.statusCode(), r.body());
            for (String secret : new String[]{"correct-horse-battery", "sk-team-secret-0123456789", "proxypass",
                    "\"k1\" }"}) {
                assertFalse(r.body().contains(secret), secret + " leaked: " + r.body());
            }
            assertTrue(r.body().contains("http://***@127.0.0.1:3128"), r.body());
        }
    }

    private static String tokenWithKeys(GatewayFixture f) throws Exception {
        return token(f);
    }
}
