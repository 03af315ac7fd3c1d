package dev.switchboard.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.kernel.dialect.openai.OpenAiChatRequestReader;
import dev.switchboard.kernel.dialect.responses.ResponsesRequestReader;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.wire.openai.OpenAiChatProfile;
import dev.switchboard.wire.openai.OpenAiChatStreamDecoder;
import dev.switchboard.wire.openai.ToolNameMap;
import dev.switchboard.wire.responses.ResponsesResponseReader;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The one tool-argument policy, and the proof that every former parsing site — upstream chat completions (unary and
 * streamed), upstream Responses, and the OpenAI chat and Responses client readers — now gives the same object for
 * the same arguments text.
 */
class ToolArgumentsTest {

    /** Arguments text → the object the policy gives it. */
    static Map<String, JsonObject> cases() {
        Map<String, JsonObject> m = new LinkedHashMap<>();
        m.put("", JsonValue.EMPTY_JSON_OBJECT);
        m.put("   ", JsonValue.EMPTY_JSON_OBJECT);
        m.put("{\"a\":1}", Jsons.parseObject("{\"a\":1}"));
        m.put("```json\n{\"a\":1}\n```", Jsons.parseObject("{\"a\":1}"));
        m.put("{\"a\":1,\"b\":\"cut", Jsons.parseObject("{\"a\":1,\"b\":\"cut\"}"));
        m.put("{\"a\":[1,2,]}", Jsons.parseObject("{\"a\":[1,2]}"));
        m.put("\"{\\\"z\\\":true}\"", Jsons.parseObject("{\"z\":true}"));
        m.put("not json", Jsons.parseObject("{\"_raw\":\"not json\"}"));
        m.put("[1,2]", Jsons.parseObject("{\"_raw\":\"[1,2]\"}"));
        return m;
    }

    @Test
    void thePolicyEmptyIsAnEmptyObjectRepairableIsRepairedTheRestIsKeptRaw() {
        for (Map.Entry<String, JsonObject> c : cases().entrySet()) {
            assertEquals(c.getValue(), ToolArguments.parse(c.getKey(), "t"), c.getKey());
        }
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, ToolArguments.parse((JsonValue) null, "t"));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, ToolArguments.parse(JsonValue.NULL, "t"));
        JsonObject object = Jsons.parseObject("{\"k\":\"v\"}");
        assertEquals(object, ToolArguments.parse(object, "t"));
        assertEquals(Jsons.parseObject("{\"_raw\":\"42\"}"), ToolArguments.parse(Jsons.value(42), "t"));
        assertEquals("{}", ToolArguments.parseToJson("", "t"));
    }

    @Test
    void everyFormerParsingSiteAgreesWithThePolicy() throws GatewayException {
        for (Map.Entry<String, JsonObject> c : cases().entrySet()) {
            String args = c.getKey();
            JsonObject expected = c.getValue();
            assertEquals(expected, upstreamChatUnary(args), "upstream chat completion: " + args);
            assertEquals(expected, upstreamChatStreamed(args), "upstream chat stream: " + args);
            assertEquals(expected, upstreamResponses(args), "upstream Responses: " + args);
            assertEquals(expected, clientChat(args), "client chat request: " + args);
            assertEquals(expected, clientResponses(args), "client Responses request: " + args);
        }
    }

    private static String q(String s) {
        return Jsons.value(s).toString();
    }

    private static JsonObject firstToolInput(Iterable<ContentBlock> blocks) {
        for (ContentBlock b : blocks) {
            if (b instanceof ContentBlock.ToolUse u) {
                return u.input();
            }
        }
        throw new AssertionError("no tool_use in " + blocks);
    }

    private static OpenAiChatStreamDecoder chatDecoder() {
        return new OpenAiChatStreamDecoder("msg_1", "m", OpenAiChatProfile.standard(), false, ToolNameMap.EMPTY);
    }

    static JsonObject upstreamChatUnary(String args) throws GatewayException {
        String body = "{\"id\":\"c\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"F\",\"arguments\":" + q(args) + "}}]},"
                + "\"finish_reason\":\"tool_calls\"}]}";
        ChatResponse r = chatDecoder().decodeUnary(body.getBytes(StandardCharsets.UTF_8));
        return firstToolInput(r.content());
    }

    static JsonObject upstreamChatStreamed(String args) throws GatewayException {
        String sse = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"tool_calls\":[{\"index\":0,\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"F\",\"arguments\":" + q(args) + "}}]},"
                + "\"finish_reason\":null}]}\n\n"
                + "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}\n\n"
                + "data: [DONE]\n\n";
        OpenAiChatStreamDecoder d = chatDecoder();
        byte[] bytes = sse.getBytes(StandardCharsets.UTF_8);
        StreamAccumulator acc = new StreamAccumulator();
        acc.acceptAll(d.onBytes(bytes, 0, bytes.length));
        acc.acceptAll(d.onEnd());
        return firstToolInput(acc.toResponse().content());
    }

    static JsonObject upstreamResponses(String args) throws GatewayException {
        JsonObject response = Jsons.parseObject("{\"id\":\"resp_1\",\"object\":\"response\",\"status\":\"completed\","
                + "\"model\":\"m\",\"output\":[{\"type\":\"function_call\",\"id\":\"fc_1\",\"call_id\":\"call_1\","
                + "\"name\":\"F\",\"arguments\":" + q(args) + ",\"status\":\"completed\"}]}");
        return firstToolInput(ResponsesResponseReader.read(response).content());
    }

    static JsonObject clientChat(String args) throws GatewayException {
        String body = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\","
                + "\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"F\",\"arguments\":"
                + q(args) + "}}]},{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"ok\"}]}";
        Message assistant = new OpenAiChatRequestReader().read(body.getBytes(StandardCharsets.UTF_8)).request()
                .messages().get(1);
        return firstToolInput(assistant.content());
    }

    static JsonObject clientResponses(String args) throws GatewayException {
        JsonObject body = Jsons.parseObject("{\"model\":\"m\",\"input\":[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"type\":\"function_call\",\"call_id\":\"call_1\",\"name\":\"F\",\"arguments\":" + q(args) + "},"
                + "{\"type\":\"function_call_output\",\"call_id\":\"call_1\",\"output\":\"ok\"}]}");
        Message assistant = ResponsesRequestReader.read(body).chatRequest().messages().get(1);
        return firstToolInput(assistant.content());
    }
}
