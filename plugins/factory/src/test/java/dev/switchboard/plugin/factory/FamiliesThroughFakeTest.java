package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.plugin.factory.fake.Scenario;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.spi.stream.StreamGuard;
import jakarta.json.Json;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each family through the fake Factory with transcripts in each family's wire format: streams decode to canonical
 * events that satisfy the stream grammar (the SPI guard repairs nothing), tool calls, thinking, usage and stop reasons
 * are complete, unary answers decode, and in-band errors and mid-stream drops end in an error event.
 */
class FamiliesThroughFakeTest {
    FakeFactory fake;
    Plugin plugin;

    @BeforeEach
    void start() throws Exception {
        fake = new FakeFactory();
        plugin = Plugin.of(fake);
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    static ChatRequest ask(String model) {
        return ChatRequest.builder(model).addMessage(Message.user("Hi")).maxTokens(256)
                .addTool(new Tool("get_weather", "Weather", Json.createObjectBuilder().add("type", "object").build()))
                .build();
    }

    private List<StreamEvent> stream(String model) throws GatewayException {
        return plugin.harness.stream(ask(model), model, Plugin.key("fk-good"), Plugin.chatClient());
    }

    /** The events pass the SPI stream guard unchanged and fold into a response. */
    private static ChatResponse checkedFold(List<StreamEvent> events) throws GatewayException {
        StreamGuard guard = new StreamGuard("test");
        events.forEach(guard::accept);
        guard.finish();
        assertEquals(0, guard.repairs(), "the decoder's events follow the canonical grammar: " + events);
        assertInstanceOf(StreamEvent.MessageStart.class, events.get(0));
        StreamAccumulator acc = new StreamAccumulator();
        acc.acceptAll(events);
        return acc.toResponse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5-20250929", "gpt-5.2", "glm-4.7", "gemini-3-flash-preview"})
    void textStreamsDecodeWithUsageAndStopReason(String model) throws Exception {
        List<StreamEvent> events = stream(model);
        ChatResponse r = checkedFold(events);
        assertEquals("Hello!", r.text());
        assertEquals(StopReason.END_TURN, r.stopReason());
        assertTrue(r.usage().outputTokens() > 0 && r.usage().promptTokens() > 0, "usage present: " + r.usage());
        assertInstanceOf(StreamEvent.MessageStop.class, events.get(events.size() - 1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5-20250929", "gpt-5.2", "glm-4.7", "gemini-3-flash-preview"})
    void toolCallsSurviveEveryFamily(String model) throws Exception {
        fake.scenario = Scenario.TOOL_USE;
        ChatResponse r = checkedFold(stream(model));
        ContentBlock.ToolUse call = r.content().stream().filter(ContentBlock.ToolUse.class::isInstance)
                .map(ContentBlock.ToolUse.class::cast).findFirst().orElseThrow(() -> new AssertionError(r.content()));
        assertEquals("get_weather", call.name());
        assertEquals("Paris", call.input().getString("city"));
        assertFalse(call.id().isBlank());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
        assertEquals("Checking.", r.text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5-20250929", "gpt-5.2", "glm-4.7", "gemini-3-flash-preview"})
    void thinkingComesFirst(String model) throws Exception {
        fake.scenario = Scenario.THINKING;
        ChatResponse r = checkedFold(stream(model));
        ContentBlock.Thinking t = assertInstanceOf(ContentBlock.Thinking.class, r.content().get(0));
        assertEquals("Let me think.", t.thinking());
        assertEquals("Hello!", r.text());
        if (model.startsWith("claude")) {
            assertEquals("sig-abc", t.signature(), "Anthropic signatures survive");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5-20250929", "gpt-5.2", "glm-4.7", "gemini-3-flash-preview"})
    void unaryAnswersDecode(String model) throws Exception {
        fake.scenario = Scenario.TOOL_USE;
        ChatResponse r = plugin.harness.unary(ask(model), model, Plugin.key("fk-good"), Plugin.chatClient());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
        assertTrue(r.content().stream().anyMatch(b -> b instanceof ContentBlock.ToolUse u
                && u.input().getString("city").equals("Paris")), r.content().toString());
        assertTrue(r.usage().outputTokens() > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5-20250929", "gpt-5.2", "glm-4.7"})
    void inBandErrorsEndTheStreamWithAnError(String model) throws Exception {
        fake.scenario = Scenario.ERROR_EVENT;
        List<StreamEvent> events = stream(model);
        StreamEvent.StreamError err = assertInstanceOf(StreamEvent.StreamError.class, events.get(events.size() - 1));
        assertTrue(err.kind().isUpstream(), err.toString());
        assertFalse(events.stream().anyMatch(StreamEvent.MessageStop.class::isInstance), "never a fake success");
    }

    @ParameterizedTest
    @ValueSource(strings = {"claude-sonnet-4-5-20250929", "gpt-5.2", "glm-4.7"})
    void aDroppedConnectionIsAnErrorNotASilentEnd(String model) throws Exception {
        fake.fault("fk-drop", FakeFactory.Fault.DROP_MID_STREAM);
        List<StreamEvent> events = plugin.harness.stream(ask(model), model, Plugin.key("fk-drop"), Plugin.chatClient());
        assertInstanceOf(StreamEvent.StreamError.class, events.get(events.size() - 1), events.toString());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void geminiAnswersAreReadAsJsonOrSse(boolean sse) throws Exception {
        fake.geminiSse = sse;
        fake.scenario = Scenario.THINKING;
        ChatResponse r = plugin.harness.unary(ask("gemini-3-flash-preview"), "gemini-3-flash-preview",
                Plugin.key("fk-good"), Plugin.chatClient());
        assertEquals("Hello!", r.text());
        assertInstanceOf(ContentBlock.Thinking.class, r.content().get(0));
        assertEquals(5, r.usage().inputTokens());
    }

    @Test
    void unknownModelIs404AndNothingIsSent() {
        GatewayException e = assertThrows(GatewayException.class, () -> plugin.provider.prepare(ask("mystery-9"),
                "mystery-9", Plugin.key("fk-good"), Plugin.chatClient()));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("Model mystery-9 not found", e.getMessage());
        assertTrue(fake.http.requests().isEmpty());
    }
}
