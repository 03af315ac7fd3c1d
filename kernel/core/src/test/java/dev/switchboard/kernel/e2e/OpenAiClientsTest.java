package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.OpenAIException;
import com.openai.errors.RateLimitException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OpenAI clients (openai-java chat and Responses, raw HTTP) through the gateway to an Anthropic-speaking
 * upstream: unary and streamed conversion, stop reasons, usage and errors, with the SDKs' strict accumulators.
 */
class OpenAiClientsTest {
    @TempDir
    Path home;

    private static void toolTurn(GatewayFixture f) {
        f.fake.on("POST", "/v1/messages", (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            AnthropicSse.start("m", 40).thinking("sig", "hmm").text("Let me check").toolUse("toolu_a", "Read",
                    "{\"file_path\":", "\"a.ts\"}").toolUse("toolu_b", "Read", "{\"file_path\":\"b.ts\"}")
                    .end("tool_use", 12).frames().forEach(ex::write);
            ex.end();
        });
    }

    private static OpenAIClient client(GatewayFixture f) {
        return OpenAIOkHttpClient.builder().baseUrl(f.base() + "/v1").apiKey("unused").maxRetries(0).build();
    }

    private static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder().model("claude-sonnet-4-5").addUserMessage("read a.ts and b.ts")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("Read")
                        .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("file_path",
                                        Map.of("type", "string")))).build()).build()).build());
    }

    @Test
    void chatStreamingWithToolsFromAnAnthropicUpstream() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            toolTurn(f);
            ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
            try (StreamResponse<ChatCompletionChunk> s = client(f).chat().completions().createStreaming(chat()
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                s.stream().forEach(acc::accumulate);
            }
            ChatCompletion c = acc.chatCompletion();
            ChatCompletion.Choice choice = c.choices().get(0);
            assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason(), "C5");
            var calls = choice.message().toolCalls().orElseThrow();
            assertEquals(2, calls.size());
            assertEquals("toolu_a", calls.get(0).asFunction().id());
            assertEquals("{\"file_path\":\"a.ts\"}", calls.get(0).asFunction().function().arguments());
            assertEquals("{\"file_path\":\"b.ts\"}", calls.get(1).asFunction().function().arguments());
            assertEquals("Let me check", choice.message().content().orElseThrow());
            assertEquals("claude-sonnet-4-5", c.model(), "the requested model is echoed");
            assertEquals(40, c.usage().orElseThrow().promptTokens());
            assertEquals(52, c.usage().orElseThrow().totalTokens());

            JsonObject sent = Jsons.parseObject(f.fake.lastRequest().body());
            assertEquals("Read", sent.getJsonArray("tools").getJsonObject(0).getString("name"),
                    "the OpenAI tool became an Anthropic tool upstream");
        }
    }

    @Test
    void unaryChatIsARealChatCompletion() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            toolTurn(f);
            ChatCompletion c = client(f).chat().completions().create(chat().build());
            c.validate();
            assertEquals("chat.completion", c._object_().asString().orElseThrow());
            assertEquals(2, c.choices().get(0).message().toolCalls().orElseThrow().size(), "N6");
            HttpResponse<String> raw = f.send(f.post("/v1/chat/completions",
                    "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            JsonObject body = Jsons.parseObject(raw.body());
            assertEquals("chat.completion", body.getString("object"));
            assertTrue(raw.headers().firstValue("x-request-id").orElse("").startsWith("req_"));
        }
    }

    @Test
    void streamWithoutUsageOptionHasNoUsageChunkButFinishesAndEndsWithDone() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            toolTurn(f);
            HttpResponse<String> r = f.send(f.post("/v1/chat/completions",
                    "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\"finish_reason\":\"tool_calls\""), r.body());
            assertTrue(r.body().endsWith("data: [DONE]\n\n"), r.body());
            assertFalse(r.body().contains("\"usage\""), "no usage chunk unless asked");
            assertEquals(1, r.body().split("\\[DONE]").length - 1, "exactly one [DONE]");
        }
    }

    @Test
    void upstreamErrorsAreOpenAiShaped() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(502).send("<html><body>Bad gateway</body></html>"));
            HttpResponse<String> r = f.send(f.post("/v1/chat/completions",
                    "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            assertEquals(503, r.statusCode(), "E2: an upstream 502 is 'overloaded' (529 to Anthropic, 503 to OpenAI)");
            JsonObject err = Jsons.parseObject(r.body()).getJsonObject("error");
            assertEquals("server_error", err.getString("type"));
            assertEquals("overloaded", err.getString("code"));
            assertFalse(r.body().contains("<html>"), "no raw upstream HTML reaches the client");
        }
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(429).header("retry-after", "4")
                    .json("{\"error\":{\"message\":\"slow down\"}}"));
            assertThrows(RateLimitException.class, () -> client(f).chat().completions().create(chat().build()));
        }
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(500).json("{\"error\":{\"message\":\"x\"}}"));
            OpenAIException e = assertThrows(OpenAIException.class,
                    () -> client(f).chat().completions().create(chat().build()));
            assertTrue(e instanceof InternalServerException, e.toString());
        }
    }

    @Test
    void midStreamAnthropicErrorBecomesAnErrorChunkThenDone() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            f.fake.on("POST", "/v1/messages", (req, ex) -> {
                ex.status(200).header("content-type", "text/event-stream");
                List<String> frames = AnthropicSse.start("m", 3).text("partial").frames();
                frames.subList(0, frames.size() - 1).forEach(ex::write); // block left open
                ex.write("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
                        + "\"message\":\"Overloaded\"}}\n\n");
                ex.end();
            });
            HttpResponse<String> r = f.send(f.post("/v1/chat/completions",
                    "{\"model\":\"claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            String body = r.body();
            assertTrue(body.contains("data: {\"error\":{\"message\":\"Overloaded\""), "an error after the first byte becomes an error chunk: " + body);
            assertTrue(body.endsWith("data: [DONE]\n\n"), body);
            assertFalse(body.contains("\"finish_reason\":\"stop\""), "a failure never looks like a normal finish");
        }
    }

    @Test
    void responsesStreamingAndUnaryFromAnAnthropicUpstream() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            toolTurn(f);
            ResponseCreateParams params = ResponseCreateParams.builder().model("claude-sonnet-4-5")
                    .input("read a.ts and b.ts").build();
            ResponseAccumulator acc = ResponseAccumulator.create();
            try (StreamResponse<ResponseStreamEvent> s = client(f).responses().createStreaming(params)) {
                s.stream().forEach(acc::accumulate);
            }
            Response r = acc.response();
            long calls = r.output().stream().filter(o -> o.isFunctionCall()).count();
            assertEquals(2, calls, "both calls arrive as function_call items");
            assertEquals("claude-sonnet-4-5", r.model().asString());
            Response unary = client(f).responses().create(params);
            unary.validate();
            assertEquals(2, unary.output().stream().filter(o -> o.isFunctionCall()).count());
            assertTrue(unary.output().stream().anyMatch(o -> o.isMessage()));
        }
    }

    @Test
    void malformedOpenAiRequestsGet400sNamingTheField() throws Exception {
        try (GatewayFixture f = new GatewayFixture(home, GatewayFixture.oneProvider("", "k1"))) {
            HttpResponse<String> r = f.send(f.post("/v1/chat/completions",
                    "{\"model\":\"claude-sonnet-4-5\",\"messages\":[{\"role\":\"wizard\",\"content\":\"hi\"}]}"));
            assertEquals(400, r.statusCode());
            JsonObject err = Jsons.parseObject(r.body()).getJsonObject("error");
            assertEquals("invalid_request_error", err.getString("type"));
            assertTrue(err.getString("param").startsWith("messages[0]"), r.body());
            HttpResponse<String> stateful = f.send(f.post("/v1/responses",
                    "{\"model\":\"claude-sonnet-4-5\",\"input\":\"hi\",\"previous_response_id\":\"resp_1\"}"));
            assertEquals(400, stateful.statusCode());
            assertEquals("previous_response_id", Jsons.parseObject(stateful.body()).getJsonObject("error").getString("param"));
            assertEquals(0, f.fake.requests().size());
        }
    }
}
