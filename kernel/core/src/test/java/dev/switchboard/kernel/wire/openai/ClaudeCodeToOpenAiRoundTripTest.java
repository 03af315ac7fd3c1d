package dev.switchboard.kernel.wire.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader;
import dev.switchboard.kernel.dialect.openai.OpenAiChatReadResult;
import dev.switchboard.kernel.dialect.openai.OpenAiChatRequestReader;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.testkit.Fixtures;
import dev.switchboard.wire.openai.OpenAiChatProfile;
import dev.switchboard.wire.openai.OpenAiChatRequestWriter;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 3: the Claude Code captures parse, convert to an OpenAI chat request and back (Anthropic → canonical →
 * OpenAI chat → canonical) without losing tools, system blocks, tool results or thinking settings.
 */
class ClaudeCodeToOpenAiRoundTripTest {
    private static final OpenAiChatProfile REASONING = OpenAiChatProfile.builder().supportsReasoningEffort(true).build();

    private static ChatRequest viaOpenAi(ChatRequest canonical) throws GatewayException {
        JsonObject openAi = new OpenAiChatRequestWriter(REASONING).write(canonical, canonical.model()).body();
        OpenAiChatReadResult back = new OpenAiChatRequestReader().read(openAi);
        return back.request();
    }

    private static ChatRequest read(String capture) throws GatewayException {
        Fixtures.Capture c = Fixtures.claudeCode(capture);
        HttpHeaders h = HttpHeaders.create();
        c.headers().forEach(h::set);
        return capture.equals("count-tokens") ? AnthropicRequestReader.readCountTokens(c.body(), h)
                : AnthropicRequestReader.readMessages(c.body(), h);
    }

    @ParameterizedTest
    @ValueSource(strings = {"say-hi", "tool-use-turn1", "tool-result-turn2", "count-tokens"})
    void toolsSurviveByNameDescriptionAndSchema(String capture) throws GatewayException {
        ChatRequest original = read(capture);
        ChatRequest back = viaOpenAi(original);
        List<Tool> loaded = original.tools().stream().filter(t -> !t.deferLoading()).toList();
        assertEquals(loaded.stream().map(Tool::name).toList(), back.tools().stream().map(Tool::name).toList(),
                "every loaded tool survives (defer_loading tools are not loaded yet, so they are not sent)");
        for (int i = 0; i < loaded.size(); i++) {
            assertEquals(loaded.get(i).description(), back.tools().get(i).description());
            assertEquals(loaded.get(i).inputSchema().getJsonObject("properties").keySet(),
                    back.tools().get(i).inputSchema().getJsonObject("properties").keySet(), loaded.get(i).name());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"say-hi", "tool-use-turn1", "tool-result-turn2"})
    void systemTextAndMidConversationSystemMessagesSurvive(String capture) throws GatewayException {
        ChatRequest original = read(capture);
        ChatRequest back = viaOpenAi(original);
        for (ContentBlock.Text block : original.system()) {
            assertTrue(back.systemText().contains(block.text().strip()), "system block kept: " + block.text());
        }
        String allText = back.messages().stream().flatMap(m -> m.content().stream())
                .map(b -> b instanceof ContentBlock.Text t ? t.text() : "").collect(Collectors.joining("\n"));
        for (Message m : original.messages()) {
            if (m.role() == dev.switchboard.spi.model.Role.SYSTEM) {
                assertTrue(allText.contains(m.text().strip()), "the role:system message is converted, never dropped");
            }
        }
    }

    @Test
    void toolUseAndToolResultSurviveWithIdsAndContent() throws GatewayException {
        ChatRequest original = read("tool-result-turn2");
        ChatRequest back = viaOpenAi(original);
        ContentBlock.ToolUse use = find(original, ContentBlock.ToolUse.class);
        ContentBlock.ToolUse useBack = find(back, ContentBlock.ToolUse.class);
        assertEquals(use.id(), useBack.id());
        assertEquals(use.name(), useBack.name());
        assertEquals(use.input(), useBack.input());
        ContentBlock.ToolResult result = find(original, ContentBlock.ToolResult.class);
        ContentBlock.ToolResult resultBack = find(back, ContentBlock.ToolResult.class);
        assertEquals(result.toolUseId(), resultBack.toolUseId());
        assertEquals(result.joinedText(), resultBack.joinedText());
        assertEquals(result.isError(), resultBack.isError());
    }

    @Test
    void thinkingSettingsSurviveAsReasoningEffort() throws GatewayException {
        ChatRequest original = read("tool-use-turn1");
        assertNotNull(original.thinking());
        JsonObject openAi = new OpenAiChatRequestWriter(REASONING).write(original, original.model()).body();
        assertEquals(original.effort(), openAi.getString("reasoning_effort"),
                "adaptive thinking with effort E becomes reasoning_effort E");
        ChatRequest back = viaOpenAi(original);
        assertTrue(back.thinkingOn(), "thinking stays on after the round trip");
        assertEquals(original.effort(), back.effort());
    }

    @Test
    void theToolMessageFollowsItsCallInTheOpenAiRequest() throws GatewayException {
        JsonArray messages = new OpenAiChatRequestWriter(REASONING).write(read("tool-result-turn2"), "m").body()
                .getJsonArray("messages");
        for (int i = 0; i < messages.size(); i++) {
            if ("tool".equals(messages.getJsonObject(i).getString("role"))) {
                JsonObject prev = messages.getJsonObject(i - 1);
                assertEquals("assistant", prev.getString("role"));
                assertTrue(prev.containsKey("tool_calls"), "the tool message directly follows its call");
                return;
            }
        }
        throw new AssertionError("no tool message in " + messages);
    }

    private static <T extends ContentBlock> T find(ChatRequest r, Class<T> type) {
        return r.messages().stream().flatMap(m -> m.content().stream()).filter(type::isInstance).map(type::cast)
                .findFirst().orElseThrow(() -> new AssertionError("no " + type.getSimpleName()));
    }
}
