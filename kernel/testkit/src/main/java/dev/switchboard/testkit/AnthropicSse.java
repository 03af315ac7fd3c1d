package dev.switchboard.testkit;

import jakarta.json.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds Anthropic Messages SSE transcripts frame by frame, as a real Anthropic-compatible upstream sends
 * them ({@code event:} + {@code data:} + blank line). Fakes write the frames one by one to exercise
 * incremental streaming. Mutable; one thread.
 */
public final class AnthropicSse {
    private final List<String> frames = new ArrayList<>();
    private int index = -1;

    public static AnthropicSse start(String model, long inputTokens) {
        return start(model, inputTokens, 0, 0);
    }

    /** A message_start whose usage also reports prompt-cache writes and reads. */
    public static AnthropicSse start(String model, long inputTokens, long cacheCreationTokens, long cacheReadTokens) {
        AnthropicSse s = new AnthropicSse();
        s.frame("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake01\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":" + q(model) + ",\"content\":[],\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":" + inputTokens
                + ",\"output_tokens\":1,\"cache_creation_input_tokens\":" + cacheCreationTokens
                + ",\"cache_read_input_tokens\":" + cacheReadTokens + "}}}");
        return s;
    }

    private static String q(String s) {
        return Json.createValue(s).toString();
    }

    public AnthropicSse frame(String event, String data) {
        frames.add("event: " + event + "\ndata: " + data + "\n\n");
        return this;
    }

    public AnthropicSse ping() {
        return frame("ping", "{\"type\":\"ping\"}");
    }

    /** A text block with the given deltas. */
    public AnthropicSse text(String... deltas) {
        int i = ++index;
        frame("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + i
                + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        for (String d : deltas) {
            frame("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + i
                    + ",\"delta\":{\"type\":\"text_delta\",\"text\":" + q(d) + "}}");
        }
        return stop(i);
    }

    /** A thinking block with deltas and a signature. */
    public AnthropicSse thinking(String signature, String... deltas) {
        int i = ++index;
        frame("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + i
                + ",\"content_block\":{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}}");
        for (String d : deltas) {
            frame("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + i
                    + ",\"delta\":{\"type\":\"thinking_delta\",\"thinking\":" + q(d) + "}}");
        }
        frame("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + i
                + ",\"delta\":{\"type\":\"signature_delta\",\"signature\":" + q(signature) + "}}");
        return stop(i);
    }

    /** A tool_use block whose input arrives in the given JSON fragments. */
    public AnthropicSse toolUse(String id, String name, String... jsonFragments) {
        int i = ++index;
        frame("content_block_start", "{\"type\":\"content_block_start\",\"index\":" + i
                + ",\"content_block\":{\"type\":\"tool_use\",\"id\":" + q(id) + ",\"name\":" + q(name) + ",\"input\":{}}}");
        for (String f : jsonFragments) {
            frame("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":" + i
                    + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + q(f) + "}}");
        }
        return stop(i);
    }

    private AnthropicSse stop(int i) {
        return frame("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + i + "}");
    }

    /** message_delta (stop reason + output tokens) and message_stop. */
    public AnthropicSse end(String stopReason, long outputTokens) {
        frame("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":" + q(stopReason)
                + ",\"stop_sequence\":null},\"usage\":{\"output_tokens\":" + outputTokens + "}}");
        return frame("message_stop", "{\"type\":\"message_stop\"}");
    }

    /** A terminal {@code event: error}. */
    public AnthropicSse error(String type, String message) {
        return frame("error", "{\"type\":\"error\",\"error\":{\"type\":" + q(type) + ",\"message\":" + q(message) + "}}");
    }

    public List<String> frames() {
        return List.copyOf(frames);
    }

    public String body() {
        return String.join("", frames);
    }
}
