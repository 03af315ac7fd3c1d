package dev.switchboard.kernel.dialect.responses;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.wire.WireIds;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.List;

/**
 * Builders for the JSON objects of the Responses wire that both the unary and the streamed answer use
 * (the response object, its output items, its usage), so the two can never disagree. Field sets follow
 * what openai-java 4.x requires when it validates a {@code Response}. Stateless.
 */
final class ResponsesObjects {
    /** Echoed request fields the response object always carries, with their defaults. */
    private static final List<String> ECHO_ORDER = List.of("instructions", "max_output_tokens", "parallel_tool_calls",
            "reasoning", "temperature", "text", "tool_choice", "tools", "top_p", "metadata");

    private ResponsesObjects() {
    }

    static String newReasoningId() {
        return WireIds.random("rs_", 24);
    }

    static String newMessageId() {
        return WireIds.messageId();
    }

    static String newFunctionCallId() {
        return WireIds.random("fc_", 24);
    }

    /**
     * The canonical → Responses usage: Responses counts cache reads and writes inside
     * {@code input_tokens}; {@code cache_write_tokens} (required by openai-java 4.x) carries the writes.
     * Reasoning tokens are not reported separately by the canonical model, so 0.
     */
    static JsonObject usage(Usage u) {
        long input = u.inputTokens() + u.cacheReadInputTokens() + u.cacheCreationInputTokens();
        return Jsons.objectBuilder()
                .add("input_tokens", input)
                .add("input_tokens_details", Jsons.objectBuilder()
                        .add("cached_tokens", u.cacheReadInputTokens())
                        .add("cache_write_tokens", u.cacheCreationInputTokens()))
                .add("output_tokens", u.outputTokens())
                .add("output_tokens_details", Jsons.objectBuilder().add("reasoning_tokens", 0))
                .add("total_tokens", input + u.outputTokens())
                .build();
    }

    /** {@code {type:"output_text", text, annotations:[]}}: a message's text part. */
    static JsonObject outputText(String text) {
        return Jsons.objectBuilder()
                .add("type", "output_text")
                .add("text", text)
                .add("annotations", JsonValue.EMPTY_JSON_ARRAY)
                .build();
    }

    /** {@code {type:"summary_text", text}}: a reasoning item's summary part. */
    static JsonObject summaryText(String text) {
        return Jsons.objectBuilder().add("type", "summary_text").add("text", text).build();
    }

    /** An assistant message item with one {@code output_text} part (none while it is still empty). */
    static JsonObject messageItem(String id, String text, String status) {
        return Jsons.objectBuilder()
                .add("id", id)
                .add("type", "message")
                .add("status", status)
                .add("role", "assistant")
                .add("content", text == null ? JsonValue.EMPTY_JSON_ARRAY : Jsons.arrayBuilder().add(outputText(text)).build())
                .build();
    }

    /**
     * A reasoning item. {@code summary} is empty when there is no text yet; {@code encrypted_content}
     * carries the signature only when the client asked for it and there is one.
     */
    static JsonObject reasoningItem(String id, String text, String signature, boolean includeEncrypted) {
        JsonObjectBuilder b = Jsons.objectBuilder()
                .add("id", id)
                .add("type", "reasoning")
                .add("summary", text == null || text.isEmpty() ? JsonValue.EMPTY_JSON_ARRAY
                        : Jsons.arrayBuilder().add(summaryText(text)).build());
        if (includeEncrypted && signature != null && !signature.isEmpty()) {
            b.add("encrypted_content", signature);
        }
        return b.build();
    }

    /**
     * A function call item; {@code call_id} is the canonical tool id. A flat name of a namespaced tool is written as
     * the client declared it: its own {@code name} and the {@code namespace}.
     */
    static JsonObject functionCallItem(String id, String callId, String name, String arguments, String status,
                                       ToolNamespaces namespaces) {
        ToolNamespaces.Entry declared = namespaces.original(name);
        JsonObjectBuilder b = Jsons.objectBuilder()
                .add("id", id)
                .add("type", "function_call")
                .add("status", status)
                .add("call_id", callId)
                .add("name", declared == null ? name : declared.name());
        if (declared != null) {
            b.add("namespace", declared.namespace());
        }
        return b.add("arguments", arguments).build();
    }

    /**
     * The response object.
     *
     * @param id                {@code resp_...}
     * @param createdAt         epoch seconds
     * @param model             the model name the client asked for
     * @param status            {@code in_progress}, {@code completed}, {@code incomplete} or {@code failed}
     * @param output            the output items
     * @param incompleteDetails {@code {reason}} or null
     * @param error             {@code {code, message}} or null
     * @param usage             usage, or null while unknown
     * @param options           the client's echo fields
     */
    static JsonObject response(String id, long createdAt, String model, String status, JsonArray output,
                               JsonObject incompleteDetails, JsonObject error, Usage usage,
                               ResponsesWriterOptions options) {
        JsonObjectBuilder b = Jsons.objectBuilder()
                .add("id", id)
                .add("object", "response")
                .add("created_at", createdAt)
                .add("status", status)
                .add("error", error == null ? JsonValue.NULL : error)
                .add("incomplete_details", incompleteDetails == null ? JsonValue.NULL : incompleteDetails)
                .add("model", model)
                .add("output", output);
        JsonObject echo = options.requestEcho();
        for (String key : ECHO_ORDER) {
            JsonValue v = echo.get(key);
            b.add(key, v != null ? v : defaultEcho(key));
        }
        return b.add("store", false)
                .add("usage", usage == null ? JsonValue.NULL : usage(usage))
                .build();
    }

    private static JsonValue defaultEcho(String key) {
        return switch (key) {
            case "parallel_tool_calls" -> JsonValue.TRUE;
            case "tool_choice" -> Jsons.value("auto");
            case "tools" -> JsonValue.EMPTY_JSON_ARRAY;
            case "metadata" -> JsonValue.EMPTY_JSON_OBJECT;
            case "text" -> Jsons.objectBuilder().add("format", Jsons.objectBuilder().add("type", "text")).build();
            default -> JsonValue.NULL;
        };
    }

    /** {@code {code, message}} for a failed response. */
    static JsonObject error(String code, String message) {
        return Jsons.objectBuilder().add("code", code).add("message", message).build();
    }
}
