package dev.switchboard.clients;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.FakeUpstream;
import dev.switchboard.testkit.FakeUpstream.Exchange;
import dev.switchboard.testkit.FakeUpstream.Recorded;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fake model behind the JSON upstreams: the openai-compat backend ({@code /v1/chat/completions}) and Factory's
 * Anthropic, Responses and chat routes. It answers like a model in a tool loop ({@link AgentTurn#next}): it reads
 * the conversation from the raw wire body, refuses with a 400 what the real API refuses ({@link WireChecks}), and
 * streams (or, for {@code stream:false}, returns) the answer in that wire's own format, frame by frame. Accepts any
 * bearer token. Every request is recorded. Thread-safe.
 */
final class AgentUpstream implements AutoCloseable {
    static final String COMPAT_CHAT = "/v1/chat/completions";
    static final String FACTORY_ANTHROPIC = "/api/llm/a/v1/messages";
    static final String FACTORY_RESPONSES = "/api/llm/o/v1/responses";
    static final String FACTORY_CHAT = "/api/llm/o/v1/chat/completions";

    final FakeUpstream http = FakeUpstream.start();
    private final AtomicInteger ids = new AtomicInteger();
    volatile AgentTurn.ToolPlan plan;

    AgentUpstream() {
        http.on("POST", COMPAT_CHAT, (r, x) -> answer(r, x, Conversation::chat, b -> WireChecks.chat(b), this::chat));
        http.on("POST", FACTORY_CHAT, (r, x) -> answer(r, x, Conversation::chat, b -> WireChecks.chat(b), this::chat));
        http.on("POST", FACTORY_ANTHROPIC, (r, x) -> answer(r, x, Conversation::anthropic,
                b -> WireChecks.anthropic(b, r.header("anthropic-beta")), this::anthropic));
        http.on("POST", FACTORY_RESPONSES, (r, x) -> answer(r, x, Conversation::responses, WireChecks::responses,
                this::responses));
        http.on("GET", "/v1/models", (r, x) -> x.json("{\"object\":\"list\",\"data\":[{\"id\":\"qwen3-coder\","
                + "\"object\":\"model\",\"owned_by\":\"fake\"}]}"));
    }

    String baseUrl() {
        return http.baseUrl();
    }

    List<Recorded> requests(String path) {
        return http.requests(path);
    }

    JsonObject lastBody(String path) {
        List<Recorded> rs = http.requests(path);
        if (rs.isEmpty()) {
            throw new AssertionError("the fake received no request on " + path);
        }
        return Jsons.parseObject(rs.getLast().body());
    }

    private interface Writer {
        void write(JsonObject body, AgentTurn turn, Exchange x);
    }

    private void answer(Recorded r, Exchange x, Function<JsonObject, Conversation> read,
                        Function<JsonObject, String> check, Writer writer) {
        JsonObject body = Jsons.parseObject(r.body());
        String problem = check.apply(body);
        if (problem != null) {
            x.status(400).json("{\"error\":{\"type\":\"invalid_request_error\",\"message\":" + Jsons.quote(problem) + "}}");
            return;
        }
        writer.write(body, AgentTurn.next(read.apply(body), plan), x);
    }

    private String id(String prefix) {
        return prefix + ids.incrementAndGet();
    }

    // ---- Anthropic Messages ----

    private void anthropic(JsonObject body, AgentTurn turn, Exchange x) {
        String model = Jsons.str(body, "model");
        String toolId = id("toolu_fake");
        if (Jsons.bool(body, "stream")) {
            AnthropicSse sse = AnthropicSse.start(model, 40);
            if (turn.reasoning() != null) {
                sse.thinking(AgentTurn.SIGNATURE, turn.reasoning());
            }
            if (turn.isToolCall()) {
                String args = turn.arguments();
                sse.toolUse(toolId, turn.tool(), args.substring(0, args.length() / 2), args.substring(args.length() / 2));
            } else {
                sse.text(turn.text());
            }
            stream(x, sse.end(turn.isToolCall() ? "tool_use" : "end_turn", 12).frames());
            return;
        }
        StringBuilder content = new StringBuilder("[");
        if (turn.reasoning() != null) {
            content.append("{\"type\":\"thinking\",\"thinking\":").append(Jsons.quote(turn.reasoning()))
                    .append(",\"signature\":").append(Jsons.quote(AgentTurn.SIGNATURE)).append("},");
        }
        content.append(turn.isToolCall()
                ? "{\"type\":\"tool_use\",\"id\":" + Jsons.quote(toolId) + ",\"name\":" + Jsons.quote(turn.tool())
                + ",\"input\":" + turn.arguments() + "}"
                : "{\"type\":\"text\",\"text\":" + Jsons.quote(turn.text()) + "}").append(']');
        x.json("{\"id\":\"msg_fake\",\"type\":\"message\",\"role\":\"assistant\",\"model\":" + Jsons.quote(model)
                + ",\"content\":" + content + ",\"stop_reason\":\"" + (turn.isToolCall() ? "tool_use" : "end_turn")
                + "\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":40,\"output_tokens\":12}}");
    }

    // ---- OpenAI Chat Completions ----

    private void chat(JsonObject body, AgentTurn turn, Exchange x) {
        String model = Jsons.str(body, "model");
        String callId = id("call_fake");
        String usage = "{\"prompt_tokens\":40,\"completion_tokens\":12,\"total_tokens\":52}";
        String finish = turn.isToolCall() ? "tool_calls" : "stop";
        if (!Jsons.bool(body, "stream")) {
            String message = "{\"role\":\"assistant\",\"content\":" + (turn.isToolCall() ? "null" : Jsons.quote(turn.text()))
                    + (turn.reasoning() == null ? "" : ",\"reasoning_content\":" + Jsons.quote(turn.reasoning()))
                    + (turn.isToolCall() ? ",\"tool_calls\":[{\"id\":\"" + callId + "\",\"type\":\"function\","
                    + "\"function\":{\"name\":" + Jsons.quote(turn.tool()) + ",\"arguments\":"
                    + Jsons.quote(turn.arguments()) + "}}]" : "") + "}";
            x.json("{\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion\",\"created\":1767225600,\"model\":"
                    + Jsons.quote(model) + ",\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":\""
                    + finish + "\"}],\"usage\":" + usage + "}");
            return;
        }
        String head = "data: {\"id\":\"chatcmpl-fake\",\"object\":\"chat.completion.chunk\",\"created\":1767225600,"
                + "\"model\":" + Jsons.quote(model) + ",\"choices\":";
        List<String> frames = new ArrayList<>();
        frames.add(head + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
        if (turn.reasoning() != null) {
            frames.add(head + "[{\"index\":0,\"delta\":{\"reasoning_content\":" + Jsons.quote(turn.reasoning())
                    + "},\"finish_reason\":null}]}\n\n");
        }
        if (turn.isToolCall()) {
            String args = turn.arguments();
            frames.add(head + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"" + callId
                    + "\",\"type\":\"function\",\"function\":{\"name\":" + Jsons.quote(turn.tool()) + ",\"arguments\":"
                    + Jsons.quote(args.substring(0, args.length() / 2)) + "}}]},\"finish_reason\":null}]}\n\n");
            frames.add(head + "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":"
                    + Jsons.quote(args.substring(args.length() / 2)) + "}}]},\"finish_reason\":null}]}\n\n");
        } else {
            frames.add(head + "[{\"index\":0,\"delta\":{\"content\":" + Jsons.quote(turn.text())
                    + "},\"finish_reason\":null}]}\n\n");
        }
        frames.add(head + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"" + finish + "\"}]}\n\n");
        frames.add(head + "[],\"usage\":" + usage + "}\n\n");
        frames.add("data: [DONE]\n\n");
        stream(x, frames);
    }

    // ---- OpenAI Responses ----

    private void responses(JsonObject body, AgentTurn turn, Exchange x) {
        String model = Jsons.str(body, "model");
        ResponsesTranscript t = new ResponsesTranscript(id("resp_fake"), model);
        if (turn.reasoning() != null) {
            t.reasoning(id("rs_fake"), turn.reasoning(), AgentTurn.SIGNATURE);
        }
        if (turn.isToolCall()) {
            t.functionCall(id("fc_fake"), id("call_fake"), turn.tool(), turn.namespace(), turn.arguments());
        } else {
            t.message(id("msg_fake"), turn.text());
        }
        if (Jsons.bool(body, "stream")) {
            stream(x, t.frames());
        } else {
            x.json(t.response("completed").toString());
        }
    }

    private static void stream(Exchange x, List<String> frames) {
        x.status(200).header("content-type", "text/event-stream");
        frames.forEach(x::write);
        x.end();
    }

    @Override
    public void close() {
        http.close();
    }
}
