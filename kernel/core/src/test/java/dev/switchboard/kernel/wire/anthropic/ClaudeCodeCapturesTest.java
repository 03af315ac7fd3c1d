package dev.switchboard.kernel.wire.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.CacheControl;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.testkit.Fixtures;
import dev.switchboard.wire.anthropic.AnthropicBetas;
import dev.switchboard.wire.anthropic.AnthropicRequestWriter;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

/** The Anthropic codecs against the four Claude Code 2.1.330 captures in this module's test resources. */
class ClaudeCodeCapturesTest {
    static final List<String> CAPTURES = Fixtures.CLAUDE_CODE;

    private static final AnthropicRequestWriter LOSSLESS = new AnthropicRequestWriter(
            AnthropicRequestWriter.Options.forModel(null).withSystemMessagesInPlace(true));
    private static final AnthropicRequestWriter CONVERTING = new AnthropicRequestWriter(
            AnthropicRequestWriter.Options.forModel("claude-sonnet-4-5-20250929"));

    static ChatRequest read(String name) throws GatewayException {
        Fixtures.Capture c = Fixtures.claudeCode(name);
        HttpHeaders h = HttpHeaders.create();
        c.headers().forEach(h::add);
        return c.url().contains("/count_tokens")
                ? AnthropicRequestReader.readCountTokens(c.body(), h)
                : AnthropicRequestReader.readMessages(c.body(), h);
    }

    private static ChatRequest reread(JsonObject written, ChatRequest first, boolean countTokens) throws GatewayException {
        HttpHeaders h = HttpHeaders.create().set(AnthropicBetas.HEADER, AnthropicBetas.join(first.betas()));
        return countTokens ? AnthropicRequestReader.readCountTokens(written, h) : AnthropicRequestReader.readMessages(written, h);
    }

    @ParameterizedTest
    @FieldSource("CAPTURES")
    void everyCaptureParses(String name) throws Exception {
        ChatRequest r = read(name);
        assertEquals("claude-opus-5-5", r.model());
        assertFalse(r.messages().isEmpty());
        assertEquals(12, r.tools().size());
        assertTrue(r.betas().contains("claude-code-20250219"), r.betas().toString());
        assertTrue(r.betas().stream().allMatch(b -> b.equals(b.trim()) && !b.isEmpty()));
    }

    @ParameterizedTest
    @FieldSource("CAPTURES")
    void readWriteReadKeepsEverything(String name) throws Exception {
        ChatRequest first = read(name);
        boolean countTokens = name.equals("count-tokens");
        JsonObject written = LOSSLESS.write(first);
        ChatRequest second = reread(written, first, countTokens);
        if (countTokens) {
            // The writer always sends max_tokens (Anthropic requires it on /v1/messages).
            second = second.toBuilder().maxTokens(null).build();
        }
        assertEquals(first, second);

        JsonObject original = Fixtures.claudeCodeBody(name);
        assertEquals(original.get("tools"), written.get("tools"), "tool definitions unchanged");
        assertEquals(original.get("system"), written.get("system"), "system blocks unchanged");
        for (String key : original.keySet()) {
            assertTrue(written.containsKey(key), "kept " + key);
        }
    }

    @Test
    void sayHiDetails() throws Exception {
        ChatRequest r = read("say-hi");
        assertEquals(128000, r.maxTokens());
        assertTrue(r.stream());
        assertNull(r.temperature());
        assertEquals(new ThinkingConfig(ThinkingConfig.Mode.ADAPTIVE, null, "omitted"), r.thinking());
        assertEquals("medium", r.effort());
        assertTrue(r.userId().startsWith("{\"device_id\":"), "metadata.user_id is a JSON string");
        assertTrue(Jsons.parseObject(r.userId()).containsKey("session_id"));
        assertTrue(r.extensions().containsKey("context_management"));
        assertTrue(r.betas().contains(AnthropicBetas.PER_TURN_CONTROL));

        assertEquals(3, r.system().size());
        assertNull(r.system().get(0).cacheControl(), "billing header block has no cache marker");
        assertTrue(r.system().get(0).text().startsWith("x-anthropic-billing-header:"));
        assertEquals(CacheControl.EPHEMERAL, r.system().get(1).cacheControl());
        assertEquals(CacheControl.EPHEMERAL, r.system().get(2).cacheControl());

        Message system = r.messages().get(1);
        assertEquals(Role.SYSTEM, system.role(), "role:system is the last message on turn 1");
        assertEquals(CacheControl.EPHEMERAL, system.content().get(0).cacheControl());

        Tool deferred = r.tools().stream().filter(t -> t.name().equals("DeferredToolPlaceholder")).findFirst().orElseThrow();
        assertTrue(deferred.deferLoading());
        assertEquals(1, r.tools().stream().filter(Tool::deferLoading).count());
        Tool read = r.tools().stream().filter(t -> t.name().equals("Read")).findFirst().orElseThrow();
        assertEquals("https://json-schema.org/draft/2020-12/schema", read.inputSchema().getString("$schema"));
    }

    @Test
    void toolResultTurnDetails() throws Exception {
        ChatRequest r = read("tool-result-turn2");
        assertEquals(List.of(Role.USER, Role.SYSTEM, Role.ASSISTANT, Role.USER), r.messages().stream().map(Message::role).toList());
        assertEquals(new ThinkingConfig(ThinkingConfig.Mode.ADAPTIVE, null, "updates"), r.thinking());

        List<ContentBlock> assistant = r.messages().get(2).content();
        ContentBlock.ToolUse use = assertInstanceOf(ContentBlock.ToolUse.class, assistant.get(assistant.size() - 1));
        assertEquals("toolu_e3f8b153181e7384", use.id());
        assertEquals("Bash", use.name());

        ContentBlock.ToolResult result = assertInstanceOf(ContentBlock.ToolResult.class, r.messages().get(3).content().get(0));
        assertEquals(use.id(), result.toolUseId());
        assertFalse(result.isError());
        assertEquals(CacheControl.EPHEMERAL, result.cacheControl());
        assertFalse(result.joinedText().isEmpty());
    }

    @Test
    void countTokensCapture() throws Exception {
        ChatRequest r = read("count-tokens");
        assertNull(r.maxTokens());
        assertEquals(List.of(Message.user("foo")), r.messages());
        assertTrue(r.betas().contains("token-counting-2024-11-01"));
    }

    /** An Anthropic upstream without the per-turn-control beta: the system message becomes a reminder. */
    @Test
    void convertingWriterMergesTheSystemMessageOfEachTurnLayout() throws Exception {
        JsonObject turn1 = CONVERTING.write(read("say-hi"));
        assertEquals("claude-sonnet-4-5-20250929", turn1.getString("model"));
        JsonArray m1 = turn1.getJsonArray("messages");
        assertEquals(1, m1.size(), "[user, system] becomes one user message");
        JsonArray content = m1.getJsonObject(0).getJsonArray("content");
        JsonObject reminder = content.getJsonObject(content.size() - 1);
        assertTrue(reminder.getString("text").startsWith("<system-reminder>\n"));
        assertTrue(reminder.getString("text").endsWith("\n</system-reminder>"));
        assertEquals(Jsons.parseObject("{\"type\":\"ephemeral\"}"), reminder.getJsonObject("cache_control"));

        JsonObject turn2 = CONVERTING.write(read("tool-result-turn2"));
        JsonArray m2 = turn2.getJsonArray("messages");
        assertEquals(List.of("user", "assistant", "user"), m2.stream().map(v -> v.asJsonObject().getString("role")).toList());
        JsonArray first = m2.getJsonObject(0).getJsonArray("content");
        assertTrue(first.getJsonObject(first.size() - 1).getString("text").startsWith("<system-reminder>\n# Environment"),
                "the string system message merges into the previous user message (the next one is the assistant)");
        JsonObject result = m2.getJsonObject(2).getJsonArray("content").getJsonObject(0);
        assertEquals("tool_result", result.getString("type"));
        assertEquals("toolu_e3f8b153181e7384", result.getString("tool_use_id"));
        assertEquals(JsonValue.ValueType.STRING, result.get("content").getValueType());
    }
}
