package dev.switchboard.wire.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.wire.sse.SseEvent;
import dev.switchboard.wire.sse.SseReader;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Shared helpers for the OpenAI chat codec tests. */
public final class OcTestSupport {
    private OcTestSupport() {
    }

    public static JsonObject json(String s) {
        return Jsons.parseObject(s);
    }

    public static JsonArray array(String s) {
        return Jsons.parseValue(s).asJsonArray();
    }

    /** The data payloads of an SSE body, in order. */
    public static List<String> dataFrames(String sse) {
        SseReader r = new SseReader();
        byte[] b = sse.getBytes(StandardCharsets.UTF_8);
        List<SseEvent> events = new ArrayList<>(r.feed(b, 0, b.length));
        events.addAll(r.finish());
        return events.stream().map(SseEvent::data).toList();
    }

    /** Feeds the whole body in one read, then ends. */
    public static List<StreamEvent> decodeWhole(ResponseDecoder d, byte[] body) {
        List<StreamEvent> out = new ArrayList<>(d.onBytes(body, 0, body.length));
        out.addAll(d.onEnd());
        return out;
    }

    /** Feeds the body in reads cut at the given offsets, then ends. */
    public static List<StreamEvent> decodeSplit(ResponseDecoder d, byte[] body, int... cuts) {
        List<StreamEvent> out = new ArrayList<>();
        int from = 0;
        for (int c : cuts) {
            out.addAll(d.onBytes(body, from, c - from));
            from = c;
        }
        out.addAll(d.onBytes(body, from, body.length - from));
        out.addAll(d.onEnd());
        return out;
    }

    /**
     * Asserts that every two-way split of the body at every byte boundary, and a byte-by-byte feed, yield
     * exactly the events of a single read.
     */
    public static List<StreamEvent> assertSplitInvariant(Supplier<ResponseDecoder> decoders, String transcript) {
        byte[] body = transcript.getBytes(StandardCharsets.UTF_8);
        List<StreamEvent> whole = decodeWhole(decoders.get(), body);
        for (int k = 0; k <= body.length; k++) {
            assertEquals(whole, decodeSplit(decoders.get(), body, k), "split at byte " + k);
        }
        int[] every = new int[Math.max(0, body.length - 1)];
        for (int i = 0; i < every.length; i++) {
            every[i] = i + 1;
        }
        assertEquals(whole, decodeSplit(decoders.get(), body, every), "byte-by-byte");
        for (StreamEvent e : whole) {
            assertFalse(e.toString().contains("\uFFFD"), "replacement character in " + e);
        }
        return whole;
    }

    /**
     * Checks the chunk rules strict OpenAI SDK parsers rely on, on a chat stream: every chunk has the same
     * {@code id}, {@code created}, {@code model}, {@code object}; every choice has {@code index} and a
     * {@code delta}; the first chunk carries the role; exactly one non-null {@code finish_reason} (unless the
     * stream ended with an error chunk); tool calls always have an index and their first fragment an id, a
     * type and a name; a usage chunk has {@code choices:[]}; {@code [DONE]} comes once, last.
     *
     * @return the parsed chunks (without [DONE])
     */
    public static List<JsonObject> assertOcRules(String sse) {
        List<String> frames = dataFrames(sse);
        assertFalse(frames.isEmpty(), "no frames");
        assertEquals("[DONE]", frames.get(frames.size() - 1), "last frame must be [DONE]");
        assertEquals(1, frames.stream().filter("[DONE]"::equals).count(), "exactly one [DONE]");
        List<JsonObject> chunks = new ArrayList<>();
        for (String f : frames.subList(0, frames.size() - 1)) {
            chunks.add(json(f));
        }
        boolean error = !chunks.isEmpty() && chunks.get(chunks.size() - 1).containsKey("error");
        String id = null;
        Long created = null;
        String model = null;
        int finishes = 0;
        boolean first = true;
        Set<Integer> namedTools = new HashSet<>();
        for (JsonObject c : chunks) {
            if (c.containsKey("error")) {
                JsonObject e = c.getJsonObject("error");
                for (String k : List.of("message", "type", "param", "code")) {
                    assertTrue(e.containsKey(k), "error chunk lacks " + k);
                }
                continue;
            }
            assertEquals("chat.completion.chunk", c.getString("object"));
            id = same(id, c.getString("id"), "id");
            created = same(created, c.getJsonNumber("created").longValue(), "created");
            model = same(model, c.getString("model"), "model");
            JsonArray choices = c.getJsonArray("choices");
            if (choices.isEmpty()) {
                assertTrue(c.containsKey("usage") && c.get("usage").getValueType() == JsonValue.ValueType.OBJECT,
                        "choices:[] only for the usage chunk");
                continue;
            }
            JsonObject choice = choices.getJsonObject(0);
            assertEquals(0, choice.getInt("index"));
            assertTrue(choice.containsKey("logprobs"), "logprobs key");
            JsonObject delta = choice.getJsonObject("delta");
            assertNotNull(delta, "delta");
            if (first) {
                assertEquals("assistant", delta.getString("role"), "role in the first delta");
                first = false;
            }
            if (choice.get("finish_reason").getValueType() != JsonValue.ValueType.NULL) {
                finishes++;
                assertEquals(JsonValue.EMPTY_JSON_OBJECT, delta, "finish chunk has an empty delta");
            } else {
                assertFalse(delta.isEmpty(), "no empty delta chunks");
            }
            JsonArray calls = Jsons.arr(delta, "tool_calls");
            if (calls != null) {
                for (JsonValue v : calls) {
                    JsonObject tc = v.asJsonObject();
                    assertTrue(tc.containsKey("index"), "tool call index");
                    int idx = tc.getInt("index");
                    if (namedTools.add(idx)) {
                        assertEquals("function", tc.getString("type"), "type on the first fragment");
                        assertNotNull(tc.getString("id"), "id on the first fragment");
                        assertNotNull(tc.getJsonObject("function").getString("name"), "name on the first fragment");
                    }
                }
            }
        }
        if (!error) {
            assertEquals(1, finishes, "exactly one finish_reason chunk");
        }
        return chunks;
    }

    private static <T> T same(T seen, T now, String what) {
        if (seen != null) {
            assertEquals(seen, now, what + " must be stable across chunks");
        }
        return now;
    }
}
