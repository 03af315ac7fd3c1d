package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.Mutations;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The three client dialects and count_tokens fuzzed through the running gateway with mutated real captures:
 * whatever arrives, the answer is never a 5xx, and every error is JSON in the dialect of its endpoint.
 */
class GatewayClientFuzzTest {
    private static final List<String> PATHS = List.of("/v1/messages", "/v1/messages/count_tokens",
            "/v1/chat/completions", "/v1/responses");
    private static final List<byte[]> SEEDS = List.of(
            Mutations.resource("/fuzz/claude-code-tool-use.json"), Mutations.resource("/fuzz/claude-code-count-tokens.json"),
            ("{\"model\":\"claude-opus-5-5\",\"messages\":[{\"role\":\"system\",\"content\":\"s\"},{\"role\":\"user\","
                    + "\"content\":\"hi\"}],\"temperature\":0.5,\"stream\":false}").getBytes(),
            Mutations.resource("/fuzz/codex-say-hi.json"));

    private static Path home;
    private static GatewayFixture gateway;

    @BeforeContainer
    static void start() throws Exception {
        home = Files.createTempDirectory("gateway-fuzz");
        gateway = new GatewayFixture(home, "admin:\n  password: correct-horse-battery\n" + GatewayFixture.oneProvider(
                "", "k1").replace("routes:\n  - model: claude-*", "routes:\n  - model: \"*\""));
        gateway.fake.on("POST", "/v1/messages", (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            AnthropicSse.start("m", 3).text("ok").end("end_turn", 1).frames().forEach(ex::write);
            ex.end();
        });
    }

    @AfterContainer
    static void stop() throws Exception {
        gateway.close();
        try (var files = Files.walk(home)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** 500 tries (each a real HTTP exchange, ~15 s); the decoders themselves are fuzzed at 2,000+ per property. */
    @Property(tries = 500)
    void mutatedRequestsNeverGetA5xxAndErrorsAreInTheDialect(@ForAll @IntRange(max = 3) int endpoint,
                                                            @ForAll @IntRange(max = 3) int seed,
                                                            @ForAll long mutation) throws Exception {
        String path = PATHS.get(endpoint);
        byte[] body = Mutations.mutate(SEEDS.get(seed), mutation);
        HttpResponse<String> r = gateway.http.send(HttpRequest.newBuilder(URI.create(gateway.base() + path))
                .header("content-type", "application/json").timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(r.statusCode() < 500, path + " answered " + r.statusCode() + ": " + r.body());
        if (r.statusCode() >= 400) {
            assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"), r.body());
            JsonObject o = Jsons.parseObject(r.body());
            if (path.startsWith("/v1/messages")) {
                assertEquals("error", o.getString("type"), r.body());
            } else {
                assertTrue(o.getJsonObject("error").containsKey("message"), r.body());
            }
        }
    }
}
