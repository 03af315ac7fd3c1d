package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API routes the console needs beyond the first round: key edits, the request ring, hourly and
 * error-kind usage, account pages and filters, streamed account tests, and cookie sessions with CSRF checks.
 */
class ConsoleAdminApiTest {
    private static final String ADMIN = """
            admin:
              password: correct-horse-battery
              recent-requests: 3
            """;
    private static final String MSG = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"secret prompt text\"}]}";

    @TempDir
    Path home;

    private static String token(GatewayFixture f) throws Exception {
        return f.adminToken("correct-horse-battery");
    }

    private static HttpRequest.Builder admin(GatewayFixture f, String token, String method, String path, String body) {
        return f.admin(token, method, path, body);
    }

    private static JsonObject json(HttpResponse<String> r) {
        return Jsons.parseObject(r.body());
    }

    private static void answerOk(GatewayFixture f) {
        f.fake.on("POST", "/v1/messages", (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            AnthropicSse.start("m", 3).text("ok").end("end_turn", 4).frames().forEach(ex::write);
            ex.end();
        });
    }

    @Test
    void patchKeyChangesLimitsClearsWithNullAndRefusesRenamesAndYamlKeys() throws Exception {
        String yaml = ADMIN + """
                clients:
                  keys:
                    - { name: team, key: sk-team-secret-0123456789 }
                """ + GatewayFixture.oneProvider("", "k1");
        try (GatewayFixture f = new GatewayFixture(home, yaml)) {
            String t = token(f);
            JsonObject k = json(f.send(admin(f, t, "POST", "/admin/keys", "{\"name\":\"ci\",\"rpm\":5}")));
            long id = k.getJsonNumber("id").longValue();
            String exp = Instant.now().plus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
            HttpResponse<String> r = f.send(admin(f, t, "PATCH", "/admin/keys/" + id, "{\"models\":[\"claude-*\"],"
                    + "\"rpm\":60,\"daily_token_quota\":1000,\"monthly_token_quota\":20000,\"expires_at\":\"" + exp + "\"}"));
            assertEquals(200, r.statusCode(), r.body());
            JsonObject p = json(r);
            assertEquals(List.of("claude-*"), p.getJsonArray("models").getValuesAs(jakarta.json.JsonString::getString));
            assertEquals(60, p.getInt("rpm"));
            assertEquals(1000, p.getJsonNumber("daily_token_quota").longValue());
            assertEquals(20000, p.getJsonNumber("monthly_token_quota").longValue());
            assertEquals(exp, p.getString("expires_at"));
            assertFalse(p.containsKey("key"), "an edit never shows the secret");

            JsonObject cleared = json(f.send(admin(f, t, "PATCH", "/admin/keys/" + id,
                    "{\"models\":null,\"rpm\":0,\"expires_at\":null}")));
            assertFalse(cleared.containsKey("models"));
            assertFalse(cleared.containsKey("rpm"), "0 means unlimited");
            assertFalse(cleared.containsKey("expires_at"));
            assertEquals(1000, cleared.getJsonNumber("daily_token_quota").longValue(), "absent fields stay");

            assertEquals(400, f.send(admin(f, t, "PATCH", "/admin/keys/" + id, "{\"rpm\":-1}")).statusCode());
            assertEquals(400, f.send(admin(f, t, "PATCH", "/admin/keys/" + id, "{\"expires_at\":\"soon\"}")).statusCode());
            assertEquals(400, f.send(admin(f, t, "PATCH", "/admin/keys/" + id, "{\"models\":[3]}")).statusCode());
            HttpResponse<String> rename = f.send(admin(f, t, "PATCH", "/admin/keys/" + id, "{\"name\":\"other\"}"));
            assertEquals(400, rename.statusCode());
            assertEquals("name", json(rename).getJsonObject("error").getString("param"));
            assertEquals(404, f.send(admin(f, t, "PATCH", "/admin/keys/999", "{\"rpm\":1}")).statusCode());

            long yamlId = json(f.send(admin(f, t, "GET", "/admin/keys", null))).getJsonArray("data")
                    .getValuesAs(JsonObject.class).stream().filter(x -> x.getString("name").equals("team"))
                    .findFirst().orElseThrow().getJsonNumber("id").longValue();
            HttpResponse<String> yamlEdit = f.send(admin(f, t, "PATCH", "/admin/keys/" + yamlId, "{\"rpm\":3}"));
            assertEquals(403, yamlEdit.statusCode(), "keys declared in YAML follow the file");
            assertTrue(yamlEdit.body().contains("clients.keys"), yamlEdit.body());
        }
    }

    @Test
    void patchedModelAllowListTakesEffectAtOnce() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "k1"))) {
            answerOk(f);
            String t = token(f);
            JsonObject k = json(f.send(admin(f, t, "POST", "/admin/keys", "{\"name\":\"ci\"}")));
            String key = k.getString("key");
            assertEquals(200, f.send(f.post("/v1/messages", MSG).header("x-api-key", key)).statusCode());
            f.send(admin(f, t, "PATCH", "/admin/keys/" + k.getJsonNumber("id"), "{\"models\":[\"gpt-*\"]}"));
            assertEquals(403, f.send(f.post("/v1/messages", MSG).header("x-api-key", key)).statusCode());
        }
    }

    @Test
    void recentRequestsKeepTheNewestWithFiguresAndErrorKindButNoBodiesOrSecrets() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "k1"))) {
            String t = token(f);
            JsonObject k = json(f.send(admin(f, t, "POST", "/admin/keys", "{\"name\":\"laptop\"}")));
            String key = k.getString("key");
            answerOk(f);
            for (int i = 0; i < 3; i++) {
                assertEquals(200, f.send(f.post("/v1/messages", MSG).header("x-api-key", key)).statusCode());
            }
            f.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(500)
                    .json("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"boom\"}}"));
            assertEquals(502, f.send(f.post("/v1/messages", MSG).header("x-api-key", key)).statusCode());

            HttpResponse<String> r = f.send(admin(f, t, "GET", "/admin/requests", null));
            assertEquals(200, r.statusCode(), r.body());
            JsonObject body = json(r);
            assertEquals(3, body.getInt("capacity"));
            JsonArray data = body.getJsonArray("data");
            assertEquals(3, data.size(), "the ring keeps admin.recent-requests entries");
            JsonObject failed = data.getJsonObject(0);
            assertEquals("upstream_server", failed.getString("error_kind"), failed.toString());
            assertEquals(502, failed.getInt("status"));
            assertEquals("error", failed.getString("outcome"));
            assertEquals(1, failed.getInt("attempts"), "one account: one attempt");
            JsonObject ok = data.getJsonObject(1);
            assertEquals("laptop", ok.getString("key"));
            assertEquals("claude-opus-5-5", ok.getString("model"));
            assertEquals("up", ok.getString("provider"));
            assertEquals("k1", ok.getString("account"));
            assertEquals(200, ok.getInt("status"));
            assertEquals(4, ok.getInt("output_tokens"));
            // A unary row is committed before its body is sent, so it has a latency but no time to first byte.
            assertTrue(ok.containsKey("latency_ms"), ok.toString());
            assertFalse(ok.containsKey("error_kind"));
            assertTrue(ok.getJsonNumber("id").longValue() < failed.getJsonNumber("id").longValue(), "newest first");
            for (String leak : new String[]{key, "secret prompt text", "\"k1\" }", "boom"}) {
                assertFalse(r.body().contains(leak), leak + " must not appear: " + r.body());
            }

            long newest = failed.getJsonNumber("id").longValue();
            assertEquals(0, json(f.send(admin(f, t, "GET", "/admin/requests?after=" + newest, null)))
                    .getJsonArray("data").size(), "a poller asks only for what is new");
            assertEquals(1, json(f.send(admin(f, t, "GET", "/admin/requests?limit=1", null))).getJsonArray("data").size());
            assertEquals(400, f.send(admin(f, t, "GET", "/admin/requests?limit=x", null)).statusCode());

            HttpResponse<String> kinds = f.send(admin(f, t, "GET", "/admin/usage?group_by=error_kind", null));
            assertEquals(200, kinds.statusCode(), kinds.body());
            JsonArray groups = json(kinds).getJsonArray("groups");
            JsonObject server = groups.getValuesAs(JsonObject.class).stream()
                    .filter(g -> g.getString("key").equals("upstream_server")).findFirst().orElseThrow();
            assertEquals(1, server.getJsonObject("totals").getInt("errors"), "the error kind is stored with the row");
            assertEquals(3, groups.getValuesAs(JsonObject.class).stream().filter(g -> g.getString("key").isEmpty())
                    .findFirst().orElseThrow().getJsonObject("totals").getInt("requests"));
        }
    }

    @Test
    void usageGroupsByUtcHour() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "k1"))) {
            answerOk(f);
            String t = token(f);
            assertEquals(200, f.send(f.post("/v1/messages", MSG)).statusCode());
            assertEquals(200, f.send(f.post("/v1/messages", MSG)).statusCode());
            HttpResponse<String> r = f.send(admin(f, t, "GET", "/admin/usage?group_by=hour&from="
                    + Instant.now().minus(1, ChronoUnit.DAYS), null));
            assertEquals(200, r.statusCode(), r.body());
            List<String> recent = List.of(Instant.now().truncatedTo(ChronoUnit.HOURS).toString(),
                    Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).toString());
            long requests = 0;
            for (JsonObject g : json(r).getJsonArray("groups").getValuesAs(JsonObject.class)) {
                assertTrue(recent.contains(g.getString("key")), "UTC hour keys: " + r.body());
                requests += g.getJsonObject("totals").getInt("requests");
            }
            assertEquals(2, requests, r.body());
        }
    }

    @Test
    void accountListsPageAndFilterAndProvidersShowTiersAndInFlight() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "a1", "a2", "b3"))) {
            String t = token(f);
            f.send(admin(f, t, "PATCH", "/admin/providers/up/accounts/b3", "{\"tier\":2,\"state\":\"disabled\"}"));
            JsonObject page = json(f.send(admin(f, t, "GET", "/admin/providers/up/accounts?offset=1&limit=1", null)));
            assertEquals(3, page.getInt("total"));
            assertEquals(1, page.getJsonArray("data").size());
            assertEquals("a2", page.getJsonArray("data").getJsonObject(0).getString("name"));
            JsonObject byName = json(f.send(admin(f, t, "GET", "/admin/providers/up/accounts?q=A", null)));
            assertEquals(2, byName.getInt("total"), "q matches names ignoring case");
            assertEquals(1, json(f.send(admin(f, t, "GET", "/admin/providers/up/accounts?state=disabled", null)))
                    .getInt("total"));
            assertEquals(1, json(f.send(admin(f, t, "GET", "/admin/providers/up/accounts?tier=2", null))).getInt("total"));
            assertEquals(400, f.send(admin(f, t, "GET", "/admin/providers/up/accounts?limit=0", null)).statusCode());

            JsonObject p = json(f.send(admin(f, t, "GET", "/admin/providers/up", null)));
            assertEquals(2, p.getJsonObject("tiers").getJsonObject("1").getInt("active"));
            assertEquals(1, p.getJsonObject("tiers").getJsonObject("2").getInt("disabled"));
            assertEquals(0, p.getInt("in_flight"));
            assertTrue(p.getJsonArray("account_secret_keys").toString().contains("api-key"), p.toString());
        }
    }

    @Test
    void testAllStreamsOneJsonLinePerAccountWhenAskedFor() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "a1", "a2"))) {
            String t = token(f);
            HttpResponse<String> r = f.send(admin(f, t, "POST", "/admin/providers/up/accounts/test", null)
                    .header("accept", "application/x-ndjson"));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/x-ndjson"));
            List<String> lines = r.body().lines().toList();
            assertEquals(2, lines.size(), r.body());
            assertEquals("a1", Jsons.parseObject(lines.get(0)).getString("name"));
            assertTrue(Jsons.parseObject(lines.get(1)).containsKey("ok"));
        }
    }

    @Test
    void cookieSessionsNeedTheCsrfHeaderOnWritesAndBearerTokensStillWork() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "k1"))) {
            HttpResponse<String> login = f.send(f.post("/admin/login",
                    "{\"username\":\"admin\",\"password\":\"correct-horse-battery\",\"cookie\":true}"));
            assertEquals(200, login.statusCode(), login.body());
            JsonObject body = json(login);
            assertFalse(body.containsKey("token"), "the page never sees the session token");
            String csrf = body.getString("csrf_token");
            String setCookie = login.headers().firstValue("set-cookie").orElseThrow();
            assertTrue(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict")
                    && setCookie.contains("Path=/admin"), setCookie);
            String cookie = setCookie.substring(0, setCookie.indexOf(';'));

            HttpResponse<String> session = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/admin/session"))
                    .header("cookie", cookie));
            assertEquals(200, session.statusCode(), session.body());
            assertEquals(csrf, json(session).getString("csrf_token"), "a reloaded page gets its CSRF value back");

            HttpRequest.Builder create = HttpRequest.newBuilder(URI.create(f.base() + "/admin/keys"))
                    .header("cookie", cookie).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"));
            HttpResponse<String> forged = f.send(create);
            assertEquals(403, forged.statusCode(), "a cookie alone cannot write");
            assertEquals(403, f.send(HttpRequest.newBuilder(URI.create(f.base() + "/admin/keys"))
                    .header("cookie", cookie).header("x-csrf-token", "guess").header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"))).statusCode());
            assertEquals(201, f.send(create.header("x-csrf-token", csrf)).statusCode());

            String bearer = token(f);
            assertEquals(201, f.send(admin(f, bearer, "POST", "/admin/keys", "{\"name\":\"y\"}")).statusCode(),
                    "bearer tokens need no CSRF header");
            assertNull(json(f.send(admin(f, bearer, "GET", "/admin/session", null))).get("csrf_token"));

            HttpResponse<String> out = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/admin/logout"))
                    .header("cookie", cookie).header("x-csrf-token", csrf).POST(HttpRequest.BodyPublishers.noBody()));
            assertEquals(204, out.statusCode());
            assertTrue(out.headers().firstValue("set-cookie").orElse("").contains("Max-Age=0"));
            assertEquals(401, f.send(HttpRequest.newBuilder(URI.create(f.base() + "/admin/session"))
                    .header("cookie", cookie)).statusCode(), "logout ends the cookie's session");
        }
    }

    @Test
    void theConsoleIsServedWithStrictHeadersAndBrowsersAreSentThere() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "k1"))) {
            HttpResponse<String> index = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/console/")));
            assertEquals(200, index.statusCode());
            assertTrue(index.headers().firstValue("content-type").orElse("").startsWith("text/html"));
            String csp = index.headers().firstValue("content-security-policy").orElseThrow();
            assertTrue(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"), csp);
            assertFalse(csp.contains("unsafe-inline") || csp.contains("unsafe-eval"), csp);
            assertEquals("DENY", index.headers().firstValue("x-frame-options").orElseThrow());
            assertEquals("no-referrer", index.headers().firstValue("referrer-policy").orElseThrow());
            assertEquals("nosniff", index.headers().firstValue("x-content-type-options").orElseThrow());
            assertFalse(index.body().contains("<script>") || index.body().contains(" style="),
                    "no inline script or style");

            String etag = index.headers().firstValue("etag").orElseThrow();
            assertEquals(304, f.send(HttpRequest.newBuilder(URI.create(f.base() + "/console/"))
                    .header("if-none-match", etag)).statusCode());
            for (String lib : new String[]{"vendor/preact-htm.js", "vendor/uplot.js", "vendor/uplot.css", "js/app.js"}) {
                HttpResponse<String> r = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/console/" + lib)));
                assertEquals(200, r.statusCode(), lib);
                assertNotNull(r.headers().firstValue("content-security-policy").orElse(null), lib);
            }
            for (String bad : new String[]{"../admin/AdminApi.class", "%2e%2e/db/migration/V1__init.sql",
                    "db/migration/V1__init.sql", "js/app.java", "vendor/other.js"}) {
                assertEquals(404, f.send(HttpRequest.newBuilder(URI.create(f.base() + "/console/" + bad)))
                        .statusCode(), bad);
            }

            HttpResponse<String> browser = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/"))
                    .header("accept", "text/html,application/xhtml+xml,*/*;q=0.8"));
            assertEquals(303, browser.statusCode());
            assertEquals("/console/", browser.headers().firstValue("location").orElseThrow());
            HttpResponse<String> client = f.send(HttpRequest.newBuilder(URI.create(f.base() + "/"))
                    .header("accept", "application/json"));
            assertEquals(200, client.statusCode(), "API clients keep their JSON preflight");
            assertEquals("ok", json(client).getString("status"));
            assertEquals(200, f.send(HttpRequest.newBuilder(URI.create(f.base() + "/"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody())).statusCode());
        }
    }

    @Test
    void withoutTheAdminApiThereIsNoConsole() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, "admin:\n  enabled: false\n"
                + GatewayFixture.oneProvider("", "k1"))) {
            assertEquals(404, f.send(HttpRequest.newBuilder(URI.create(f.base() + "/console/"))).statusCode());
            assertEquals(200, f.send(HttpRequest.newBuilder(URI.create(f.base() + "/"))
                    .header("accept", "text/html")).statusCode());
        }
    }
}
