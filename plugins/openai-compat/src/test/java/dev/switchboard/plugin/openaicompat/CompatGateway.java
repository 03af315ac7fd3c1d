package dev.switchboard.plugin.openaicompat;

import com.anthropic.core.ObjectMappers;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.switchboard.kernel.Gateway;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream;
import dev.switchboard.testkit.Fixtures;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The real kernel, started in-process with the {@code openai-compat} factory registered in code, in front of a
 * fake OpenAI-compatible backend. The YAML may write {@code ${FAKE}} for the fake's {@code base-url}. Not
 * thread-safe; one per test.
 */
final class CompatGateway implements AutoCloseable {
    final FakeUpstream fake = FakeUpstream.start();
    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    CompatGateway(Path home, String yaml) throws Exception {
        // The kernel's scheduler probes accounts with GET /models; answer it like a real backend.
        this(home, yaml, FakeOpenAi.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"backend-model\","
                + "\"object\":\"model\",\"owned_by\":\"fake\"}]}"));
    }

    /** Like {@link #CompatGateway(Path, String)}, with {@code GET /models} answered by {@code models} from the start. */
    CompatGateway(Path home, String yaml, FakeUpstream.Handler models) throws Exception {
        fake.on("GET", "/v1/models", models);
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, yaml.replace("${FAKE}", fake.baseUrl() + "/v1"));
        try {
            gateway = Gateway.builder().home(home).configFile(conf).env(Map.of()).systemProperties(new Properties())
                    .addFactory(new OpenAiCompatProviderFactory()).port(0).start();
        } catch (Exception e) {
            fake.close();
            throw e;
        }
    }

    /**
     * One {@code openai-compat} instance {@code compat} (with extra instance lines and one account per key, named
     * after it, whose {@code api-key} is {@code sk-<name>}) and the given routes.
     */
    static String yaml(String instanceExtra, String routes, String... keys) {
        StringBuilder sb = new StringBuilder("""
                server:
                  max-request-bytes: 8000000
                providers:
                  - id: compat
                    plugin: openai-compat
                    base-url: ${FAKE}
                """);
        sb.append(instanceExtra);
        sb.append("    accounts:\n");
        for (String k : keys) {
            sb.append("      - { name: ").append(k).append(", api-key: sk-").append(k).append(" }\n");
        }
        sb.append("routes:\n").append(routes);
        return sb.toString();
    }

    /** Every {@code claude-*} and {@code gpt-*} model to {@code backend-model} on the one instance. */
    static final String ROUTES = """
              - model: "claude-*"
                targets: [ { provider: compat, model: backend-model } ]
              - model: "gpt-*"
                targets: [ { provider: compat, model: backend-model } ]
            """;

    String base() {
        return gateway.baseUrl();
    }

    void onChat(FakeUpstream.Handler h) {
        fake.on("POST", "/v1/chat/completions", h);
    }

    List<FakeUpstream.Recorded> chatRequests() {
        return fake.requests("/v1/chat/completions");
    }

    JsonObject lastChat() {
        List<FakeUpstream.Recorded> r = chatRequests();
        if (r.isEmpty()) {
            throw new AssertionError("the fake backend received no chat request");
        }
        return Jsons.parseObject(r.get(r.size() - 1).body());
    }

    HttpRequest.Builder post(String path, String body) {
        return HttpRequest.newBuilder(URI.create(base() + path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
    }

    /** A Claude Code capture replayed as sent: its path and query, its headers (minus hop-by-hop ones), its body. */
    HttpRequest.Builder capture(Fixtures.Capture cap, JsonObject body) {
        HttpRequest.Builder b = post(cap.url(), body.toString());
        cap.headers().forEach((k, v) -> {
            if (!List.of("host", "connection", "content-length", "accept-encoding").contains(k)) {
                b.header(k, v);
            }
        });
        return b;
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Parses an Anthropic SSE body with anthropic-java — every {@code data:} into the SDK's
     * {@link RawMessageStreamEvent}, then its {@link MessageAccumulator} — after checking that every frame has an
     * {@code event:} line equal to its {@code data.type} (the Anthropic SDKs drop
     * frames without one).
     */
    static Message accumulate(String sse) throws JsonProcessingException {
        MessageAccumulator acc = MessageAccumulator.create();
        for (String[] frame : frames(sse)) {
            if (frame[0] == null || !frame[0].equals(Jsons.parseObject(frame[1]).getString("type"))) {
                throw new AssertionError("frame without a matching event line: " + frame[1]);
            }
            if (frame[0].equals("ping")) {
                continue;
            }
            acc.accumulate(ObjectMappers.jsonMapper().readValue(frame[1], RawMessageStreamEvent.class));
        }
        return acc.message();
    }

    /** SSE text → (event, data) pairs. */
    static List<String[]> frames(String sse) {
        List<String[]> out = new ArrayList<>();
        for (String block : sse.split("\n\n")) {
            if (block.isBlank()) {
                continue;
            }
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : block.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            out.add(new String[]{event, data.toString()});
        }
        return out;
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            fake.close();
        }
    }
}
