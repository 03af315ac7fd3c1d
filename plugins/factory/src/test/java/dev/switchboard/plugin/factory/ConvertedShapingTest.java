package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.dialect.openai.OpenAiChatRequestReader;
import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Converted requests: the Droid prompt per family (and its opt-outs), the chat → family mappings (tool
 * results and calls, tool choice, flat Responses tools, images, array system content) as the shared codecs
 * produce them, redirects, and fast mode.
 */
class ConvertedShapingTest {
    final FakeFactory fake = new FakeFactory();

    @AfterEach
    void stop() {
        fake.close();
    }

    /** A chat client's request (through the kernel's OpenAI chat reader) with a tool round trip. */
    static ChatRequest chat(String model) throws GatewayException {
        return new OpenAiChatRequestReader().read(Jsons.parseObject("{\"model\":\"" + model + "\",\"max_tokens\":300,"
                + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Weather?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"sunny\"}],\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":"
                + "{\"type\":\"string\"}}}}}],\"tool_choice\":\"required\",\"stream\":true}")).request();
    }

    private JsonObject sent(Plugin p, ChatRequest r, String model) throws GatewayException {
        return Jsons.parseObject(p.provider.prepare(r, model, Plugin.key("fk-1"), Plugin.chatClient()).request().body());
    }

    @Test
    void anthropicFamilyFromAChatClient() throws Exception {
        JsonObject b = sent(Plugin.of(fake), chat("claude-sonnet-4-5"), "claude-sonnet-4-5");
        assertEquals("claude-sonnet-4-5-20250929", b.getString("model"), "model-redirects apply upstream");
        JsonArray system = b.getJsonArray("system");
        assertEquals(FactoryTestText.DROID, system.getJsonObject(0).getString("text"));
        assertEquals("Be brief.", system.getJsonObject(1).getString("text"));
        JsonArray messages = b.getJsonArray("messages");
        JsonObject call = messages.getJsonObject(1).getJsonArray("content").getJsonObject(0);
        assertEquals("tool_use", call.getString("type"), "tool_calls become tool_use");
        assertEquals("Paris", call.getJsonObject("input").getString("city"));
        JsonObject result = messages.getJsonObject(2).getJsonArray("content").getJsonObject(0);
        assertEquals("tool_result", result.getString("type"), "role tool becomes tool_result");
        assertEquals("call_1", result.getString("tool_use_id"));
        assertEquals(Json.createObjectBuilder().add("type", "any").build(), b.getJsonObject("tool_choice"),
                "required becomes any");
        assertEquals("object", b.getJsonArray("tools").getJsonObject(0).getJsonObject("input_schema").getString("type"));
        assertTrue(b.getBoolean("stream"));
    }

    @Test
    void responsesFamilyFromAChatClient() throws Exception {
        JsonObject b = sent(Plugin.of(fake), chat("gpt-5.2"), "gpt-5.2");
        assertEquals(FactoryTestText.DROID + "Be brief.", b.getString("instructions"));
        assertFalse(b.getBoolean("store"));
        JsonObject tool = b.getJsonArray("tools").getJsonObject(0);
        assertEquals("function", tool.getString("type"));
        assertEquals("get_weather", tool.getString("name"), "flat Responses tools");
        assertFalse(tool.getBoolean("strict"));
        assertTrue(b.getJsonArray("input").stream().anyMatch(i -> "function_call_output".equals(
                i.asJsonObject().getString("type", ""))), "tool messages become function_call_output");
        assertEquals(300, b.getInt("max_output_tokens"));
        assertFalse(b.containsKey("service_tier"));
    }

    @Test
    void commonAndGoogleFamiliesFromAChatClient() throws Exception {
        Plugin p = Plugin.of(fake);
        JsonObject c = sent(p, chat("glm-4.7"), "glm-4.7");
        JsonObject first = c.getJsonArray("messages").getJsonObject(0);
        assertEquals("system", first.getString("role"));
        assertEquals(FactoryTestText.DROID + "Be brief.", first.get("content").getValueType() == jakarta.json.JsonValue.ValueType.STRING
                ? first.getString("content") : first.getJsonArray("content").getJsonObject(0).getString("text")
                + first.getJsonArray("content").getJsonObject(1).getString("text"));
        assertTrue(c.getJsonObject("stream_options").getBoolean("include_usage"), "usage is asked for");

        JsonObject noSystem = sent(p, ChatRequest.builder("glm-4.7").addMessage(Message.user("Hi")).build(), "glm-4.7");
        assertEquals(Json.createObjectBuilder().add("role", "system").add("content", FactoryTestText.DROID).build(),
                noSystem.getJsonArray("messages").getJsonObject(0), "a prompt message is prepended");

        JsonObject g = sent(p, chat("gemini-3-flash-preview"), "gemini-3-flash-preview");
        JsonArray parts = g.getJsonObject("systemInstruction").getJsonArray("parts");
        assertEquals(FactoryTestText.DROID, parts.getJsonObject(0).getString("text"));
        assertEquals("Be brief.", parts.getJsonObject(1).getString("text"));
        JsonArray contents = g.getJsonArray("contents");
        assertEquals("model", contents.getJsonObject(1).getString("role"));
        assertEquals("get_weather", contents.getJsonObject(2).getJsonArray("parts").getJsonObject(0)
                .getJsonObject("functionResponse").getString("name"), "results are matched to calls by name");
        assertEquals("ANY", g.getJsonObject("toolConfig").getJsonObject("functionCallingConfig").getString("mode"));
    }

    @Test
    void geminiToolSchemasAreCleaned() throws Exception {
        JsonObject schema = Jsons.parseObject("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\","
                + "\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"limit\":{\"type\":[\"integer\","
                + "\"null\"],\"exclusiveMinimum\":0},\"additionalProperties\":{\"type\":\"string\",\"const\":\"x\"},"
                + "\"node\":{\"$ref\":\"#/$defs/Node\"}},\"required\":[\"limit\",\"gone\"],\"$defs\":{\"Node\":{\"type\":"
                + "\"object\",\"properties\":{\"next\":{\"$ref\":\"#/$defs/Node\"}}}}}");
        ChatRequest r = ChatRequest.builder("gemini-3-flash-preview").addMessage(Message.user("Hi"))
                .addTool(new Tool("Read", "reads", schema)).build();
        JsonObject params = sent(Plugin.of(fake), r, "gemini-3-flash-preview").getJsonArray("tools").getJsonObject(0)
                .getJsonArray("functionDeclarations").getJsonObject(0).getJsonObject("parameters");
        assertEquals(Jsons.parseObject("{\"type\":\"object\",\"properties\":{\"limit\":{\"type\":\"integer\","
                + "\"nullable\":true},\"additionalProperties\":{\"type\":\"string\",\"enum\":[\"x\"]},\"node\":{\"type\":"
                + "\"object\",\"properties\":{\"next\":{\"type\":\"object\"}}}},\"required\":[\"limit\"]}"), params);
    }

    @Test
    void promptOptOutsPerInstanceAndPerModel() throws Exception {
        Plugin none = Plugin.of(fake, Jsons.parseObject("{\"system-prompt\":false}"));
        assertEquals("Be brief.", sent(none, chat("gpt-5.2"), "gpt-5.2").getString("instructions"));
        Plugin perModel = Plugin.of(fake, Jsons.parseObject("{\"system-prompt\":\"Custom.\\n\\n\",\"models\":["
                + "{\"id\":\"claude-a\",\"type\":\"anthropic\",\"system-prompt\":\"off\"},"
                + "{\"id\":\"claude-b\",\"type\":\"anthropic\"},"
                + "{\"id\":\"claude-c\",\"type\":\"anthropic\",\"system-prompt\":\"Model prompt. \"}]}"));
        ChatRequest r = ChatRequest.builder("x").addMessage(Message.user("Hi")).build();
        assertFalse(sent(perModel, r, "claude-a").containsKey("system"));
        assertEquals("Custom.\n\n", firstSystemText(sent(perModel, r, "claude-b")));
        assertEquals("Model prompt. ", firstSystemText(sent(perModel, r, "claude-c")));
    }

    /** The first system text; the shared writer sends a lone text block as a plain string (same meaning). */
    static String firstSystemText(JsonObject body) {
        return body.get("system") instanceof jakarta.json.JsonString s ? s.getString()
                : body.getJsonArray("system").getJsonObject(0).getString("text");
    }

    @Test
    void fastModels() throws Exception {
        Plugin p = Plugin.of(fake);
        ChatRequest r = ChatRequest.builder("x").addMessage(Message.user("Hi")).build();
        String beta = p.provider.prepare(r, "claude-opus-4-6-fast", Plugin.key("fk-1"), Plugin.chatClient()).request()
                .headers().get("anthropic-beta");
        assertEquals("fast-mode-2026-02-01", beta);
        JsonObject o = sent(p, r, "gpt-5.4-fast");
        assertEquals("gpt-5.4-fast", o.getString("model"), "-fast ids are sent unchanged");
        assertEquals("priority", o.getString("service_tier"));
        ChatRequest flex = r.toBuilder().extension("service_tier", Json.createValue("flex")).build();
        assertEquals("flex", sent(p, flex, "gpt-5.4-fast").getString("service_tier"), "the client's tier wins");
        assertFalse(sent(p, r, "gpt-5.2").containsKey("service_tier"));
    }

    @Test
    void midConversationSystemMessagesAreNeverDropped() throws Exception {
        ChatRequest r = ChatRequest.builder("x").addMessage(Message.user("Hi"))
                .addMessage(new Message(Role.SYSTEM, List.of(new ContentBlock.Text("env: linux")))).build();
        for (String model : List.of("claude-sonnet-4-5-20250929", "gpt-5.2", "glm-4.7", "gemini-3-flash-preview")) {
            assertTrue(sent(Plugin.of(fake), r, model).toString().contains("env: linux"), model);
        }
        assertEquals(ToolChoice.Type.ANY, chat("x").toolChoice().type());
    }
}
