package dev.switchboard.clients;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;

/**
 * A Responses answer as OpenAI streams it: {@code response.created}, {@code response.in_progress}, then per output
 * item its {@code output_item.added}, the part and delta events, {@code output_item.done}, and finally
 * {@code response.completed} with the whole output and usage; every event carries its {@code sequence_number}.
 * Mutable; one thread.
 */
final class ResponsesTranscript {
    private final String id;
    private final String model;
    private final List<JsonObject> items = new ArrayList<>();
    private final List<String> body = new ArrayList<>();
    private int sequence;

    ResponsesTranscript(String id, String model) {
        this.id = id;
        this.model = model;
    }

    void reasoning(String itemId, String summary, String encrypted) {
        int index = items.size();
        JsonObject done = Jsons.objectBuilder().add("type", "reasoning").add("id", itemId)
                .add("summary", Jsons.arrayBuilder().add(Jsons.objectBuilder().add("type", "summary_text")
                        .add("text", summary))).add("encrypted_content", encrypted).build();
        event("response.output_item.added", b -> b.add("output_index", index).add("item", Jsons.objectBuilder()
                .add("type", "reasoning").add("id", itemId).add("summary", Jsons.arrayBuilder())));
        event("response.reasoning_summary_part.added", b -> b.add("item_id", itemId).add("output_index", index)
                .add("summary_index", 0).add("part", Jsons.objectBuilder().add("type", "summary_text").add("text", "")));
        event("response.reasoning_summary_text.delta", b -> b.add("item_id", itemId).add("output_index", index)
                .add("summary_index", 0).add("delta", summary));
        event("response.reasoning_summary_text.done", b -> b.add("item_id", itemId).add("output_index", index)
                .add("summary_index", 0).add("text", summary));
        event("response.reasoning_summary_part.done", b -> b.add("item_id", itemId).add("output_index", index)
                .add("summary_index", 0).add("part", Jsons.objectBuilder().add("type", "summary_text").add("text", summary)));
        event("response.output_item.done", b -> b.add("output_index", index).add("item", done));
        items.add(done);
    }

    void message(String itemId, String text) {
        int index = items.size();
        JsonObject part = Jsons.objectBuilder().add("type", "output_text").add("text", text)
                .add("annotations", Jsons.arrayBuilder()).build();
        JsonObject done = Jsons.objectBuilder().add("type", "message").add("id", itemId).add("status", "completed")
                .add("role", "assistant").add("content", Jsons.arrayBuilder().add(part)).build();
        event("response.output_item.added", b -> b.add("output_index", index).add("item", Jsons.objectBuilder()
                .add("type", "message").add("id", itemId).add("status", "in_progress").add("role", "assistant")
                .add("content", Jsons.arrayBuilder())));
        event("response.content_part.added", b -> b.add("item_id", itemId).add("output_index", index)
                .add("content_index", 0).add("part", Jsons.objectBuilder().add("type", "output_text").add("text", "")
                        .add("annotations", Jsons.arrayBuilder())));
        event("response.output_text.delta", b -> b.add("item_id", itemId).add("output_index", index)
                .add("content_index", 0).add("delta", text));
        event("response.output_text.done", b -> b.add("item_id", itemId).add("output_index", index)
                .add("content_index", 0).add("text", text));
        event("response.content_part.done", b -> b.add("item_id", itemId).add("output_index", index)
                .add("content_index", 0).add("part", part));
        event("response.output_item.done", b -> b.add("output_index", index).add("item", done));
        items.add(done);
    }

    /** A function call; {@code namespace} names the namespace tool it belongs to, or is null. */
    void functionCall(String itemId, String callId, String name, String namespace, String arguments) {
        int index = items.size();
        JsonObjectBuilder added = Jsons.objectBuilder().add("type", "function_call").add("id", itemId)
                .add("call_id", callId).add("name", name).add("arguments", "").add("status", "in_progress");
        JsonObjectBuilder done = Jsons.objectBuilder().add("type", "function_call").add("id", itemId)
                .add("call_id", callId).add("name", name).add("arguments", arguments).add("status", "completed");
        if (namespace != null) {
            added.add("namespace", namespace);
            done.add("namespace", namespace);
        }
        JsonObject item = done.build();
        event("response.output_item.added", b -> b.add("output_index", index).add("item", added));
        int half = arguments.length() / 2;
        event("response.function_call_arguments.delta", b -> b.add("item_id", itemId).add("output_index", index)
                .add("delta", arguments.substring(0, half)));
        event("response.function_call_arguments.delta", b -> b.add("item_id", itemId).add("output_index", index)
                .add("delta", arguments.substring(half)));
        event("response.function_call_arguments.done", b -> b.add("item_id", itemId).add("output_index", index)
                .add("arguments", arguments));
        event("response.output_item.done", b -> b.add("output_index", index).add("item", item));
        items.add(item);
    }

    /** The response object with everything added so far. */
    JsonObject response(String status) {
        JsonArrayBuilder output = Jsons.arrayBuilder();
        items.forEach(output::add);
        JsonObjectBuilder r = Jsons.objectBuilder().add("id", id).add("object", "response").add("created_at", 1767225600)
                .add("status", status).add("model", model).add("output", output)
                // OpenAI sends these on every response object, and strict SDKs (openai-java) require them.
                .addNull("error").addNull("incomplete_details").addNull("instructions")
                .add("metadata", Jsons.objectBuilder()).add("parallel_tool_calls", true).add("temperature", 1.0)
                .add("tool_choice", "auto").add("tools", Jsons.arrayBuilder()).add("top_p", 1.0);
        if (status.equals("completed")) {
            r.add("usage", Jsons.objectBuilder().add("input_tokens", 40).add("output_tokens", 12).add("total_tokens", 52)
                    .add("input_tokens_details", Jsons.objectBuilder().add("cached_tokens", 0).add("cache_write_tokens", 0))
                    .add("output_tokens_details", Jsons.objectBuilder().add("reasoning_tokens", 0)));
        }
        return r.build();
    }

    /** The whole stream: created and in_progress, the item events, completed. */
    List<String> frames() {
        List<String> out = new ArrayList<>();
        sequence = 0;
        JsonObject start = Jsons.objectBuilder(response("in_progress")).add("output", Jsons.arrayBuilder()).build();
        out.add(frame("response.created", Jsons.objectBuilder().add("response", start)));
        out.add(frame("response.in_progress", Jsons.objectBuilder().add("response", start)));
        for (String e : body) {
            int at = e.indexOf('\n');
            out.add(frame(e.substring(0, at), Jsons.objectBuilder(Jsons.parseObject(e.substring(at + 1)))));
        }
        out.add(frame("response.completed", Jsons.objectBuilder().add("response", response("completed"))));
        return out;
    }

    private interface Fields {
        void add(JsonObjectBuilder b);
    }

    private void event(String type, Fields fields) {
        JsonObjectBuilder b = Jsons.objectBuilder();
        fields.add(b);
        body.add(type + "\n" + b.build());
    }

    private String frame(String type, JsonObjectBuilder data) {
        JsonObject d = Jsons.objectBuilder().add("type", type).add("sequence_number", sequence++).addAll(data).build();
        return "event: " + type + "\ndata: " + d + "\n\n";
    }
}
