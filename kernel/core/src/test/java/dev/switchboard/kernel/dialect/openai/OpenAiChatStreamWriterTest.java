package dev.switchboard.kernel.dialect.openai;

import dev.switchboard.wire.openai.OcTestSupport;
import dev.switchboard.wire.openai.OpenAiChatProfile;
import dev.switchboard.wire.openai.OpenAiChatStreamDecoder;
import dev.switchboard.wire.openai.OpenAiChatStreamDecoderTest;
import dev.switchboard.wire.openai.ToolNameMap;
import static dev.switchboard.wire.openai.OcTestSupport.assertOcRules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.testkit.GuardedStreams;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.ResponseEvents;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.spi.stream.StreamEvent.BlockDelta;
import dev.switchboard.spi.stream.StreamEvent.BlockStart;
import dev.switchboard.spi.stream.StreamEvent.BlockStop;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The OpenAI Chat stream writer: canonical events → OpenAI Chat chunks. */
class OpenAiChatStreamWriterTest {
    private static final String ID = "chatcmpl-test";
    private static final long CREATED = 1_700_000_000L;
    private static final String MODEL = "client-model";

    /** Renders events with a fresh writer, then calls finish() like the kernel does at the end. */
    private static String render(boolean includeUsage, boolean reasoning, List<StreamEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenAiChatStreamWriter w = new OpenAiChatStreamWriter(new SseWriter(out), ID, CREATED, MODEL, includeUsage, reasoning);
        try {
            for (StreamEvent e : events) {
                w.write(e);
            }
            w.finish();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<StreamEvent> events(StreamEvent... e) {
        List<StreamEvent> l = new ArrayList<>();
        l.add(new StreamEvent.MessageStart("msg_1", "upstream", new Usage(10, 0, 0, 5, null)));
        l.addAll(List.of(e));
        return l;
    }

    private static List<StreamEvent> thinking(int i, String text) {
        return List.of(new BlockStart(i, new ContentBlock.Thinking("", "")), new BlockDelta(i, new Delta.ThinkingDelta(text)),
                new BlockDelta(i, new Delta.SignatureDelta("sig")), new BlockStop(i));
    }

    private static List<StreamEvent> text(int i, String text) {
        return List.of(new BlockStart(i, new ContentBlock.Text("")), new BlockDelta(i, new Delta.TextDelta(text)), new BlockStop(i));
    }

    private static List<StreamEvent> tool(int i, String id, String name, String... fragments) {
        List<StreamEvent> l = new ArrayList<>();
        l.add(new BlockStart(i, new ContentBlock.ToolUse(id, name, JsonValue.EMPTY_JSON_OBJECT)));
        for (String f : fragments) {
            l.add(new BlockDelta(i, new Delta.InputJsonDelta(f)));
        }
        l.add(new BlockStop(i));
        return l;
    }

    private static List<StreamEvent> end(StopReason stop, Usage usage) {
        return List.of(new StreamEvent.MessageDelta(stop, null, usage), new StreamEvent.MessageStop());
    }

    @SafeVarargs
    private static List<StreamEvent> concat(List<StreamEvent>... parts) {
        List<StreamEvent> l = new ArrayList<>(events());
        for (List<StreamEvent> p : parts) {
            l.addAll(p);
        }
        return l;
    }

    /** The tool-call fragments of the chunks, in order. */
    private static List<JsonObject> toolFragments(List<JsonObject> chunks) {
        List<JsonObject> out = new ArrayList<>();
        for (JsonObject c : chunks) {
            JsonArray choices = Jsons.arr(c, "choices");
            if (choices == null || choices.isEmpty()) {
                continue;
            }
            JsonArray calls = Jsons.arr(choices.getJsonObject(0).getJsonObject("delta"), "tool_calls");
            if (calls != null) {
                calls.forEach(v -> out.add(v.asJsonObject()));
            }
        }
        return out;
    }

    @Test
    @DisplayName("exact frames of a text stream (role chunk, content, finish, [DONE])")
    void exactFrames() {
        String sse = render(false, true, concat(text(0, "Hi"), end(StopReason.END_TURN, Usage.of(10, 1))));
        String env = "{\"id\":\"chatcmpl-test\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"client-model\",";
        assertEquals("data: " + env + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                + "data: " + env + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                + "data: " + env + "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n", sse);
    }

    @Test
    @DisplayName("a content chunk written by hand is the chunk jakarta.json writes, also for escaped text")
    void handWrittenContentChunkIsTheTreeChunk() {
        String tricky = "quote \" backslash \\ newline \n bell \u0007 ✓ 😀";
        String sse = render(false, true, concat(text(0, tricky), end(StopReason.END_TURN, Usage.of(10, 1))));
        String chunk = Jsons.objectBuilder().add("id", "chatcmpl-test").add("object", "chat.completion.chunk")
                .add("created", 1700000000L).add("model", "client-model")
                .add("choices", Jsons.arrayBuilder().add(Jsons.objectBuilder().add("index", 0)
                        .add("delta", Jsons.objectBuilder().add("content", tricky))
                        .add("logprobs", JsonValue.NULL).add("finish_reason", JsonValue.NULL)))
                .build().toString();
        assertTrue(sse.contains("data: " + chunk + "\n\n"), sse);
    }

    @Test
    @DisplayName("canonical thinking, text, tool, tool → OC tool indices 0, 1")
    void toolIndicesFromCounter() {
        String sse = render(false, true, concat(thinking(0, "hm"), text(1, "Let me check"),
                tool(2, "a", "Read", "{\"file_path\":", "\"a.ts\"}"), tool(3, "b", "Read", "{\"file_path\":\"b.ts\"}"),
                end(StopReason.TOOL_USE, Usage.ZERO)));
        List<JsonObject> frags = toolFragments(assertOcRules(sse));
        assertEquals(List.of(0, 0, 0, 1, 1), frags.stream().map(f -> f.getInt("index")).toList());
        assertEquals(OcTestSupport.json("{\"index\":0,\"id\":\"a\",\"type\":\"function\",\"function\":{\"name\":\"Read\",\"arguments\":\"\"}}"),
                frags.get(0));
        assertEquals(OcTestSupport.json("{\"index\":0,\"function\":{\"arguments\":\"{\\\"file_path\\\":\"}}"), frags.get(1));
    }

    @Test
    @DisplayName("thinking(0) tool(1) thinking(2) tool(3) → tool indices 0 and 1, never block − 1")
    void interleavedThinkingTools() {
        String sse = render(false, true, concat(thinking(0, "a"), tool(1, "x", "A", "{}"), thinking(2, "b"),
                tool(3, "y", "B", "{}"), end(StopReason.TOOL_USE, Usage.ZERO)));
        List<JsonObject> frags = toolFragments(assertOcRules(sse));
        assertEquals(List.of(0, 0, 1, 1), frags.stream().map(f -> f.getInt("index")).toList());
    }

    @Test
    @DisplayName("SDK chunk rules hold for text, tool-only, thinking + tools, empty and unfolded unary streams")
    void ocRulesEverywhere() {
        ChatResponse unary = new ChatResponse("msg_1", "m", List.of(new ContentBlock.Thinking("t", "s"), new ContentBlock.Text("a"),
                new ContentBlock.ToolUse("c", "C", OcTestSupport.json("{\"k\":1}")), new ContentBlock.Text("b")),
                StopReason.TOOL_USE, null, Usage.of(3, 4));
        List<List<StreamEvent>> streams = List.of(
                concat(text(0, "x"), end(StopReason.END_TURN, Usage.ZERO)),
                concat(tool(0, "c", "C", "{}"), end(StopReason.TOOL_USE, Usage.ZERO)),
                concat(thinking(0, "t"), tool(1, "c", "C"), text(2, "y"), end(StopReason.TOOL_USE, Usage.ZERO)),
                concat(end(StopReason.END_TURN, Usage.ZERO)),
                ResponseEvents.unfold(unary));
        for (List<StreamEvent> s : streams) {
            for (boolean usage : List.of(true, false)) {
                for (boolean reasoning : List.of(true, false)) {
                    assertOcRules(render(usage, reasoning, s));
                }
            }
        }
    }

    @Test
    @DisplayName("include_usage on → usage chunk (choices:[]) before [DONE] with the usage arithmetic; off → none")
    void includeUsage() {
        List<StreamEvent> s = concat(text(0, "x"), end(StopReason.END_TURN, new Usage(10, 7, 0, 5, null)));
        List<String> on = OcTestSupport.dataFrames(render(true, true, s));
        JsonObject usageChunk = OcTestSupport.json(on.get(on.size() - 2));
        assertEquals(JsonValue.EMPTY_JSON_ARRAY, usageChunk.getJsonArray("choices"));
        assertEquals(ID, usageChunk.getString("id"));
        assertEquals(OcTestSupport.json("{\"prompt_tokens\":15,\"completion_tokens\":7,\"total_tokens\":22,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":5}}"), usageChunk.getJsonObject("usage"));
        List<String> off = OcTestSupport.dataFrames(render(false, true, s));
        assertTrue(off.stream().noneMatch(f -> f.contains("\"usage\"")));
        assertEquals(on.size() - 1, off.size());
    }

    @Test
    @DisplayName("a canonical error (Anthropic event: error) → error chunk {message,type,param,code}, then [DONE]")
    void errorChunk() {
        String sse = render(true, true, concat(List.of(new BlockStart(0, new ContentBlock.Text("")),
                new BlockDelta(0, new Delta.TextDelta("part")), new BlockStop(0),
                new StreamEvent.StreamError(ErrorKind.UPSTREAM_OVERLOADED, "Overloaded"))));
        List<JsonObject> chunks = assertOcRules(sse);
        assertEquals(OcTestSupport.json("{\"error\":{\"message\":\"Overloaded\",\"type\":\"server_error\",\"param\":null,"
                + "\"code\":\"overloaded\"}}"), chunks.get(chunks.size() - 1));
        assertTrue(chunks.stream().noneMatch(c -> c.toString().contains("\"finish_reason\":\"stop\"")),
                "a failure never looks like a normal finish");
    }

    @Test
    @DisplayName("a tool without arguments gets \"{}\"")
    void toolWithoutArguments() {
        // The "{}" is the grammar's (here the guard's, as in the kernel's pipeline), not the writer's.
        List<JsonObject> frags = toolFragments(assertOcRules(render(false, true,
                GuardedStreams.of(concat(tool(0, "c", "Now"), end(StopReason.TOOL_USE, Usage.ZERO))))));
        assertEquals(2, frags.size());
        assertEquals("{}", frags.get(1).getJsonObject("function").getString("arguments"));
    }

    @Test
    @DisplayName("the writer only writes: a tool block without input gets no arguments it did not carry")
    void theWriterInventsNoArguments() {
        List<JsonObject> frags = toolFragments(assertOcRules(render(false, true,
                concat(tool(0, "c", "Now"), end(StopReason.TOOL_USE, Usage.ZERO)))));
        assertEquals(1, frags.size(), "only the call's start: " + frags);
        assertEquals("", frags.get(0).getJsonObject("function").getString("arguments"));
    }

    @Test
    @DisplayName("a tool start that already carries its input and gets no fragments sends that input")
    void toolInputOnStart() {
        List<StreamEvent> s = concat(List.of(new BlockStart(0, new ContentBlock.ToolUse("c", "Read", OcTestSupport.json("{\"p\":1}"))),
                new BlockStop(0)), end(StopReason.TOOL_USE, Usage.ZERO));
        List<JsonObject> frags = toolFragments(assertOcRules(render(false, true, s)));
        assertEquals("{\"p\":1}", frags.get(1).getJsonObject("function").getString("arguments"));
    }

    @Test
    @DisplayName("R-5: thinking → reasoning_content or omitted, never in content; no chunk for signature deltas")
    void thinkingRendering() {
        List<StreamEvent> s = concat(thinking(0, "secret plan"), text(1, "answer"), end(StopReason.END_TURN, Usage.ZERO));
        List<JsonObject> with = assertOcRules(render(false, true, s));
        assertEquals("secret plan", with.get(1).getJsonArray("choices").getJsonObject(0).getJsonObject("delta").getString("reasoning_content"));
        assertEquals(4, with.size(), "role, reasoning, content, finish: nothing for the signature");
        List<JsonObject> without = assertOcRules(render(false, false, s));
        assertFalse(without.toString().contains("secret plan"));
        assertEquals(3, without.size());
    }

    @Test
    @DisplayName("heartbeat is a : keep-alive comment")
    void heartbeat() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenAiChatStreamWriter w = new OpenAiChatStreamWriter(new SseWriter(out), ID, CREATED, MODEL, false, true);
        w.heartbeat();
        assertEquals(": keep-alive\n\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("EOF without message_stop → usage + [DONE] if finished, else error chunk + [DONE]")
    void finishWithoutMessageStop() {
        List<StreamEvent> finishedNoStop = concat(text(0, "x"), List.of(new StreamEvent.MessageDelta(StopReason.END_TURN, null, Usage.of(1, 1))));
        List<String> a = OcTestSupport.dataFrames(render(true, true, finishedNoStop));
        assertOcRules(render(true, true, finishedNoStop));
        assertTrue(a.get(a.size() - 2).contains("\"usage\""));
        List<StreamEvent> cut = concat(text(0, "x"));
        List<JsonObject> chunks = assertOcRules(render(true, true, cut));
        JsonObject err = chunks.get(chunks.size() - 1).getJsonObject("error");
        assertEquals("upstream stream ended prematurely", err.getString("message"));
        // after message_stop, finish() adds nothing
        String complete = render(true, true, concat(text(0, "x"), end(StopReason.END_TURN, Usage.ZERO)));
        assertEquals(1, OcTestSupport.dataFrames(complete).stream().filter("[DONE]"::equals).count());
    }

    @Test
    @DisplayName("OpenAI chunks → decoder → writer → decoder gives the same answer")
    void roundTrip() throws GatewayException {
        OpenAiChatStreamDecoder first = new OpenAiChatStreamDecoder("msg_x", MODEL, OpenAiChatProfile.standard(), true, ToolNameMap.EMPTY);
        List<StreamEvent> canonical = OcTestSupport.decodeWhole(first,
                OpenAiChatStreamDecoderTest.TEXT_AND_TWO_TOOLS.getBytes(StandardCharsets.UTF_8));
        String rendered = render(true, true, canonical);
        assertOcRules(rendered);
        OpenAiChatStreamDecoder second = new OpenAiChatStreamDecoder("msg_x", MODEL, OpenAiChatProfile.standard(), true, ToolNameMap.EMPTY);
        List<StreamEvent> again = OcTestSupport.decodeWhole(second, rendered.getBytes(StandardCharsets.UTF_8));
        assertEquals(canonical, again);
        ChatResponse folded = OpenAiChatStreamDecoderTest.fold(again);
        assertEquals("Let me check", folded.text());
        assertEquals(StopReason.TOOL_USE, folded.stopReason());
        assertEquals(Usage.of(100, 20), folded.usage());
    }
}
