package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.plugin.factory.fake.Scenario;
import dev.switchboard.plugin.factory.fake.Transcripts;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream.Recorded;
import dev.switchboard.testkit.Fixtures;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real clients through the gateway to the fake Factory: Claude Code captures on the {@code /v1/messages}
 * pass-through (the prompt rewrites against a phrase-filtering fake), anthropic-java and openai-java on
 * the pass-through and conversion paths, the client key header, count_tokens, and the import flow through
 * the admin API. The gateway's own client key never reaches Factory.
 */
class ClientsGatewayTest {
    static final String GW_KEY = "gw-secret-0123456789";
    static final String CLIENTS = """
            clients:
              keys:
                - { name: laptop, key: gw-secret-0123456789 }
            admin:
              password: correct-horse-battery
            """;

    @TempDir
    Path home;

    FactoryGateway gateway(FakeFactory fake, String extra, String accounts) throws Exception {
        return new FactoryGateway(home, fake, CLIENTS + FactoryGateway.yaml(extra, accounts));
    }

    /** No request that reached Factory carries the gateway key anywhere (headers or body). */
    static void gatewayKeyNeverReachedFactory(FakeFactory fake) {
        for (Recorded r : fake.http.requests()) {
            assertFalse(r.headers().values().stream().anyMatch(v -> v.contains(GW_KEY)), r.path() + " " + r.headers());
            assertFalse(r.bodyText().contains(GW_KEY), r.path());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"say-hi", "tool-use-turn1", "tool-result-turn2"})
    void claudeCodeCapturesAreRelayedByteForByte(String capture) throws Exception {
        FakeFactory fake = new FakeFactory();
        fake.phraseFilter = true;
        try (FactoryGateway g = gateway(fake, "", FactoryGateway.keys("fk-1"))) {
            Fixtures.Capture cap = Fixtures.claudeCode(capture);
            HttpRequest.Builder b = g.post(cap.url(), cap.body().toString());
            cap.headers().forEach((k, v) -> {
                if (!List.of("host", "connection", "content-length", "accept-encoding", "x-api-key").contains(k)) {
                    b.header(k, v);
                }
            });
            HttpResponse<String> r = g.send(b.header("x-api-key", GW_KEY));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals(String.join("", Transcripts.anthropic(Scenario.TEXT, "claude-opus-5-5")), r.body(),
                    "the upstream's bytes, untouched");
            Recorded up = fake.last(FakeFactory.A);
            assertEquals("Bearer fk-1", up.header("authorization"));
            assertEquals("placeholder", up.header("x-api-key"));
            assertEquals("claude-opus-5-5", Jsons.parseObject(up.body()).getString("model"),
                    "Claude Code's default model is inferred as an anthropic model");
            gatewayKeyNeverReachedFactory(fake);
        }
    }

    @Test
    void aPhraseForbiddenIsRelayedAndCostsTheKeyNothing() throws Exception {
        FakeFactory fake = new FakeFactory();
        fake.phraseFilter = true;
        try (FactoryGateway g = gateway(fake, "    prompt-rewrites: []\n", FactoryGateway.keys("fk-only"))) {
            Fixtures.Capture cap = Fixtures.claudeCode("say-hi");
            HttpResponse<String> r = g.send(g.post("/v1/messages", cap.body().toString()).header("x-api-key", GW_KEY)
                    .header("anthropic-version", "2023-06-01"));
            assertEquals(403, r.statusCode(), r.body());
            assertTrue(r.body().contains("blocked by our content policy"), r.body());
            assertEquals(1, fake.requests(FakeFactory.A).size(), "not retried on another key");
            HttpResponse<String> next = g.send(g.post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":"
                    + "10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").header("x-api-key", GW_KEY)
                    .header("anthropic-version", "2023-06-01"));
            assertEquals(200, next.statusCode(), "the only key is still active: " + next.body());
        }
    }

    private static AnthropicClient anthropic(FactoryGateway g) {
        return AnthropicOkHttpClient.builder().baseUrl(g.base()).apiKey(GW_KEY).maxRetries(0).build();
    }

    private static MessageCreateParams weather(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(512).addUserMessage("Weather in Paris?")
                .addTool(Tool.builder().name("get_weather").inputSchema(Tool.InputSchema.builder()
                        .putAdditionalProperty("properties", com.anthropic.core.JsonValue.from(Map.of("city",
                                Map.of("type", "string"))))
                        .build()).build()).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5", "gpt-5.2", "glm-4.7", "gemini-3-flash-preview"})
    void anthropicJavaRoundTrips(String model) throws Exception {
        FakeFactory fake = new FakeFactory();
        fake.scenario = Scenario.TOOL_USE;
        try (FactoryGateway g = gateway(fake, "", FactoryGateway.keys("fk-1"))) {
            MessageAccumulator acc = MessageAccumulator.create();
            try (StreamResponse<RawMessageStreamEvent> s = anthropic(g).messages().createStreaming(weather(model))) {
                s.stream().forEach(acc::accumulate);
            }
            Message m = acc.message();
            assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
            var use = m.content().stream().filter(c -> c.isToolUse()).findFirst().orElseThrow().asToolUse();
            assertEquals("get_weather", use.name());
            assertEquals("Checking.", m.content().get(0).asText().text());
            Message unary = anthropic(g).messages().create(weather(model));
            unary.validate();
            assertTrue(unary.content().stream().anyMatch(c -> c.isToolUse()));
            assertTrue(unary.usage().outputTokens() > 0);
            gatewayKeyNeverReachedFactory(fake);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt-5.2", "claude-sonnet-4-5"})
    void openaiJavaResponsesRoundTrips(String model) throws Exception {
        FakeFactory fake = new FakeFactory();
        fake.scenario = Scenario.TOOL_USE;
        try (FactoryGateway g = gateway(fake, "", FactoryGateway.keys("fk-1"))) {
            OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(g.base() + "/v1").apiKey(GW_KEY).maxRetries(0)
                    .build();
            ResponseCreateParams params = ResponseCreateParams.builder().model(model).input("Weather in Paris?").build();
            ResponseAccumulator acc = ResponseAccumulator.create();
            try (com.openai.core.http.StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(params)) {
                s.stream().forEach(acc::accumulate);
            }
            Response r = acc.response();
            var call = r.output().stream().filter(o -> o.isFunctionCall()).findFirst().orElseThrow().asFunctionCall();
            assertEquals("get_weather", call.name());
            assertEquals("Paris", Jsons.parseObject(call.arguments()).getString("city"));
            Response unary = client.responses().create(params);
            unary.validate();
            assertTrue(unary.output().stream().anyMatch(o -> o.isFunctionCall()));
            if (model.startsWith("gpt")) {
                assertEquals(FactoryTestText.DROID, fake.lastBody(FakeFactory.O).getString("instructions"),
                        "pass-through: the Droid prompt followed by the client's (none here)");
            }
            gatewayKeyNeverReachedFactory(fake);
        }
    }

    @Test
    void aClientsOwnFactoryKeyNeedsNoAccount() throws Exception {
        FakeFactory fake = new FakeFactory();
        try (FactoryGateway g = gateway(fake, "", "")) {
            HttpResponse<String> r = g.send(g.post("/v1/chat/completions", "{\"model\":\"gpt-5.2\",\"messages\":"
                    + "[{\"role\":\"user\",\"content\":\"hi\"}]}").header("authorization", "Bearer " + GW_KEY)
                    .header("x-factory-api-key", "fk-own"));
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("Bearer fk-own", fake.last(FakeFactory.O).header("authorization"));
            HttpResponse<String> none = g.send(g.post("/v1/chat/completions", "{\"model\":\"gpt-5.2\",\"messages\":"
                    + "[{\"role\":\"user\",\"content\":\"hi\"}]}").header("authorization", "Bearer " + GW_KEY));
            assertEquals(503, none.statusCode(), "no key anywhere: 503 to OpenAI clients, never 401");
            gatewayKeyNeverReachedFactory(fake);
        }
    }

    @Test
    void countTokensIsAnsweredByTheGateway() throws Exception {
        FakeFactory fake = new FakeFactory();
        try (FactoryGateway g = gateway(fake, "", FactoryGateway.keys("fk-1"))) {
            Fixtures.Capture cap = Fixtures.claudeCode("count-tokens");
            HttpResponse<String> r = g.send(g.post(cap.url(), cap.body().toString()).header("x-api-key", GW_KEY)
                    .header("anthropic-version", "2023-06-01"));
            assertEquals(200, r.statusCode(), r.body());
            assertTrue(Jsons.parseObject(r.body()).getInt("input_tokens") > 0);
            assertEquals("estimated", r.headers().firstValue("x-gateway-token-count").orElse(null));
            assertTrue(fake.requests(FakeFactory.COUNT).isEmpty(), "Factory's count_tokens 404s; it is not called");
        }
    }

    @Test
    void anImportedAuthJsonAccountServesRequests() throws Exception {
        FakeFactory fake = new FakeFactory();
        fake.seedRefreshToken("rt_imported");
        try (FactoryGateway g = gateway(fake, "", "")) {
            HttpResponse<String> login = g.send(g.post("/admin/login",
                    "{\"username\":\"admin\",\"password\":\"correct-horse-battery\"}"));
            String token = Jsons.parseObject(login.body()).getString("token");
            String expired = fake.jwt(java.time.Instant.now().minusSeconds(60));
            HttpResponse<String> started = g.send(HttpRequest.newBuilder(URI.create(g.base()
                    + "/admin/providers/factory/flows/import")).header("authorization", "Bearer " + token)
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"name\":\"laptop-cli\",\"auth\":{\"access_token\":\"" + expired
                                    + "\",\"refresh_token\":\"rt_imported\"}}")));
            assertEquals(201, started.statusCode(), started.body());
            assertEquals("completed", Jsons.parseObject(started.body()).getString("status"));
            HttpResponse<String> r = g.send(g.post("/v1/chat/completions", "{\"model\":\"glm-4.7\",\"messages\":"
                    + "[{\"role\":\"user\",\"content\":\"hi\"}]}").header("authorization", "Bearer " + GW_KEY));
            assertEquals(200, r.statusCode(), r.body());
            assertFalse(fake.refreshTokenValid("rt_imported"), "the expired token was refreshed before use");
            assertFalse(fake.last(FakeFactory.C).header("authorization").contains(expired));
        }
    }
}
