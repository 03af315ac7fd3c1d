package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.plugin.factory.fake.Scenario;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 6's seed bugs — what droid2api got wrong, measured against a fake upstream — as regression tests
 * through the real gateway: tool calls survive Anthropic → OpenAI streaming, non-stream chat answers a
 * chat.completion, every converted stream carries finish_reason and usage, a rotated refresh token survives
 * a restart, and Retry-After reaches the client when no other key is left.
 */
class SeedBugsGatewayTest {
    @TempDir
    Path home;

    static OpenAIClient openai(FactoryGateway g) {
        return OpenAIOkHttpClient.builder().baseUrl(g.base() + "/v1").apiKey("unused").maxRetries(0).build();
    }

    static ChatCompletionCreateParams.Builder weather(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Weather in Paris?")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
                        .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city",
                                        Map.of("type", "string")))).build()).build()).build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5", "gpt-5.2", "glm-4.7", "gemini-3-flash-preview"})
    void toolCallsSurviveStreamingToAnOpenAiClient(String model) throws Exception {
        FakeFactory fake = new FakeFactory();
        fake.scenario = Scenario.TOOL_USE;
        try (FactoryGateway g = new FactoryGateway(home, fake, FactoryGateway.yaml("", FactoryGateway.keys("fk-1")))) {
            ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
            try (StreamResponse<ChatCompletionChunk> s = openai(g).chat().completions().createStreaming(weather(model)
                    .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
                s.stream().forEach(acc::accumulate);
            }
            ChatCompletion c = acc.chatCompletion();
            ChatCompletion.Choice choice = c.choices().get(0);
            assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
            var calls = choice.message().toolCalls().orElseThrow();
            assertEquals(1, calls.size(), "droid2api reported tool_calls without the call");
            assertEquals("get_weather", calls.get(0).asFunction().function().name());
            assertEquals("Paris", Jsons.parseObject(calls.get(0).asFunction().function().arguments()).getString("city"));
            assertEquals(model, c.model(), "the requested model is echoed");
            assertTrue(c.usage().orElseThrow().totalTokens() > 0);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5", "gpt-5.2", "glm-4.7", "gemini-3-flash-preview"})
    void nonStreamChatIsAChatCompletionNeverRawUpstreamJson(String model) throws Exception {
        try (FactoryGateway g = new FactoryGateway(home, new FakeFactory(), FactoryGateway.yaml("",
                FactoryGateway.keys("fk-1")))) {
            ChatCompletion c = openai(g).chat().completions().create(weather(model).build());
            c.validate();
            assertEquals("chat.completion", c._object_().asString().orElseThrow());
            assertEquals("Hello!", c.choices().get(0).message().content().orElseThrow());
            HttpResponse<String> raw = g.send(g.post("/v1/chat/completions", "{\"model\":\"" + model
                    + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            JsonObject body = Jsons.parseObject(raw.body());
            assertEquals("chat.completion", body.getString("object"));
            assertFalse(body.containsKey("content") || body.containsKey("output") || body.containsKey("candidates"),
                    "no raw Anthropic/Responses/Gemini JSON: " + raw.body());
            assertTrue(body.getJsonObject("usage").getInt("total_tokens") > 0);
        }
    }

    @Test
    void everyConvertedStreamCarriesOneFinishReasonUsageAndOneDone() throws Exception {
        FakeFactory fake = new FakeFactory();
        try (FactoryGateway g = new FactoryGateway(home, fake, FactoryGateway.yaml("", FactoryGateway.keys("fk-1")))) {
            for (String model : List.of("claude-sonnet-4-5", "gpt-5.2", "glm-4.7", "gemini-3-flash-preview")) {
                for (Scenario s : List.of(Scenario.TEXT, Scenario.TOOL_USE, Scenario.THINKING)) {
                    fake.scenario = s;
                    HttpResponse<String> r = g.send(g.post("/v1/chat/completions", "{\"model\":\"" + model
                            + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":"
                            + "[{\"role\":\"user\",\"content\":\"hi\"}]}"));
                    String where = model + "/" + s + ": " + r.body();
                    assertEquals(200, r.statusCode(), where);
                    List<JsonObject> chunks = new ArrayList<>();
                    for (String line : r.body().split("\n")) {
                        if (line.startsWith("data: {")) {
                            chunks.add(Jsons.parseObject(line.substring(6)));
                        }
                    }
                    long finishes = chunks.stream().filter(c -> !c.getJsonArray("choices").isEmpty()
                            && !c.getJsonArray("choices").getJsonObject(0).isNull("finish_reason")).count();
                    assertEquals(1, finishes, "R-2: exactly one finish_reason chunk: " + where);
                    assertTrue(chunks.stream().anyMatch(c -> c.containsKey("usage") && !c.isNull("usage")
                            && c.getJsonObject("usage").getInt("completion_tokens") > 0), "R-9: usage: " + where);
                    assertEquals(1, r.body().split("data: \\[DONE]").length - 1, "one [DONE]: " + where);
                    assertTrue(r.body().endsWith("data: [DONE]\n\n"), where);
                }
            }
        }
    }

    @Test
    void aRotatedRefreshTokenSurvivesARestart() throws Exception {
        FakeFactory fake = new FakeFactory();
        fake.seedRefreshToken("rt_seed");
        // Access tokens live 4 minutes: inside the 5-minute margin, so every request refreshes first.
        fake.accessTtl = java.time.Duration.ofMinutes(4);
        try (FactoryGateway g = new FactoryGateway(home, fake, FactoryGateway.yaml("",
                "      - { name: droid, refresh-token: rt_seed }\n"))) {
            String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"hi\"}]}";
            HttpResponse<String> first = g.send(g.post("/v1/messages", body).header("anthropic-version", "2023-06-01"));
            assertEquals(200, first.statusCode(), first.body());
            g.restart();
            HttpResponse<String> second = g.send(g.post("/v1/messages", body).header("anthropic-version", "2023-06-01"));
            assertEquals(200, second.statusCode(), "droid2api re-read its stale seed and died with invalid_grant: "
                    + second.body());
            List<String> used = fake.requests(FakeFactory.WORKOS).stream().map(r -> r.bodyText()
                    .replaceAll(".*refresh_token=([^&]+).*", "$1")).toList();
            assertEquals("rt_seed", used.get(0));
            assertEquals(2, used.size(), used.toString());
            assertFalse(used.get(1).equals("rt_seed"), "after the restart the rotated token is used: " + used);
            String stored = g.gateway.providers().get("factory").pool().find("droid").toAccount()
                    .credential("refresh-token");
            assertTrue(fake.refreshTokenValid(stored), "the stored token is the one WorkOS will accept next");
        }
    }

    @Test
    void retryAfterReachesTheClientWhenNoOtherKeyIsLeft() throws Exception {
        FakeFactory fake = new FakeFactory().fault("fk-a", FakeFactory.Fault.RATE_LIMITED_429)
                .fault("fk-b", FakeFactory.Fault.RATE_LIMITED_429);
        try (FactoryGateway g = new FactoryGateway(home, fake, FactoryGateway.yaml("", FactoryGateway.keys("fk-a", "fk-b")))) {
            HttpResponse<String> chat = g.send(g.post("/v1/chat/completions",
                    "{\"model\":\"gpt-5.2\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"));
            assertEquals(429, chat.statusCode(), chat.body());
            assertEquals("2", chat.headers().firstValue("retry-after").orElse(null), "R-6");
            assertEquals("rate_limit_exceeded", Jsons.parseObject(chat.body()).getJsonObject("error").getString("type"));
            assertEquals(2, fake.requests(FakeFactory.O).size(), "both keys were tried once");

            HttpResponse<String> msg = g.send(g.post("/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":"
                    + "10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").header("anthropic-version", "2023-06-01"));
            assertEquals(429, msg.statusCode(), msg.body());
            assertTrue(Integer.parseInt(msg.headers().firstValue("retry-after").orElse("0")) >= 1,
                    "every key cooling: Retry-After = soonest recovery");
        }
    }
}
