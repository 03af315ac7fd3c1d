package dev.switchboard.plugin.openaicompat;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an OpenAI chat-completion SSE transcript chunk by chunk, as real backends send it: every chunk carries
 * {@code id}, {@code object}, {@code created} and {@code model}; tool calls come as a first fragment with id, type
 * and name, then argument fragments. Mutable; one thread.
 */
final class ChatSse {
    private final String model;
    private final List<String> frames = new ArrayList<>();

    ChatSse(String model) {
        this.model = model;
    }

    static ChatSse of(String model) {
        return new ChatSse(model).role();
    }

    private JsonObjectBuilder chunk() {
        return Json.createObjectBuilder().add("id", "chatcmpl-fake01").add("object", "chat.completion.chunk")
                .add("created", 1767225600).add("model", model);
    }

    private ChatSse delta(JsonObjectBuilder delta, String finish) {
        JsonObjectBuilder choice = Json.createObjectBuilder().add("index", 0).add("delta", delta);
        if (finish == null) {
            choice.addNull("finish_reason");
        } else {
            choice.add("finish_reason", finish);
        }
        return data(chunk().add("choices", Json.createArrayBuilder().add(choice)).build().toString());
    }

    ChatSse role() {
        return delta(Json.createObjectBuilder().add("role", "assistant").add("content", ""), null);
    }

    ChatSse content(String text) {
        return delta(Json.createObjectBuilder().add("content", text), null);
    }

    ChatSse reasoning(String text) {
        return delta(Json.createObjectBuilder().add("reasoning_content", text), null);
    }

    /** The first fragment of tool call {@code index}: id, type, name and the first argument text. */
    ChatSse toolStart(int index, String id, String name, String args) {
        return delta(Json.createObjectBuilder().add("tool_calls", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("index", index).add("id", id).add("type", "function")
                .add("function", Json.createObjectBuilder().add("name", name).add("arguments", args)))), null);
    }

    /** A later argument fragment of tool call {@code index}. */
    ChatSse toolArgs(int index, String args) {
        return delta(Json.createObjectBuilder().add("tool_calls", Json.createArrayBuilder().add(Json.createObjectBuilder()
                .add("index", index).add("function", Json.createObjectBuilder().add("arguments", args)))), null);
    }

    ChatSse finish(String reason) {
        return delta(Json.createObjectBuilder(), reason);
    }

    /** The {@code include_usage} chunk: no choices, the totals. */
    ChatSse usage(long prompt, long completion, long cached) {
        return data(chunk().add("choices", Json.createArrayBuilder()).add("usage", Json.createObjectBuilder()
                .add("prompt_tokens", prompt).add("completion_tokens", completion).add("total_tokens", prompt + completion)
                .add("prompt_tokens_details", Json.createObjectBuilder().add("cached_tokens", cached))).build().toString());
    }

    ChatSse done() {
        return data("[DONE]");
    }

    ChatSse data(String payload) {
        frames.add("data: " + payload + "\n\n");
        return this;
    }

    List<String> frames() {
        return List.copyOf(frames);
    }

    String body() {
        return String.join("", frames);
    }

    /** A complete text answer: role, the deltas, stop, usage, [DONE]. */
    static ChatSse text(String model, long prompt, long completion, String... deltas) {
        ChatSse s = of(model);
        for (String d : deltas) {
            s.content(d);
        }
        return s.finish("stop").usage(prompt, completion, 0).done();
    }

    /** A unary {@code chat.completion} with text. */
    static String completion(String model, String text, long prompt, long completion) {
        return Json.createObjectBuilder().add("id", "chatcmpl-unary01").add("object", "chat.completion")
                .add("created", 1767225600).add("model", model)
                .add("choices", Json.createArrayBuilder().add(Json.createObjectBuilder().add("index", 0)
                        .add("message", Json.createObjectBuilder().add("role", "assistant").add("content", text))
                        .add("finish_reason", "stop")))
                .add("usage", Json.createObjectBuilder().add("prompt_tokens", prompt).add("completion_tokens", completion)
                        .add("total_tokens", prompt + completion))
                .build().toString();
    }
}
