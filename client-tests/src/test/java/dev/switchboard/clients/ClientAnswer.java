package dev.switchboard.clients;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client got back, read from the gateway's answer in the client's API (a stream or a unary body): the text,
 * the tool calls, the reasoning, and whether a stream ended with its API's normal terminal event. Immutable.
 *
 * @param text      the answer text, concatenated
 * @param calls     the tool calls in order
 * @param reasoning the reasoning or thinking text, concatenated
 * @param finished  a stream ended with {@code message_stop}, {@code [DONE]} after a finish reason, or
 *                  {@code response.completed}; a unary body is always finished
 * @param errors    error events seen in a stream
 */
record ClientAnswer(String text, List<Call> calls, String reasoning, boolean finished, List<String> errors) {

    /** One tool call as the client sees it. */
    record Call(String name, String namespace, JsonObject arguments) {
    }

    /** Reads an answer in {@code api} ({@code anthropic}, {@code chat}, {@code responses}). */
    static ClientAnswer read(String api, String body) {
        boolean stream = body.startsWith("event:") || body.startsWith("data:") || body.startsWith(":");
        return switch (api) {
            case "anthropic" -> stream ? anthropicStream(body) : anthropicUnary(Jsons.parseObject(body));
            case "chat" -> stream ? chatStream(body) : chatUnary(Jsons.parseObject(body));
            case "responses" -> stream ? responsesStream(body) : responsesUnary(Jsons.parseObject(body));
            default -> throw new IllegalArgumentException(api);
        };
    }

    /** The {@code data:} payloads of an SSE body, in order. */
    static List<String> data(String body) {
        List<String> out = new ArrayList<>();
        for (String line : body.split("\r?\n")) {
            if (line.startsWith("data:")) {
                out.add(line.substring(5).strip());
            }
        }
        return out;
    }

    private static ClientAnswer anthropicStream(String body) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        Map<Integer, String[]> tools = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        boolean stopped = false;
        for (String d : data(body)) {
            JsonObject e = Jsons.parseObject(d);
            switch (Jsons.str(e, "type", "")) {
                case "content_block_start" -> {
                    JsonObject block = e.getJsonObject("content_block");
                    if ("tool_use".equals(Jsons.str(block, "type"))) {
                        tools.put(e.getInt("index"), new String[] {Jsons.str(block, "name"), ""});
                    }
                }
                case "content_block_delta" -> {
                    JsonObject delta = e.getJsonObject("delta");
                    switch (Jsons.str(delta, "type", "")) {
                        case "text_delta" -> text.append(Jsons.str(delta, "text"));
                        case "thinking_delta" -> thinking.append(Jsons.str(delta, "thinking"));
                        case "input_json_delta" -> tools.get(e.getInt("index"))[1] += Jsons.str(delta, "partial_json");
                        default -> { }
                    }
                }
                case "message_stop" -> stopped = true;
                case "error" -> errors.add(d);
                default -> { }
            }
        }
        List<Call> calls = tools.values().stream().map(t -> new Call(t[0], null,
                t[1].isEmpty() ? JsonValue.EMPTY_JSON_OBJECT : Jsons.parseObject(t[1]))).toList();
        return new ClientAnswer(text.toString(), calls, thinking.toString(), stopped, errors);
    }

    private static ClientAnswer anthropicUnary(JsonObject m) {
        StringBuilder text = new StringBuilder();
        StringBuilder thinking = new StringBuilder();
        List<Call> calls = new ArrayList<>();
        for (JsonObject b : m.getJsonArray("content").getValuesAs(JsonObject.class)) {
            switch (Jsons.str(b, "type", "")) {
                case "text" -> text.append(Jsons.str(b, "text"));
                case "thinking" -> thinking.append(Jsons.str(b, "thinking"));
                case "tool_use" -> calls.add(new Call(Jsons.str(b, "name"), null, b.getJsonObject("input")));
                default -> { }
            }
        }
        return new ClientAnswer(text.toString(), calls, thinking.toString(), true, List.of());
    }

    private static ClientAnswer chatStream(String body) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        Map<Integer, String[]> tools = new LinkedHashMap<>();
        List<String> errors = new ArrayList<>();
        boolean finish = false;
        boolean done = false;
        for (String d : data(body)) {
            if (d.equals("[DONE]")) {
                done = true;
                continue;
            }
            JsonObject chunk = Jsons.parseObject(d);
            if (chunk.containsKey("error")) {
                errors.add(d);
                continue;
            }
            JsonArray choices = Jsons.arr(chunk, "choices");
            for (JsonObject c : choices == null ? List.<JsonObject>of() : choices.getValuesAs(JsonObject.class)) {
                JsonObject delta = Jsons.obj(c, "delta");
                if (delta != null) {
                    text.append(Jsons.str(delta, "content", ""));
                    reasoning.append(Jsons.str(delta, "reasoning_content", ""));
                    JsonArray calls = Jsons.arr(delta, "tool_calls");
                    for (JsonObject tc : calls == null ? List.<JsonObject>of() : calls.getValuesAs(JsonObject.class)) {
                        String[] t = tools.computeIfAbsent(tc.getInt("index"), i -> new String[] {null, ""});
                        JsonObject f = Jsons.obj(tc, "function");
                        if (Jsons.str(f, "name") != null) {
                            t[0] = Jsons.str(f, "name");
                        }
                        t[1] += Jsons.str(f, "arguments", "");
                    }
                }
                finish |= Jsons.str(c, "finish_reason") != null;
            }
        }
        List<Call> calls = tools.values().stream().map(t -> new Call(t[0], null,
                t[1].isEmpty() ? JsonValue.EMPTY_JSON_OBJECT : Jsons.parseObject(t[1]))).toList();
        return new ClientAnswer(text.toString(), calls, reasoning.toString(), finish && done, errors);
    }

    private static ClientAnswer chatUnary(JsonObject c) {
        JsonObject m = c.getJsonArray("choices").getJsonObject(0).getJsonObject("message");
        List<Call> calls = new ArrayList<>();
        JsonArray tcs = Jsons.arr(m, "tool_calls");
        for (JsonObject tc : tcs == null ? List.<JsonObject>of() : tcs.getValuesAs(JsonObject.class)) {
            JsonObject f = tc.getJsonObject("function");
            calls.add(new Call(Jsons.str(f, "name"), null, Jsons.parseObject(Jsons.str(f, "arguments"))));
        }
        return new ClientAnswer(Jsons.str(m, "content", ""), calls, Jsons.str(m, "reasoning_content", ""), true,
                List.of());
    }

    private static ClientAnswer responsesStream(String body) {
        List<String> errors = new ArrayList<>();
        JsonObject completed = null;
        StringBuilder deltas = new StringBuilder();
        for (String d : data(body)) {
            JsonObject e = Jsons.parseObject(d);
            switch (Jsons.str(e, "type", "")) {
                case "response.output_text.delta" -> deltas.append(Jsons.str(e, "delta"));
                case "response.completed" -> completed = e.getJsonObject("response");
                case "error", "response.failed" -> errors.add(d);
                default -> { }
            }
        }
        if (completed == null) {
            return new ClientAnswer(deltas.toString(), List.of(), "", false, errors);
        }
        ClientAnswer whole = responsesUnary(completed);
        return new ClientAnswer(whole.text(), whole.calls(), whole.reasoning(), deltas.toString().equals(whole.text()),
                errors);
    }

    private static ClientAnswer responsesUnary(JsonObject r) {
        StringBuilder text = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        List<Call> calls = new ArrayList<>();
        for (JsonObject item : r.getJsonArray("output").getValuesAs(JsonObject.class)) {
            switch (Jsons.str(item, "type", "")) {
                case "message" -> item.getJsonArray("content").getValuesAs(JsonObject.class)
                        .forEach(p -> text.append(Jsons.str(p, "text", "")));
                case "reasoning" -> {
                    JsonArray summary = Jsons.arr(item, "summary");
                    if (summary != null) {
                        summary.getValuesAs(JsonObject.class).forEach(p -> reasoning.append(Jsons.str(p, "text", "")));
                    }
                }
                case "function_call" -> calls.add(new Call(Jsons.str(item, "name"), Jsons.str(item, "namespace"),
                        Jsons.parseObject(Jsons.str(item, "arguments"))));
                default -> { }
            }
        }
        return new ClientAnswer(text.toString(), calls, reasoning.toString(), true, List.of());
    }
}
