package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.logging.SafeLogFormatter;
import dev.switchboard.kernel.store.AccountSource;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names created through the admin API are validated (400 naming the field); accounts stored with odd names before
 * that can still be deleted; client-chosen values cannot forge or split log lines.
 */
class AdminNamesAndLogInjectionTest {
    private static final String ADMIN = "admin:\n  password: correct-horse-battery\n";
    private static final List<String> BAD_NAMES = List.of("a\u0000b", "line\r\nforged", "tab\there", "../up",
            "a/b", "back\\slash", "..", ".", " padded ", "x".repeat(201), "");

    @TempDir
    Path home;

    private static String token(GatewayFixture f) throws Exception {
        HttpResponse<String> r = f.send(f.post("/admin/login",
                "{\"username\":\"admin\",\"password\":\"correct-horse-battery\"}"));
        assertEquals(200, r.statusCode(), r.body());
        return Jsons.parseObject(r.body()).getString("token");
    }

    private static HttpResponse<String> admin(GatewayFixture f, String token, String method, String path, String body)
            throws Exception {
        return f.send(HttpRequest.newBuilder(URI.create(f.base() + path)).header("Authorization", "Bearer " + token)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String param(HttpResponse<String> r) {
        return Jsons.parseObject(r.body()).getJsonObject("error").getString("param");
    }

    @Test
    void adminNamesWithControlCharactersSlashesOrDotDotAre400sNamingTheField() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "k1"))) {
            String t = token(f);
            for (String bad : BAD_NAMES) {
                String name = Jsons.quote(bad);
                HttpResponse<String> acc = admin(f, t, "POST", "/admin/providers/up/accounts",
                        "{\"name\":" + name + ",\"credentials\":{\"api-key\":\"sk-x\"}}");
                assertEquals(400, acc.statusCode(), bad + ": " + acc.body());
                assertEquals("name", param(acc));
                HttpResponse<String> imp = admin(f, t, "POST", "/admin/providers/up/accounts/import",
                        "{\"accounts\":[{\"name\":\"fine\",\"credentials\":{\"api-key\":\"sk-1\"}},{\"name\":" + name
                                + ",\"credentials\":{\"api-key\":\"sk-2\"}}]}");
                assertEquals(400, imp.statusCode(), bad + ": " + imp.body());
                assertEquals("accounts[1].name", param(imp));
                HttpResponse<String> key = admin(f, t, "POST", "/admin/keys", "{\"name\":" + name + "}");
                assertEquals(400, key.statusCode(), bad + ": " + key.body());
                assertEquals("name", param(key));
            }
            assertTrue(f.gateway.store().accounts().find("up", "fine").isEmpty(), "a refused import stores nothing");
            for (String ok : List.of("team-a", "user@example.com", "Zoë's key (2)", "x".repeat(200))) {
                assertEquals(201, admin(f, t, "POST", "/admin/providers/up/accounts",
                        "{\"name\":" + Jsons.quote(ok) + ",\"credentials\":{\"api-key\":\"sk-x\"}}").statusCode(), ok);
            }
        }
    }

    @Test
    void accountsStoredWithOddNamesCanStillBeDeletedAndAreLoggedOnOneLine() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, ADMIN + GatewayFixture.oneProvider("", "k1"))) {
            String odd = "old/../acc\r\nFAKE 127.0.0.1 POST /admin/login status=200\u0000";
            f.gateway.store().accounts().upsertCredentials("up", odd, Jsons.objectBuilder().add("api-key", "k1")
                    .build(), AccountSource.ADMIN);
            f.gateway.providers().get("up").pool().reload();
            f.gateway.store().accounts().find("up", "k1").ifPresent(a -> f.gateway.store().accounts().delete(a.id()));
            f.gateway.providers().get("up").pool().reload();
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                AnthropicSse.start("m", 3).text("ok").end("end_turn", 1).frames().forEach(ex::write);
                ex.end();
            });

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            StreamHandler handler = new StreamHandler(out, new SafeLogFormatter());
            Logger access = Logger.getLogger("dev.switchboard.access");
            access.addHandler(handler);
            try {
                HttpResponse<String> r = f.send(f.post("/v1/messages", "{\"model\":\"claude-opus-5-5\",\"max_tokens\":5,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
                assertEquals(200, r.statusCode(), r.body());
                // The access line is written after the answer has gone out: wait for it (bounded).
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
                while (!out.toString(StandardCharsets.UTF_8).contains("status=") && System.nanoTime() < deadline) {
                    handler.flush();
                    Thread.sleep(5);
                }
            } finally {
                handler.flush();
                access.removeHandler(handler);
            }
            String log = out.toString(StandardCharsets.UTF_8);
            assertEquals(1, log.lines().count(), log);
            assertTrue(log.contains("account=old/../acc\\r\\nFAKE 127.0.0.1 POST /admin/login status=200\\u0000"), log);

            String t = token(f);
            HttpResponse<String> del = admin(f, t, "DELETE", "/admin/providers/up/accounts?name="
                    + URLEncoder.encode(odd, StandardCharsets.UTF_8).replace("+", "%20"), null);
            assertEquals(204, del.statusCode(), del.body());
            assertTrue(f.gateway.store().accounts().find("up", odd).isEmpty());
            assertEquals(404, admin(f, t, "DELETE", "/admin/providers/up/accounts?name=nobody", null).statusCode());
            assertEquals(400, admin(f, t, "DELETE", "/admin/providers/up/accounts", null).statusCode());
        }
    }

    @Test
    void theLogFormatterKeepsEveryMessageOnOneLineAndCutsHugeOnes() {
        SafeLogFormatter fmt = new SafeLogFormatter();
        LogRecord rec = new LogRecord(Level.WARNING, "upstream said: model {0} not found");
        rec.setParameters(new Object[]{"x\r\n2026-01-01 SEVERE forged line\u2028more"});
        String line = fmt.format(rec);
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.contains("x\\r\\n2026-01-01 SEVERE forged line\\u2028more"), line);
        LogRecord huge = new LogRecord(Level.INFO, "v=" + "z".repeat(1_000_000));
        assertTrue(fmt.format(huge).length() < 9_000);
        LogRecord withTrace = new LogRecord(Level.SEVERE, "failed");
        withTrace.setThrown(new IllegalStateException("boom"));
        String traced = fmt.format(withTrace);
        assertTrue(traced.contains("IllegalStateException: boom") && traced.lines().count() > 2,
                "stack traces are still printed: " + traced);
        assertFalse(fmt.formatMessage(rec).contains("\n"));
    }
}
