package dev.switchboard.clients;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fake upstream needs to know about a request to answer like a model would: the tools it may call, whether
 * the conversation ends with tool results (and what they say), the last thing the user wrote, and whether images or
 * thinking came along. Read from the raw wire body of each upstream format, never through the gateway's own
 * readers, so a gateway bug cannot hide itself in the fake. Immutable.
 *
 * @param tools       declared function tools: name → namespace (null outside a namespace)
 * @param toolResult  the text of the tool results that end the conversation, or null when it does not end with any
 * @param lastUser    the text of the last user message
 * @param images      how many images the conversation carries
 * @param thinking    whether the request asks for thinking or reasoning
 */
record Conversation(Map<String, String> tools, String toolResult, String lastUser, int images, boolean thinking) {

    /** An Anthropic Messages body. */
    static Conversation anthropic(JsonObject body) {
        Map<String, String> tools = new LinkedHashMap<>();
        for (JsonObject t : objects(Jsons.arr(body, "tools"))) {
            if (Jsons.str(t, "name") != null && (Jsons.str(t, "type") == null || "custom".equals(Jsons.str(t, "type")))) {
                tools.put(Jsons.str(t, "name"), null);
            }
        }
        List<JsonObject> messages = objects(Jsons.arr(body, "messages"));
        String result = null;
        String lastUser = "";
        int images = 0;
        for (JsonObject m : messages) {
            List<JsonObject> blocks = blocks(m.get("content"));
            images += (int) blocks.stream().filter(b -> "image".equals(Jsons.str(b, "type"))).count();
            if ("user".equals(Jsons.str(m, "role"))) {
                String text = texts(blocks, "text");
                lastUser = text.isEmpty() ? lastUser : text;
            }
        }
        if (!messages.isEmpty()) {
            List<JsonObject> last = blocks(messages.getLast().get("content"));
            StringBuilder sb = new StringBuilder();
            for (JsonObject b : last) {
                if ("tool_result".equals(Jsons.str(b, "type"))) {
                    JsonValue c = b.get("content");
                    sb.append(c instanceof JsonString s ? s.getString() : texts(blocks(c), "text"));
                }
            }
            result = sb.isEmpty() && last.stream().noneMatch(b -> "tool_result".equals(Jsons.str(b, "type")))
                    ? null : sb.toString();
        }
        JsonObject thinking = Jsons.obj(body, "thinking");
        boolean on = thinking != null && !"disabled".equals(Jsons.str(thinking, "type"));
        return new Conversation(tools, result, lastUser, images, on);
    }

    /** An OpenAI Chat Completions body. */
    static Conversation chat(JsonObject body) {
        Map<String, String> tools = new LinkedHashMap<>();
        for (JsonObject t : objects(Jsons.arr(body, "tools"))) {
            String name = Jsons.str(Jsons.obj(t, "function"), "name");
            if (name != null) {
                tools.put(name, null);
            }
        }
        List<JsonObject> messages = objects(Jsons.arr(body, "messages"));
        String lastUser = "";
        int images = 0;
        for (JsonObject m : messages) {
            List<JsonObject> parts = blocks(m.get("content"));
            images += (int) parts.stream().filter(p -> "image_url".equals(Jsons.str(p, "type"))).count();
            if ("user".equals(Jsons.str(m, "role"))) {
                String text = texts(parts, "text");
                lastUser = text.isEmpty() ? lastUser : text;
            }
        }
        StringBuilder result = null;
        for (int i = messages.size() - 1; i >= 0 && "tool".equals(Jsons.str(messages.get(i), "role")); i--) {
            result = result == null ? new StringBuilder() : result;
            result.insert(0, texts(blocks(messages.get(i).get("content")), "text"));
        }
        boolean thinking = Jsons.str(body, "reasoning_effort") != null && !"none".equals(Jsons.str(body, "reasoning_effort"));
        return new Conversation(tools, result == null ? null : result.toString(), lastUser, images, thinking);
    }

    /** An OpenAI Responses body. */
    static Conversation responses(JsonObject body) {
        Map<String, String> tools = new LinkedHashMap<>();
        for (JsonObject t : objects(Jsons.arr(body, "tools"))) {
            if ("function".equals(Jsons.str(t, "type"))) {
                tools.put(Jsons.str(t, "name"), null);
            } else if ("namespace".equals(Jsons.str(t, "type"))) {
                for (JsonObject f : objects(Jsons.arr(t, "tools"))) {
                    tools.put(Jsons.str(f, "name"), Jsons.str(t, "name"));
                }
            }
        }
        JsonValue input = body.get("input");
        List<JsonObject> items = input instanceof JsonString s
                ? List.of(Jsons.objectBuilder().add("type", "message").add("role", "user").add("content", s).build())
                : objects(input == null || input.getValueType() != JsonValue.ValueType.ARRAY ? null : input.asJsonArray());
        String lastUser = "";
        int images = 0;
        for (JsonObject item : items) {
            List<JsonObject> parts = blocks(item.get("content"));
            images += (int) parts.stream().filter(p -> "input_image".equals(Jsons.str(p, "type"))).count();
            if ("user".equals(Jsons.str(item, "role"))) {
                String text = texts(parts, "text");
                lastUser = text.isEmpty() ? lastUser : text;
            }
        }
        StringBuilder result = null;
        for (int i = items.size() - 1; i >= 0 && "function_call_output".equals(Jsons.str(items.get(i), "type")); i--) {
            result = result == null ? new StringBuilder() : result;
            JsonValue out = items.get(i).get("output");
            result.insert(0, out instanceof JsonString s ? s.getString() : texts(blocks(out), "text"));
        }
        JsonObject reasoning = Jsons.obj(body, "reasoning");
        boolean thinking = reasoning != null && !"none".equals(Jsons.str(reasoning, "effort"));
        return new Conversation(tools, result == null ? null : result.toString(), lastUser, images, thinking);
    }

    /** A Kiro {@code generateAssistantResponse} body. */
    static Conversation kiro(JsonObject body) {
        JsonObject state = Jsons.obj(body, "conversationState");
        JsonObject current = Jsons.obj(Jsons.obj(state, "currentMessage"), "userInputMessage");
        JsonObject context = Jsons.obj(current, "userInputMessageContext");
        Map<String, String> tools = new LinkedHashMap<>();
        for (JsonObject t : objects(Jsons.arr(context, "tools"))) {
            tools.put(Jsons.str(Jsons.obj(t, "toolSpecification"), "name"), null);
        }
        List<JsonObject> results = objects(Jsons.arr(context, "toolResults"));
        String result = null;
        if (!results.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            results.forEach(r -> sb.append(texts(objects(Jsons.arr(r, "content")), "text")));
            result = sb.toString();
        }
        int images = objects(Jsons.arr(current, "images")).size();
        for (JsonObject h : objects(Jsons.arr(state, "history"))) {
            images += objects(Jsons.arr(Jsons.obj(h, "userInputMessage"), "images")).size();
        }
        // The plugin asks for thinking with tags in the system text, which travels as the first history turn.
        return new Conversation(tools, result, Jsons.str(current, "content", ""), images,
                body.toString().contains("<thinking_mode>"));
    }

    private static List<JsonObject> objects(JsonArray arr) {
        List<JsonObject> out = new ArrayList<>();
        if (arr != null) {
            for (JsonValue v : arr) {
                if (v.getValueType() == JsonValue.ValueType.OBJECT) {
                    out.add(v.asJsonObject());
                }
            }
        }
        return out;
    }

    /** Content as a list of part objects; a string content is one text part. */
    private static List<JsonObject> blocks(JsonValue content) {
        if (content instanceof JsonString s) {
            return List.of(Jsons.objectBuilder().add("type", "text").add("text", s).build());
        }
        return content != null && content.getValueType() == JsonValue.ValueType.ARRAY
                ? objects(content.asJsonArray()) : List.of();
    }

    private static String texts(List<JsonObject> parts, String key) {
        StringBuilder sb = new StringBuilder();
        for (JsonObject p : parts) {
            String t = Jsons.str(p, key);
            if (t != null && !"image".equals(Jsons.str(p, "type"))) {
                sb.append(t);
            }
        }
        return sb.toString();
    }
}
