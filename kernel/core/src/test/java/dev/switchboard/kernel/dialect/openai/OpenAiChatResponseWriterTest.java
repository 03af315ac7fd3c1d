package dev.switchboard.kernel.dialect.openai;

import dev.switchboard.wire.openai.OcTestSupport;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Canonical answer → {@code chat.completion}. */
class OpenAiChatResponseWriterTest {
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final OpenAiChatResponseWriter WRITER = new OpenAiChatResponseWriter(true, CLOCK);

    private static ChatResponse resp(StopReason stop, Usage usage, ContentBlock... blocks) {
        return new ChatResponse("msg_up", "upstream-model", List.of(blocks), stop, null, usage);
    }

    private static JsonObject message(JsonObject completion) {
        return completion.getJsonArray("choices").getJsonObject(0).getJsonObject("message");
    }

    private static String finish(JsonObject completion) {
        return completion.getJsonArray("choices").getJsonObject(0).getString("finish_reason");
    }

    @Test
    @DisplayName("a real chat.completion: chatcmpl- id, object, created, requested model, choice 0, usage")
    void shape() {
        JsonObject c = WRITER.write(resp(StopReason.END_TURN, Usage.of(10, 2), new ContentBlock.Text("hi")), "claude-sonnet-4-5");
        assertTrue(c.getString("id").startsWith("chatcmpl-"));
        assertEquals("chat.completion", c.getString("object"));
        assertEquals(1_700_000_000L, c.getJsonNumber("created").longValue());
        assertEquals("claude-sonnet-4-5", c.getString("model"), "echo the requested model, not the upstream's");
        JsonObject choice = c.getJsonArray("choices").getJsonObject(0);
        assertEquals(0, choice.getInt("index"));
        assertEquals(JsonValue.NULL, choice.get("logprobs"));
        assertEquals("stop", choice.getString("finish_reason"));
        assertEquals(OcTestSupport.json("{\"role\":\"assistant\",\"content\":\"hi\",\"refusal\":null}"), choice.getJsonObject("message"));
        assertEquals(OcTestSupport.json("{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":0}}"), c.getJsonObject("usage"));
    }

    @Test
    @DisplayName("Anthropic [text a, tool_use, text b] → content \"ab\" + tool_calls, finish tool_calls")
    void allTextBlocksJoined() {
        JsonObject c = WRITER.write(resp(StopReason.TOOL_USE, Usage.ZERO, new ContentBlock.Text("a"),
                new ContentBlock.ToolUse("toolu_1", "Bash", OcTestSupport.json("{\"command\":\"ls\"}")),
                new ContentBlock.Text("b")), "m", "chatcmpl-x", 1);
        JsonObject m = message(c);
        assertEquals("ab", m.getString("content"));
        assertEquals(OcTestSupport.array("[{\"id\":\"toolu_1\",\"type\":\"function\",\"function\":{\"name\":\"Bash\","
                + "\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}}]"), m.getJsonArray("tool_calls"));
        assertEquals("tool_calls", finish(c));
    }

    @Test
    @DisplayName("N4 (canonical → OC): 3 / read 11204 / creation 22156 / out 581 → 33363 / 581 / 33944 / cached 11204")
    void usageArithmetic() {
        JsonObject u = WRITER.write(resp(StopReason.END_TURN, new Usage(3, 581, 22156, 11204, null), new ContentBlock.Text("x")), "m")
                .getJsonObject("usage");
        assertEquals(33363, u.getInt("prompt_tokens"));
        assertEquals(581, u.getInt("completion_tokens"));
        assertEquals(33944, u.getInt("total_tokens"));
        assertEquals(11204, u.getJsonObject("prompt_tokens_details").getInt("cached_tokens"));
    }

    @Test
    @DisplayName("no text → content null; thinking → reasoning_content (configurable); tool_calls in block order")
    void reasoningAndNullContent() {
        ChatResponse r = resp(StopReason.TOOL_USE, Usage.ZERO, new ContentBlock.Thinking("why", "sig"),
                new ContentBlock.ToolUse("t1", "A", JsonValue.EMPTY_JSON_OBJECT), new ContentBlock.ToolUse("t2", "B", JsonValue.EMPTY_JSON_OBJECT));
        JsonObject m = message(WRITER.write(r, "m"));
        assertEquals(JsonValue.NULL, m.get("content"));
        assertEquals("why", m.getString("reasoning_content"));
        assertEquals(List.of("t1", "t2"), m.getJsonArray("tool_calls").stream().map(v -> v.asJsonObject().getString("id")).toList());
        assertFalse(message(new OpenAiChatResponseWriter(false, CLOCK).write(r, "m")).containsKey("reasoning_content"));
    }

    @Test
    @DisplayName("max_tokens → length, refusal → content_filter; override 2: tool_use without a call → stop")
    void finishReasons() {
        assertEquals("length", finish(WRITER.write(resp(StopReason.MAX_TOKENS, null, new ContentBlock.Text("x")), "m")));
        assertEquals("content_filter", finish(WRITER.write(resp(StopReason.REFUSAL, null, new ContentBlock.Text("x")), "m")));
        assertEquals("stop", finish(WRITER.write(resp(StopReason.TOOL_USE, null, new ContentBlock.Text("x")), "m")));
        assertEquals("tool_calls", finish(WRITER.write(resp(StopReason.END_TURN, null,
                new ContentBlock.ToolUse("t", "A", JsonValue.EMPTY_JSON_OBJECT)), "m")), "override 1");
    }
}
