package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.logging.JsonLogFormatter;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs as an operator reads them: JSON lines that parse, the access log's fields as members, the request id on
 * every line a request writes, and debug-mode bodies from which every known secret is gone.
 */
class LogsTest {
    private static final String CLIENT_KEY = "sk-client-key-0123456789abcdef";
    private static final String ACCOUNT_KEY_1 = "acct-key-one-0123456789";
    private static final String ACCOUNT_KEY_2 = "acct-key-two-0123456789";
    private static final String ADMIN_PASSWORD = "admin-password-0123456789";
    private static final String METRICS_TOKEN = "metrics-token-0123456789";
    private static final List<String> SECRETS = List.of(CLIENT_KEY, ACCOUNT_KEY_1, ACCOUNT_KEY_2, ADMIN_PASSWORD,
            METRICS_TOKEN, "unknown-secret-in-a-member", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpM");
    private static final String CONFIG = """
            logging:
              debug-bodies: true
            admin:
              password: %s
            metrics:
              token: %s
            clients:
              keys:
                - { name: ci, key: %s }
            providers:
              - id: up
                plugin: scripted
                base-url: ${FAKE}
                models: [ claude-opus-5-5 ]
                accounts:
                  - { name: a1, api-key: %s }
                  - { name: a2, api-key: %s }
            """.formatted(ADMIN_PASSWORD, METRICS_TOKEN, CLIENT_KEY, ACCOUNT_KEY_1, ACCOUNT_KEY_2);

    @TempDir
    Path home;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        private final JsonLogFormatter json = new JsonLogFormatter();

        @Override
        public void publish(LogRecord r) {
            if (isLoggable(r)) {
                lines.add(json.format(r)); // formatted on the logging thread, as a console handler does
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Logger root;

    @BeforeEach
    void captureEveryLine() {
        root = LogManager.getLogManager().getLogger("");
        capture.setLevel(Level.ALL);
        root.addHandler(capture);
    }

    @AfterEach
    void stopCapturing() {
        root.removeHandler(capture);
    }

    @Test
    void jsonLinesParseCarryTheRequestIdAndDebugBodiesHoldNoSecret() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, CONFIG)) {
            AtomicInteger calls = new AtomicInteger();
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                if (calls.incrementAndGet() == 1) { // the first attempt fails: the request fails over
                    // The body echoes the account's key (outside the message, which the dispatcher logs as is).
                    ex.status(500).json("{\"type\":\"error\",\"error\":{\"type\":\"api_error\",\"message\":\"down\","
                            + "\"detail\":\"your key " + req.header("x-api-key") + " is fine\"}}");
                    return;
                }
                ex.status(200).header("content-type", "text/event-stream");
                AnthropicSse.start("m", 20).text("ok").end("end_turn", 5).frames().forEach(ex::write);
                ex.end();
            });
            String prompt = "my keys are " + CLIENT_KEY + ", " + ACCOUNT_KEY_1 + " and " + ACCOUNT_KEY_2
                    + "; admin " + ADMIN_PASSWORD + ", metrics " + METRICS_TOKEN + ", Bearer " + SECRETS.get(6);
            String body = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,\"metadata\":{\"user_id\":\"u\"},"
                    + "\"tools\":[{\"name\":\"t\",\"input_schema\":{\"type\":\"object\"},\"description\":\"x\"}],"
                    + "\"messages\":[{\"role\":\"user\",\"content\":" + Jsons.quote(prompt) + "},"
                    + "{\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"t\","
                    + "\"input\":{\"api_key\":\"unknown-secret-in-a-member\"}}]},"
                    + "{\"role\":\"user\",\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"toolu_1\","
                    + "\"content\":\"done\"}]}]}";
            HttpResponse<String> r = f.send(f.post("/v1/messages", body).header("x-api-key", CLIENT_KEY));
            assertEquals(200, r.statusCode(), r.body());
            String requestId = r.headers().firstValue("request-id").orElseThrow();
            f.awaitUsageRows(1);
            // The access line is written when the exchange ends, which may be just after the client read the
            // last byte and the usage row was folded: wait for it rather than race it.
            awaitLine(l -> l.contains("dev.switchboard.access") && l.contains(requestId));

            List<JsonObject> parsed = lines.stream().map(l -> {
                assertTrue(l.endsWith(System.lineSeparator()) && l.indexOf('\n') == l.length() - 1, l);
                return Jsons.parseObject(l.strip());
            }).toList();
            List<JsonObject> ofRequest = parsed.stream()
                    .filter(o -> requestId.equals(o.getString("request_id", null))).toList();

            JsonObject access = ofRequest.stream().filter(o -> o.getString("logger").equals("dev.switchboard.access"))
                    .findFirst().orElseThrow(() -> new AssertionError("no access line with " + requestId + ": " + lines));
            assertEquals("POST", access.getString("method"));
            assertEquals("/v1/messages", access.getString("path"));
            assertEquals("claude-opus-5-5", access.getString("model"));
            assertEquals("up", access.getString("provider"));
            assertEquals("ci", access.getString("key"));
            assertEquals(200, access.getInt("status"));
            assertEquals(2, access.getInt("attempts"));
            assertTrue(access.getJsonNumber("latency_ms").longValue() >= 0);

            List<String> loggers = ofRequest.stream().map(o -> o.getString("logger")).toList();
            assertTrue(loggers.contains("dev.switchboard.kernel.dispatch.Dispatcher"),
                    "the failed attempt's line carries the id too: " + loggers);
            List<String> bodies = ofRequest.stream().filter(o -> o.getString("logger").equals("dev.switchboard.bodies"))
                    .map(o -> o.getString("message")).toList();
            assertTrue(bodies.stream().anyMatch(b -> b.startsWith("client request POST /v1/messages: ")), bodies.toString());
            assertEquals(2, bodies.stream().filter(b -> b.startsWith("upstream request up POST ")).count(),
                    "one per attempt: " + bodies);
            assertTrue(bodies.stream().anyMatch(b -> b.startsWith("upstream response up POST ") && b.contains(": 500 ")),
                    "the error body read whole: " + bodies);
            assertTrue(bodies.stream().anyMatch(b -> b.contains("(streamed; not logged)")), bodies.toString());
            assertTrue(bodies.stream().allMatch(b -> !b.contains("upstream request") || b.contains("my keys are ***")),
                    "the prompt is logged, its secrets masked: " + bodies);

            for (String line : lines) {
                for (String secret : SECRETS) {
                    assertFalse(line.contains(secret), "secret " + secret + " in a log line: " + line);
                }
            }
        }
    }

    @Test
    void withoutDebugBodiesNoBodyIsLogged() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, CONFIG.replace("debug-bodies: true", "debug-bodies: false"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                AnthropicSse.start("m", 20).text("ok").end("end_turn", 5).frames().forEach(ex::write);
                ex.end();
            });
            assertEquals(200, f.send(f.post("/v1/messages", "{\"model\":\"claude-opus-5-5\",\"max_tokens\":10,"
                    + "\"messages\":[{\"role\":\"user\",\"content\":\"a prompt\"}]}").header("x-api-key", CLIENT_KEY))
                    .statusCode());
            f.awaitUsageRows(1);
            awaitLine(l -> l.contains("dev.switchboard.access"));
            assertTrue(lines.stream().noneMatch(l -> l.contains("dev.switchboard.bodies") || l.contains("a prompt")),
                    lines.toString());
            assertTrue(lines.stream().anyMatch(l -> l.contains("dev.switchboard.access")));
        }
    }

    /** Waits (bounded) until a captured line matches; the assertions after it say what was expected. */
    private void awaitLine(java.util.function.Predicate<String> match) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (lines.stream().noneMatch(match) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }
}
