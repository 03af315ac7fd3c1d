package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.plugin.factory.model.ReasoningLevel;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.ThinkingConfig;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every reasoning level × every model type gives exactly the upstream fields and headers of the README's
 * table (thinking budgets, anthropic-beta edits, max_tokens above the budget, sampling parameters dropped;
 * {@code reasoning} for Responses; {@code reasoning_effort} for common; {@code thinkingConfig} for google),
 * on the converted and the pass-through routes.
 */
class ReasoningLevelsTest {
    static final String INTERLEAVED = "interleaved-thinking-2025-05-14";
    static final String OTHER_BETA = "context-1m-2025-08-07";
    final FakeFactory fake = new FakeFactory();

    @AfterEach
    void stop() {
        fake.close();
    }

    private Plugin plugin(ReasoningLevel level) throws Exception {
        String r = level.wire();
        JsonObject models = Json.createObjectBuilder().add("models", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("id", "claude-x").add("type", "anthropic").add("reasoning", r))
                .add(Json.createObjectBuilder().add("id", "gpt-x").add("type", "openai").add("reasoning", r))
                .add(Json.createObjectBuilder().add("id", "glm-x").add("type", "common").add("reasoning", r))
                .add(Json.createObjectBuilder().add("id", "gemini-x").add("type", "google").add("reasoning", r)))
                .build();
        return Plugin.of(fake, models);
    }

    /** What a chat client asks: thinking with a 2048 budget, 1000 tokens, temperature 0.5, top_k 5. */
    static ChatRequest clientRequest(String model) {
        return ChatRequest.builder(model).addMessage(Message.user("Hi")).maxTokens(1000).temperature(0.5).topK(5)
                .thinking(ThinkingConfig.enabled(2048)).effort("high").betas(List.of(OTHER_BETA, INTERLEAVED))
                .stream(true).build();
    }

    private static JsonObject body(UpstreamCall c) {
        return Jsons.parseObject(c.request().body());
    }

    @ParameterizedTest
    @EnumSource(ReasoningLevel.class)
    void anthropicConverted(ReasoningLevel level) throws Exception {
        UpstreamCall c = plugin(level).provider.prepare(clientRequest("claude-x"), "claude-x", Plugin.key("fk-a"),
                Plugin.chatClient());
        JsonObject b = body(c);
        String beta = c.request().headers().get("anthropic-beta");
        switch (level) {
            case AUTO -> {
                assertEquals(Json.createObjectBuilder().add("type", "enabled").add("budget_tokens", 2048).build(),
                        b.getJsonObject("thinking"), "the client's thinking");
                assertEquals(6048, b.getInt("max_tokens"), "max_tokens ≤ budget becomes budget + 4000");
                assertEquals(OTHER_BETA + ", " + INTERLEAVED, beta, "client betas untouched");
            }
            case OFF -> {
                assertFalse(b.containsKey("thinking"));
                assertEquals(1000, b.getInt("max_tokens"));
                assertEquals(OTHER_BETA, beta, "the interleaved-thinking beta is removed");
                assertEquals(0.5, b.getJsonNumber("temperature").doubleValue(), "kept without thinking");
                assertEquals(5, b.getInt("top_k"));
            }
            default -> {
                int budget = SpecBudgets.of(level);
                assertEquals(Json.createObjectBuilder().add("type", "enabled").add("budget_tokens", budget).build(),
                        b.getJsonObject("thinking"));
                assertEquals(budget + 4000, b.getInt("max_tokens"));
                assertEquals(OTHER_BETA + ", " + INTERLEAVED, beta);
            }
        }
        if (level != ReasoningLevel.OFF) {
            assertFalse(b.containsKey("temperature"), "temperature other than 1 is dropped with thinking");
            assertFalse(b.containsKey("top_k"), "top_k is dropped with thinking");
        }
        assertEquals("stream", c.request().headers().get("x-stainless-helper-method"));
    }

    @ParameterizedTest
    @EnumSource(ReasoningLevel.class)
    void anthropicPassThrough(ReasoningLevel level) throws Exception {
        JsonObject raw = Jsons.parseObject("{\"model\":\"claude-x\",\"max_tokens\":1000,\"stream\":true,"
                + "\"temperature\":0.5,\"thinking\":{\"type\":\"adaptive\"},\"context_management\":{\"edits\":"
                + "[{\"type\":\"clear_thinking_20251015\",\"keep\":\"all\"}]},\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"}]}");
        HttpHeaders h = HttpHeaders.create().set("anthropic-beta", OTHER_BETA + "," + INTERLEAVED);
        ClientRequest client = Plugin.client(Dialect.ANTHROPIC, "/v1/messages", h, raw);
        ChatRequest canonical = ChatRequest.builder("claude-x").addMessage(Message.user("Hi")).stream(true)
                .betas(List.of(OTHER_BETA, INTERLEAVED)).build();
        UpstreamCall c = plugin(level).provider.prepare(canonical, "claude-x", Plugin.key("fk-a"), client);
        assertEquals(Dialect.ANTHROPIC, c.passThrough());
        JsonObject b = body(c);
        String beta = c.request().headers().get("anthropic-beta");
        switch (level) {
            case AUTO -> {
                assertEquals("adaptive", b.getJsonObject("thinking").getString("type"), "untouched");
                assertEquals(1000, b.getInt("max_tokens"));
                assertEquals(OTHER_BETA + ", " + INTERLEAVED, beta);
                assertFalse(b.containsKey("temperature"), "temperature dropped with the client's thinking on");
            }
            case OFF -> {
                assertFalse(b.containsKey("thinking"));
                assertFalse(b.containsKey("context_management"), "clear_thinking edits need thinking; removed");
                assertEquals(OTHER_BETA, beta);
                assertEquals(0.5, b.getJsonNumber("temperature").doubleValue());
            }
            default -> {
                int budget = SpecBudgets.of(level);
                assertEquals("enabled", b.getJsonObject("thinking").getString("type"));
                assertEquals(budget, b.getJsonObject("thinking").getInt("budget_tokens"));
                assertEquals(budget + 4000, b.getInt("max_tokens"));
                assertEquals(OTHER_BETA + ", " + INTERLEAVED, beta);
                assertFalse(b.containsKey("temperature"));
            }
        }
        assertTrue(b.containsKey("messages") && b.getJsonArray("messages").getJsonObject(0).get("content")
                .toString().equals("\"Hi\""), "the rest is the client's own JSON");
    }

    @ParameterizedTest
    @EnumSource(ReasoningLevel.class)
    void openaiConvertedToResponses(ReasoningLevel level) throws Exception {
        ChatRequest r = clientRequest("gpt-x").toBuilder().effort(null).build();
        UpstreamCall c = plugin(level).provider.prepare(r, "gpt-x", Plugin.key("fk-a"), Plugin.chatClient());
        JsonObject b = body(c);
        switch (level) {
            case AUTO -> assertEquals("medium", b.getJsonObject("reasoning").getString("effort"),
                    "derived from the client's 2048-token budget");
            case OFF -> assertFalse(b.containsKey("reasoning"));
            default -> assertEquals(Json.createObjectBuilder().add("effort", level.wire()).add("summary", "auto").build(),
                    b.getJsonObject("reasoning"));
        }
        assertNull(c.request().headers().get("anthropic-beta"));
        assertFalse(b.containsKey("thinking"));
    }

    @ParameterizedTest
    @EnumSource(ReasoningLevel.class)
    void openaiPassThrough(ReasoningLevel level) throws Exception {
        JsonObject raw = Jsons.parseObject("{\"model\":\"gpt-x\",\"input\":\"Hi\",\"instructions\":\"Be brief.\","
                + "\"reasoning\":{\"effort\":\"minimal\"},\"service_tier\":\"flex\",\"stream\":true,\"store\":false}");
        ClientRequest client = Plugin.client(Dialect.OPENAI_RESPONSES, "/v1/responses", HttpHeaders.create(), raw);
        UpstreamCall c = plugin(level).provider.prepare(ChatRequest.builder("gpt-x").addMessage(Message.user("Hi"))
                .stream(true).build(), "gpt-x", Plugin.key("fk-a"), client);
        assertEquals(Dialect.OPENAI_RESPONSES, c.passThrough());
        JsonObject b = body(c);
        switch (level) {
            case AUTO -> assertEquals(Json.createObjectBuilder().add("effort", "minimal").build(), b.getJsonObject("reasoning"));
            case OFF -> assertFalse(b.containsKey("reasoning"));
            default -> assertEquals(Json.createObjectBuilder().add("effort", level.wire()).add("summary", "auto").build(),
                    b.getJsonObject("reasoning"));
        }
        assertFalse(b.containsKey("service_tier"), "no service_tier on /v1/responses");
        assertEquals(FactoryTestText.DROID + "Be brief.", b.getString("instructions"));
    }

    @ParameterizedTest
    @EnumSource(ReasoningLevel.class)
    void commonReasoningEffort(ReasoningLevel level) throws Exception {
        ChatRequest r = clientRequest("glm-x").toBuilder().effort(null).build();
        JsonObject b = body(plugin(level).provider.prepare(r, "glm-x", Plugin.key("fk-a"), Plugin.chatClient()));
        switch (level) {
            case AUTO -> assertEquals("medium", b.getString("reasoning_effort"), "the client's (2048 budget → medium)");
            case OFF -> assertFalse(b.containsKey("reasoning_effort"));
            default -> assertEquals(level.wire(), b.getString("reasoning_effort"));
        }
    }

    @ParameterizedTest
    @EnumSource(ReasoningLevel.class)
    void googleThinkingConfig(ReasoningLevel level) throws Exception {
        JsonObject b = body(plugin(level).provider.prepare(clientRequest("gemini-x"), "gemini-x", Plugin.key("fk-a"),
                Plugin.chatClient()));
        JsonObject gen = b.getJsonObject("generationConfig");
        String expected = switch (level) {
            case AUTO -> "HIGH"; // the client's effort
            case LOW, MEDIUM, HIGH -> level.wire().toUpperCase(java.util.Locale.ROOT);
            case XHIGH, OFF -> null;
        };
        if (expected == null) {
            assertFalse(gen.containsKey("thinkingConfig"), gen.toString());
        } else {
            assertEquals(expected, gen.getJsonObject("thinkingConfig").getString("thinkingLevel"));
        }
        assertEquals(1000, gen.getInt("maxOutputTokens"));
        assertFalse(b.containsKey("stream"), "google requests carry no stream field");
    }

    @ParameterizedTest
    @EnumSource(value = ReasoningLevel.class, names = {"LOW", "MEDIUM", "HIGH", "XHIGH"})
    void theStrictFakeAcceptsEveryForcedLevel(ReasoningLevel level) throws Exception {
        // The fake answers 400 when max_tokens ≤ budget_tokens, as Anthropic does; droid2api sent 4096 here.
        ChatRequest r = ChatRequest.builder("claude-x").addMessage(Message.user("Hi")).build();
        var events = plugin(level).harness.stream(r, "claude-x", Plugin.key("fk-a"), Plugin.chatClient());
        assertTrue(events.get(events.size() - 1) instanceof dev.switchboard.spi.stream.StreamEvent.MessageStop,
                events.toString());
        assertEquals(SpecBudgets.of(level) + 4000,
                fake.lastBody(FakeFactory.A).getInt("max_tokens"));
    }

    /** The documented default budgets, spelled out independently of the code under test. */
    static final class SpecBudgets {
        static int of(ReasoningLevel l) {
            return switch (l) {
                case LOW -> 4096;
                case MEDIUM -> 12288;
                case HIGH -> 24576;
                case XHIGH -> 40960;
                default -> throw new IllegalArgumentException();
            };
        }
    }
}
