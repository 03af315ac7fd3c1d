package dev.switchboard.wire.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.json.JsonRepair;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The shared helpers: finish reasons, usage arithmetic, argument repair, tool-name aliases, error mapping. */
class OpenAiMappingHelpersTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"END_TURN,stop", "STOP_SEQUENCE,stop", "PAUSE_TURN,stop", "MAX_TOKENS,length",
            "MODEL_CONTEXT_WINDOW_EXCEEDED,length", "REFUSAL,content_filter"})
    void canonicalToFinishReason(StopReason stop, String finish) {
        assertEquals(finish, OpenAiFinishReasons.toFinishReason(stop, false));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"stop,END_TURN", "length,MAX_TOKENS", "content_filter,REFUSAL", "something_new,END_TURN"})
    void finishReasonToCanonical(String finish, StopReason stop) {
        assertEquals(stop, OpenAiFinishReasons.toStopReason(finish, false));
    }

    @Test
    @DisplayName("stop reason overrides, both directions; null finish → end_turn")
    void overrides() {
        assertEquals("tool_calls", OpenAiFinishReasons.toFinishReason(StopReason.END_TURN, true));
        assertEquals("tool_calls", OpenAiFinishReasons.toFinishReason(StopReason.TOOL_USE, true));
        assertEquals("stop", OpenAiFinishReasons.toFinishReason(StopReason.TOOL_USE, false));
        assertEquals(StopReason.TOOL_USE, OpenAiFinishReasons.toStopReason("stop", true));
        assertEquals(StopReason.TOOL_USE, OpenAiFinishReasons.toStopReason("tool_calls", true));
        assertEquals(StopReason.TOOL_USE, OpenAiFinishReasons.toStopReason("function_call", true));
        assertEquals(StopReason.END_TURN, OpenAiFinishReasons.toStopReason("tool_calls", false));
        assertEquals(StopReason.END_TURN, OpenAiFinishReasons.toStopReason(null, false));
        assertEquals("stop", OpenAiFinishReasons.toFinishReason(null, false));
    }

    @Test
    @DisplayName("OC 1000/50 cached 800 ↔ canonical; A 3/11204/22156/581 → 33363/581/33944/11204")
    void usageExamples() {
        assertEquals(new Usage(200, 50, 0, 800, null), OpenAiUsage.fromOpenAi(OcTestSupport.json(
                "{\"prompt_tokens\":1000,\"completion_tokens\":50,\"prompt_tokens_details\":{\"cached_tokens\":800}}")));
        JsonObject oc = OpenAiUsage.toOpenAi(new Usage(3, 581, 22156, 11204, null));
        assertEquals(33363, oc.getInt("prompt_tokens"));
        assertEquals(581, oc.getInt("completion_tokens"));
        assertEquals(33944, oc.getInt("total_tokens"));
        assertEquals(11204, oc.getJsonObject("prompt_tokens_details").getInt("cached_tokens"));
        // Anthropic-style cache fields and cache_write_tokens are read too; input never goes negative
        assertEquals(new Usage(10, 5, 30, 60, null), OpenAiUsage.fromOpenAi(OcTestSupport.json(
                "{\"prompt_tokens\":100,\"completion_tokens\":5,\"cache_read_input_tokens\":60,\"cache_creation_input_tokens\":30}")));
        assertEquals(new Usage(0, 1, 7, 0, null), OpenAiUsage.fromOpenAi(OcTestSupport.json(
                "{\"prompt_tokens\":3,\"completion_tokens\":1,\"prompt_tokens_details\":{\"cache_write_tokens\":7}}")));
        assertEquals(Usage.ZERO, OpenAiUsage.fromOpenAi(null));
    }

    @Test
    @DisplayName("stream usage reports merge raw figures (per-field max) before converting")
    void rawMerge() {
        OpenAiUsage.Raw early = OpenAiUsage.readRaw(OcTestSupport.json("{\"prompt_tokens\":1000}"));
        OpenAiUsage.Raw late = OpenAiUsage.readRaw(OcTestSupport.json(
                "{\"prompt_tokens\":1000,\"completion_tokens\":50,\"prompt_tokens_details\":{\"cached_tokens\":800}}"));
        assertEquals(new Usage(200, 50, 0, 800, null), early.merge(late).toUsage());
    }

    @Test
    @DisplayName("argument repair closes, trims and unwraps; never invents")
    void jsonRepair() {
        assertEquals(Optional.of(OcTestSupport.json("{\"a\":1}")), JsonRepair.parseObject("{\"a\":1,"));
        assertEquals(Optional.of(OcTestSupport.json("{\"a\":\"x\"}")), JsonRepair.parseObject("{\"a\":\"x"));
        assertEquals(Optional.of(OcTestSupport.json("{\"a\":[1,2]}")), JsonRepair.parseObject("{\"a\":[1,2,]}"));
        assertEquals(Optional.of(OcTestSupport.json("{\"a\":{\"b\":null}}")), JsonRepair.parseObject("{\"a\":{\"b\":"));
        assertEquals(Optional.of(OcTestSupport.json("{\"a\":1}")), JsonRepair.parseObject("```json\n{\"a\":1}\n```"));
        assertEquals(Optional.of(OcTestSupport.json("{\"a\":1}")), JsonRepair.parseObject("Sure: {\"a\":1} hope it helps"));
        assertEquals(Optional.of(OcTestSupport.json("{\"a\":1}")), JsonRepair.parseObject("{\"a\":1,\"b"));
        assertEquals(Optional.of(OcTestSupport.json("{\"s\":\"a\\\\\"}")), JsonRepair.parseObject("{\"s\":\"a\\\\"));
        assertTrue(JsonRepair.parseObject("{bad json").isEmpty());
        assertTrue(JsonRepair.parseObject("not json").isEmpty());
        assertTrue(JsonRepair.parseObject("").isEmpty());
    }

    @Test
    @DisplayName("tool names over 64 chars → first 55 + _ + 8 hex of SHA-256, restored; short names untouched")
    void toolNameAliases() {
        String longName = "mcp__server_with_a_long_name__tool_with_an_even_longer_name_than_allowed";
        assertTrue(longName.length() > 64);
        String alias = ToolNameMap.aliasFor(longName);
        assertEquals(64, alias.length());
        assertEquals(longName.substring(0, 55) + "_" + StableHash.sha256Hex(longName).substring(0, 8), alias);
        assertEquals(alias, ToolNameMap.aliasFor(longName), "deterministic");
        ToolNameMap map = ToolNameMap.of(List.of(longName, "Bash"));
        assertEquals(longName, map.restore(alias));
        assertEquals("Bash", map.restore("Bash"));
        assertEquals("Bash", ToolNameMap.aliasFor("Bash"));
        assertEquals(1, map.aliases().size());
        String dotted = ToolNameMap.aliasFor("server.tool");
        assertTrue(dotted.matches("[A-Za-z0-9_-]{1,64}"), dotted);
        assertNotEquals(ToolNameMap.aliasFor("a.b"), ToolNameMap.aliasFor("a:b"), "distinct originals stay distinct");
        assertTrue(ToolNameMap.EMPTY.isEmpty());
    }

    @Test
    @DisplayName("user ids are a stable 64-hex hash, never the raw value")
    void userIdHash() {
        String h = StableHash.userId("alice@example.com");
        assertEquals(h, StableHash.userId("alice@example.com"));
        assertTrue(h.matches("[0-9a-f]{64}"));
        assertFalse(h.contains("@"));
    }

    @Test
    @DisplayName("upstream error members classified by code, type and status; falsy members are not errors")
    void errorMapping() {
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, OpenAiErrorMapping.kindOf(OcTestSupport.json("{\"code\":\"insufficient_quota\"}")));
        assertEquals(ErrorKind.UPSTREAM_OVERLOADED, OpenAiErrorMapping.kindOf(OcTestSupport.json("{\"code\":503}")));
        assertEquals(ErrorKind.UPSTREAM_TIMEOUT, OpenAiErrorMapping.kindOf(OcTestSupport.json("{\"status\":504}")));
        assertEquals(ErrorKind.INVALID_REQUEST, OpenAiErrorMapping.kindOf(OcTestSupport.json("{\"type\":\"invalid_request_error\"}")));
        assertEquals(ErrorKind.UPSTREAM_AUTH, OpenAiErrorMapping.kindOf(OcTestSupport.json("{\"code\":\"invalid_api_key\"}")));
        assertEquals(ErrorKind.UPSTREAM_SERVER, OpenAiErrorMapping.kindOf(OcTestSupport.json("{\"message\":\"?\"}")));
        assertFalse(OpenAiErrorMapping.isTruthy(jakarta.json.JsonValue.NULL));
        assertFalse(OpenAiErrorMapping.isTruthy(jakarta.json.JsonValue.FALSE));
        assertFalse(OpenAiErrorMapping.isTruthy(jakarta.json.JsonValue.EMPTY_JSON_OBJECT));
        assertTrue(OpenAiErrorMapping.isTruthy(OcTestSupport.json("{\"message\":\"x\"}")));
    }
}
