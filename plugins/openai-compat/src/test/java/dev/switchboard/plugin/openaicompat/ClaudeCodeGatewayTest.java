package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.StopReason;
import dev.switchboard.plugin.openaicompat.schema.SchemaKeywords;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.Fixtures;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four Claude Code captures sent to {@code /v1/messages} through the real kernel to a fake OpenAI-compatible
 * backend: the backend receives a valid OpenAI request, and the streamed answer parses with anthropic-java.
 */
class ClaudeCodeGatewayTest {
    @TempDir
    Path home;

    private CompatGateway gateway(String extra) throws Exception {
        return new CompatGateway(home, CompatGateway.yaml(extra, CompatGateway.ROUTES, "k1"));
    }

    private static HttpResponse<String> replay(CompatGateway g, String name) throws Exception {
        Fixtures.Capture cap = Fixtures.claudeCode(name);
        return g.send(g.capture(cap, cap.body()));
    }

    private static List<JsonObject> objects(JsonArray a) {
        return a.stream().map(JsonValue::asJsonObject).toList();
    }

    @Test
    void sayHiBecomesAValidOpenAiRequestAndAnSdkReadableStream() throws Exception {
        try (CompatGateway g = gateway("")) {
            g.onChat(FakeOpenAi.stream(ChatSse.text("backend-model", 9000, 4, "Hi", " there!")));
            HttpResponse<String> r = replay(g, "say-hi");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("text/event-stream", r.headers().firstValue("content-type").orElse(""));

            Message m = CompatGateway.accumulate(r.body());
            assertEquals("Hi there!", m.content().get(0).asText().text());
            assertEquals(1, m.content().size());
            assertEquals(StopReason.END_TURN, m.stopReason().orElseThrow());
            assertEquals("claude-opus-5-5", m.model().asString(), "the requested model is echoed");
            assertEquals(9000, m.usage().inputTokens());
            assertEquals(4, m.usage().outputTokens());

            JsonObject capture = Fixtures.claudeCodeBody("say-hi");
            JsonObject sent = g.lastChat();
            assertEquals("Bearer sk-k1", g.chatRequests().get(0).header("authorization"), "the account's key");
            assertFalse(g.chatRequests().get(0).headers().containsKey("x-claude-code-session-id"));
            assertFalse(g.chatRequests().get(0).headers().containsKey("anthropic-beta"));
            assertEquals("backend-model", sent.getString("model"));
            assertTrue(sent.getBoolean("stream"));
            assertTrue(sent.getJsonObject("stream_options").getBoolean("include_usage"));
            assertEquals(128000, sent.getInt("max_tokens"));
            for (String anthropicOnly : List.of("system", "metadata", "thinking", "context_management", "output_config",
                    "tool_choice", "reasoning_effort")) {
                assertFalse(sent.containsKey(anthropicOnly), anthropicOnly + " must not reach an OpenAI backend");
            }
            assertTrue(sent.getString("user").length() <= 64, "metadata.user_id is hashed");

            List<JsonObject> messages = objects(sent.getJsonArray("messages"));
            assertEquals("system", messages.get(0).getString("role"));
            String system = messages.get(0).getString("content");
            assertTrue(system.contains(capture.getJsonArray("system").getJsonObject(1).getString("text")),
                    "the identity block is in the system message");
            assertFalse(system.contains("cache_control"));
            JsonObject last = messages.get(messages.size() - 1);
            assertEquals("user", last.getString("role"), "the trailing system message is merged, never dropped");
            assertTrue(last.toString().contains("say hi"));
            assertTrue(sent.getJsonArray("messages").toString().contains("<system-reminder>\\n# Environment"),
                    "the mid-conversation system text arrives as a system reminder");

            List<JsonObject> tools = objects(sent.getJsonArray("tools"));
            assertEquals(11, tools.size(), "12 tools minus the defer_loading placeholder");
            Set<String> names = tools.stream().map(t -> t.getJsonObject("function").getString("name"))
                    .collect(Collectors.toSet());
            assertFalse(names.contains("DeferredToolPlaceholder"));
            assertTrue(names.containsAll(Set.of("Bash", "Read", "Edit", "Write", "Agent")));
            tools.forEach(t -> assertEquals("function", t.getString("type")));
            assertFalse(sent.toString().contains("defer_loading"));
        }
    }

    @Test
    void toolUseTurnStreamsAToolCallTheSdkAccumulates() throws Exception {
        try (CompatGateway g = gateway("")) {
            g.onChat(FakeOpenAi.stream(ChatSse.of("backend-model").content("Let me list the files.")
                    .toolStart(0, "call_ls1", "Bash", "{\"command\":").toolArgs(0, "\"ls -1\",")
                    .toolArgs(0, "\"description\":\"List files\"}").finish("tool_calls").usage(9100, 30, 8000).done()));
            HttpResponse<String> r = replay(g, "tool-use-turn1");
            assertEquals(200, r.statusCode(), r.body());
            Message m = CompatGateway.accumulate(r.body());
            assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
            assertEquals("Let me list the files.", m.content().get(0).asText().text());
            var use = m.content().get(1).asToolUse();
            assertEquals("call_ls1", use.id());
            assertEquals("Bash", use.name());
            assertEquals(Map.of("command", "ls -1", "description", "List files"), use._input().convert(Map.class));
            assertEquals(1100, m.usage().inputTokens(), "prompt 9100 minus 8000 cached");
            assertEquals(8000, m.usage().cacheReadInputTokens().orElseThrow());
        }
    }

    @Test
    void toolResultTurnPutsTheToolMessageRightAfterItsCall() throws Exception {
        try (CompatGateway g = gateway("")) {
            g.onChat(FakeOpenAi.stream(ChatSse.text("backend-model", 9300, 12, "There are two files: a.txt and b.md.")));
            HttpResponse<String> r = replay(g, "tool-result-turn2");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("There are two files: a.txt and b.md.",
                    CompatGateway.accumulate(r.body()).content().get(0).asText().text());

            List<JsonObject> messages = objects(g.lastChat().getJsonArray("messages"));
            int call = -1;
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).containsKey("tool_calls")) {
                    call = i;
                }
            }
            JsonObject assistant = messages.get(call);
            assertEquals("assistant", assistant.getString("role"));
            assertEquals("Let me list the files.", assistant.getString("content"));
            JsonObject tc = assistant.getJsonArray("tool_calls").getJsonObject(0);
            assertEquals("toolu_e3f8b153181e7384", tc.getString("id"));
            assertEquals("Bash", tc.getJsonObject("function").getString("name"));
            assertEquals(Json.createObjectBuilder().add("command", "ls -1").add("description", "List files").build(),
                    Jsons.parseObject(tc.getJsonObject("function").getString("arguments")));
            JsonObject tool = messages.get(call + 1);
            assertEquals("tool", tool.getString("role"), "the result follows its call directly");
            assertEquals("toolu_e3f8b153181e7384", tool.getString("tool_call_id"));
            assertEquals("a.txt\nb.md", tool.getString("content"));
            assertEquals(call + 2, messages.size(), "nothing else after the tool result");
            assertTrue(g.lastChat().getJsonArray("messages").toString().contains("# Environment"),
                    "the mid-conversation system message is kept (R1)");
        }
    }

    @Test
    void countTokensIsAnsweredByTheGatewayWithoutTheBackend() throws Exception {
        try (CompatGateway g = gateway("")) {
            HttpResponse<String> r = replay(g, "count-tokens");
            assertEquals(200, r.statusCode(), r.body());
            assertEquals("estimated", r.headers().firstValue("x-gateway-token-count").orElse(null));
            assertTrue(Jsons.parseObject(r.body()).getJsonNumber("input_tokens").longValue() > 5000);
            assertEquals(0, g.chatRequests().size());
        }
    }

    @Test
    void geminiProfileCleansClaudeCodesToolSchemas() throws Exception {
        try (CompatGateway g = gateway("    profile: gemini\n")) {
            g.onChat(FakeOpenAi.stream(ChatSse.text("backend-model", 10, 1, "ok")));
            HttpResponse<String> r = replay(g, "tool-use-turn1");
            assertEquals(200, r.statusCode(), r.body());
            JsonObject sent = g.lastChat();
            assertEquals("medium", sent.getString("reasoning_effort"), "adaptive thinking with effort medium");
            assertFalse(sent.containsKey("parallel_tool_calls"));
            Map<String, JsonObject> original = objects(Fixtures.claudeCodeBody("tool-use-turn1").getJsonArray("tools"))
                    .stream().collect(Collectors.toMap(t -> t.getString("name"), t -> t.getJsonObject("input_schema")));
            for (JsonObject t : objects(sent.getJsonArray("tools"))) {
                JsonObject fn = t.getJsonObject("function");
                JsonObject params = fn.getJsonObject("parameters");
                Set<String> keywords = SchemaKeywords.of(params);
                for (String rejected : List.of("$schema", "additionalProperties", "exclusiveMinimum", "propertyNames",
                        "$ref", "$defs", "const", "oneOf", "allOf")) {
                    assertFalse(keywords.contains(rejected), fn.getString("name") + " still has " + rejected);
                }
                JsonObject before = original.get(fn.getString("name"));
                assertEquals(before.getJsonObject("properties").keySet(), params.getJsonObject("properties").keySet(),
                        "property names are never filtered");
            }
            JsonObject limit = objects(sent.getJsonArray("tools")).stream()
                    .filter(t -> t.getJsonObject("function").getString("name").equals("Read")).findFirst().orElseThrow()
                    .getJsonObject("function").getJsonObject("parameters").getJsonObject("properties").getJsonObject("limit");
            assertEquals(0, limit.getInt("minimum"));
        }
    }

    @Test
    void theNonStreamFallbackIsServedFromAnUpstreamStream() throws Exception {
        try (CompatGateway g = gateway("")) {
            g.onChat(FakeOpenAi.stream(ChatSse.text("backend-model", 50, 3, "folded answer")));
            Fixtures.Capture cap = Fixtures.claudeCode("say-hi");
            JsonObject unary = Json.createObjectBuilder(cap.body()).add("stream", false).add("max_tokens", 64000).build();
            HttpResponse<String> r = g.send(g.capture(cap, unary));
            assertEquals(200, r.statusCode(), r.body());
            JsonObject msg = Jsons.parseObject(r.body());
            assertEquals("message", msg.getString("type"));
            assertEquals("folded answer", msg.getJsonArray("content").getJsonObject(0).getString("text"));
            assertEquals("end_turn", msg.getString("stop_reason"));
            assertTrue(g.lastChat().getBoolean("stream"), "the upstream still streamed");
            assertEquals(64000, g.lastChat().getInt("max_tokens"));
        }
    }
}
