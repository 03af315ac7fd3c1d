package dev.switchboard.wire.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Unary OpenAI {@code chat.completion} from an upstream → canonical answer (via the decoder). */
class OpenAiChatResponseReaderTest {

    private static ChatResponse decode(String body) throws GatewayException {
        return decode(body, ToolNameMap.EMPTY);
    }

    private static ChatResponse decode(String body, ToolNameMap names) throws GatewayException {
        return new OpenAiChatStreamDecoder("msg_1", "requested-model", OpenAiChatProfile.standard(), false, names)
                .decodeUnary(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String completion(String message, String finish, String usage) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"up\",\"choices\":[{\"index\":0,"
                + "\"message\":" + message + ",\"finish_reason\":" + (finish == null ? "null" : "\"" + finish + "\"") + "}]"
                + (usage == null ? "" : ",\"usage\":" + usage) + "}";
    }

    @Test
    @DisplayName("tool_calls + finish_reason stop → tool_use blocks, stop reason tool_use")
    void toolCallsWithStop() throws GatewayException {
        ChatResponse r = decode(completion("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"Bash\",\"arguments\":\"{\\\"command\\\":\\\"ls\\\"}\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"{\\\"file_path\\\":\\\"a\\\"}\"}}]}",
                "stop", null));
        assertEquals(List.of(
                new ContentBlock.ToolUse("call_1", "Bash", OcTestSupport.json("{\"command\":\"ls\"}")),
                new ContentBlock.ToolUse("call_2", "Read", OcTestSupport.json("{\"file_path\":\"a\"}"))), r.content());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
        assertEquals("msg_1", r.id());
        assertEquals("requested-model", r.model());
    }

    @Test
    @DisplayName("reasoning_content r + content a → [thinking{r, signature \"\"}, text a]")
    void reasoningAndContent() throws GatewayException {
        ChatResponse r = decode(completion("{\"role\":\"assistant\",\"reasoning_content\":\"r\",\"content\":\"a\"}", "stop", null));
        assertEquals(List.of(new ContentBlock.Thinking("r", ""), new ContentBlock.Text("a")), r.content());
        ChatResponse viaReasoning = decode(completion("{\"role\":\"assistant\",\"reasoning\":\"r\",\"content\":\"a\"}", "stop", null));
        assertEquals(r.content(), viaReasoning.content());
    }

    @Test
    @DisplayName("content \"\" and no tools → content []")
    void emptyContent() throws GatewayException {
        ChatResponse r = decode(completion("{\"role\":\"assistant\",\"content\":\"\"}", "stop", null));
        assertEquals(List.of(), r.content());
        assertEquals(StopReason.END_TURN, r.stopReason());
        assertEquals(List.of(), decode(completion("{\"role\":\"assistant\",\"content\":null}", "stop", null)).content());
    }

    @Test
    @DisplayName("usage 1000/50 cached 800 → input 200, read 800, creation 0, output 50; missing usage → zeros")
    void usage() throws GatewayException {
        ChatResponse r = decode(completion("{\"role\":\"assistant\",\"content\":\"x\"}", "stop",
                "{\"prompt_tokens\":1000,\"completion_tokens\":50,\"total_tokens\":1050,\"prompt_tokens_details\":{\"cached_tokens\":800}}"));
        assertEquals(new Usage(200, 50, 0, 800, null), r.usage());
        assertEquals(Usage.ZERO, decode(completion("{\"role\":\"assistant\",\"content\":\"x\"}", "stop", null)).usage());
    }

    @Test
    @DisplayName("refusal → text + stop refusal; length → max_tokens; content_filter → refusal")
    void refusalAndFinishReasons() throws GatewayException {
        ChatResponse r = decode(completion("{\"role\":\"assistant\",\"content\":null,\"refusal\":\"no\"}", "stop", null));
        assertEquals(List.of(new ContentBlock.Text("no")), r.content());
        assertEquals(StopReason.REFUSAL, r.stopReason());
        assertEquals(StopReason.MAX_TOKENS, decode(completion("{\"content\":\"x\"}", "length", null)).stopReason());
        assertEquals(StopReason.REFUSAL, decode(completion("{\"content\":\"x\"}", "content_filter", null)).stopReason());
        assertEquals(StopReason.END_TURN, decode(completion("{\"content\":\"x\"}", "weird_value", null)).stopReason());
        assertEquals(StopReason.END_TURN, decode(completion("{\"content\":\"x\"}", "tool_calls", null)).stopReason(),
                "override 2: tool_calls without a call");
    }

    @Test
    @DisplayName("bad argument JSON → repaired, else kept as {\"_raw\": text}; ids sanitised; aliased names restored")
    void argumentsIdsNames() throws GatewayException {
        String longName = "x".repeat(80);
        String alias = ToolNameMap.aliasFor(longName);
        ChatResponse r = decode(completion("{\"role\":\"assistant\",\"tool_calls\":["
                + "{\"id\":\"functions.Bash:0\",\"type\":\"function\",\"function\":{\"name\":\"" + alias + "\",\"arguments\":\"```json\\n{\\\"a\\\":1}\\n```\"}},"
                + "{\"id\":\"c2\",\"type\":\"function\",\"function\":{\"name\":\"B\",\"arguments\":\"garbage\"}}]}",
                "tool_calls", null), ToolNameMap.of(List.of(longName)));
        ContentBlock.ToolUse a = (ContentBlock.ToolUse) r.content().get(0);
        assertEquals("functions_Bash_0", a.id());
        assertEquals(longName, a.name());
        assertEquals(OcTestSupport.json("{\"a\":1}"), a.input());
        assertEquals(OcTestSupport.json("{\"_raw\":\"garbage\"}"), ((ContentBlock.ToolUse) r.content().get(1)).input());
    }

    @Test
    @DisplayName("content given as parts is joined; legacy function_call is a tool call")
    void partsAndLegacy() throws GatewayException {
        ChatResponse r = decode(completion("{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"a\"},"
                + "{\"type\":\"text\",\"text\":\"b\"}],\"function_call\":{\"name\":\"F\",\"arguments\":\"{}\"}}", "function_call", null));
        assertEquals("ab", r.text());
        assertEquals("F", ((ContentBlock.ToolUse) r.content().get(1)).name());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
    }

    @Test
    @DisplayName("an error body or a non-completion body → GatewayException with a classified kind")
    void errors() {
        GatewayException e = assertThrows(GatewayException.class,
                () -> decode("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"rate_limit_exceeded\"}}"));
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, e.kind());
        assertEquals("Rate limit reached", e.getMessage());
        assertEquals(ErrorKind.UPSTREAM_BAD_RESPONSE, assertThrows(GatewayException.class, () -> decode("<html>")).kind());
        assertEquals(ErrorKind.UPSTREAM_BAD_RESPONSE, assertThrows(GatewayException.class, () -> decode("{\"choices\":[]}")).kind());
        assertTrue(assertThrows(GatewayException.class, () -> decode("{\"choices\":null}")).getMessage().contains("choices"));
    }
}
