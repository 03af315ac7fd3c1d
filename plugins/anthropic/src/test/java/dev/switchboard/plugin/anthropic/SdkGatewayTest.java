package dev.switchboard.plugin.anthropic;

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
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real SDKs against the gateway in front of the fake Anthropic API: anthropic-java on the pass-through, openai-java
 * chat completions and Responses converted through the canonical model (tools, images, thinking, streaming).
 */
class SdkGatewayTest {
    static final String MODEL = "claude-sonnet-4-5";

    @TempDir
    Path home;

    static FakeAnthropic toolFake() {
        FakeAnthropic fake = new FakeAnthropic();
        fake.reply = FakeAnthropic.Reply.toolUse(MODEL, "toolu_w1", "get_weather", "{\"city\":\"Paris\"}");
        return fake;
    }

    @Test
    void anthropicJavaStreamsAndReadsUnaryAnswersWithTools() throws Exception {
        try (FakeAnthropic fake = toolFake(); AnthropicGateway g = new AnthropicGateway(home, fake,
                AnthropicGateway.yaml("", "k1"))) {
            AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(g.base()).apiKey(AnthropicGateway.GW_KEY)
                    .maxRetries(0).build();
            MessageCreateParams params = MessageCreateParams.builder().model(MODEL).maxTokens(512)
                    .addUserMessage("Weather in Paris?").addTool(Tool.builder().name("get_weather")
                            .inputSchema(Tool.InputSchema.builder().putAdditionalProperty("properties",
                                    com.anthropic.core.JsonValue.from(Map.of("city", Map.of("type", "string")))).build())
                            .build()).build();
            MessageAccumulator acc = MessageAccumulator.create();
            try (StreamResponse<RawMessageStreamEvent> s = client.messages().createStreaming(params)) {
                s.stream().forEach(acc::accumulate);
            }
            Message m = acc.message();
            assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
            assertEquals("Checking.", m.content().get(0).asText().text());
            assertEquals("get_weather", m.content().get(1).asToolUse().name());
            Message unary = client.messages().create(params);
            unary.validate();
            assertEquals("msg_fake01", unary.id(), "relayed: the upstream's own message");
            assertEquals(9, unary.usage().outputTokens());
            assertEquals("get_weather", fake.lastBody().getJsonArray("tools").getJsonObject(0).getString("name"));
            g.clientKeyNeverReachedTheUpstream();
        }
    }

    static OpenAIClient openai(AnthropicGateway g) {
        return OpenAIOkHttpClient.builder().baseUrl(g.base() + "/v1").apiKey(AnthropicGateway.GW_KEY).maxRetries(0)
                .build();
    }

    @Test
    void openaiJavaChatIsConvertedWithToolsAndImages() throws Exception {
        try (FakeAnthropic fake = toolFake(); AnthropicGateway g = new AnthropicGateway(home, fake,
                AnthropicGateway.yaml("", "k1"))) {
            ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(MODEL).maxTokens(300)
                    .addUserMessageOfArrayOfContentParts(List.of(
                            ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder()
                                    .text("Weather where this photo is?").build()),
                            ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder()
                                    .imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                            .url("data:image/png;base64,iVBORw0KGgo=").build()).build())))
                    .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder()
                            .name("get_weather").parameters(FunctionParameters.builder()
                                    .putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
                                    .putAdditionalProperty("properties", com.openai.core.JsonValue.from(
                                            Map.of("city", Map.of("type", "string")))).build()).build()).build())
                    .build();
            ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
            try (com.openai.core.http.StreamResponse<ChatCompletionChunk> s =
                         openai(g).chat().completions().createStreaming(params)) {
                s.stream().forEach(acc::accumulate);
            }
            ChatCompletion c = acc.chatCompletion();
            assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, c.choices().get(0).finishReason());
            var call = c.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction();
            assertEquals("get_weather", call.function().name());
            assertEquals("Paris", Jsons.parseObject(call.function().arguments()).getString("city"));

            JsonObject sent = fake.lastBody();
            assertEquals(MODEL, sent.getString("model"));
            assertTrue(sent.getBoolean("stream"));
            JsonObject image = sent.getJsonArray("messages").getJsonObject(0).getJsonArray("content").getJsonObject(1);
            assertEquals("image", image.getString("type"), "the image reaches Anthropic as an image block: " + sent);
            assertEquals("iVBORw0KGgo=", image.getJsonObject("source").getString("data"));
            assertEquals("get_weather", sent.getJsonArray("tools").getJsonObject(0).getString("name"));

            ChatCompletion unary = openai(g).chat().completions().create(params);
            unary.validate();
            assertEquals("get_weather", unary.choices().get(0).message().toolCalls().orElseThrow().get(0).asFunction()
                    .function().name());
            assertFalse(fake.lastBody().getBoolean("stream", false), "a unary client gets a unary upstream call");
            g.clientKeyNeverReachedTheUpstream();
        }
    }

    @Test
    void openaiJavaResponsesIsConvertedAndThinkingReachesIt() throws Exception {
        FakeAnthropic fake = new FakeAnthropic();
        fake.reply = FakeAnthropic.Reply.thinking(MODEL, "Paris is in France.", "sig-resp-1", "It is sunny.");
        try (fake; AnthropicGateway g = new AnthropicGateway(home, fake, AnthropicGateway.yaml("", "k1"))) {
            ResponseCreateParams params = ResponseCreateParams.builder().model(MODEL).input("Weather in Paris?")
                    .reasoning(com.openai.models.Reasoning.builder().effort(ReasoningEffort.HIGH).build()).build();
            ResponseAccumulator acc = ResponseAccumulator.create();
            try (com.openai.core.http.StreamResponse<ResponseStreamEvent> s = openai(g).responses().createStreaming(params)) {
                s.stream().forEach(acc::accumulate);
            }
            Response r = acc.response();
            assertTrue(r.output().stream().anyMatch(o -> o.isReasoning()), "thinking becomes a reasoning item: " + r);
            assertTrue(r.output().stream().filter(o -> o.isMessage()).findFirst().orElseThrow().asMessage().content()
                    .get(0).asOutputText().text().contains("It is sunny."));
            JsonObject sent = fake.lastBody();
            assertTrue(sent.containsKey("thinking"), "reasoning effort asks for thinking: " + sent);
            Response unary = openai(g).responses().create(params);
            unary.validate();
            assertTrue(unary.output().stream().anyMatch(o -> o.isMessage()));
        }
    }
}
