package dev.switchboard.kernel.wire.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.ThinkingBlock;
import com.anthropic.models.messages.ToolUseBlock;
import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.kernel.dialect.anthropic.AnthropicResponseWriter;
import dev.switchboard.kernel.dialect.anthropic.AnthropicStreamWriter;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.spi.stream.StreamGuard;
import dev.switchboard.testkit.FakeUpstream;
import jakarta.json.JsonValue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the Anthropic writers produce, read by the official {@code anthropic-java} SDK and its
 * {@link MessageAccumulator} (the strictest stream consumer; real SDKs are the clients codecs are tested with). The
 * fake upstream stands in for the gateway and serves the writers' bytes.
 */
class AnthropicSdkCompatibilityTest {
    private FakeUpstream fake;
    private AnthropicClient client;
    private final MessageCreateParams params = MessageCreateParams.builder()
            .model("claude-opus-5-5").maxTokens(1000).addUserMessage("hi").build();

    @BeforeEach
    void start() {
        fake = FakeUpstream.start();
        client = AnthropicOkHttpClient.builder().baseUrl(fake.baseUrl()).apiKey("sk-test").maxRetries(0).build();
    }

    @AfterEach
    void stop() {
        client.close();
        fake.close();
    }

    /** Runs events through a guard and the stream writer and serves the result in small reads. */
    private void serveStream(List<StreamEvent> events) throws IOException {
        ByteArrayOutputStream sse = new ByteArrayOutputStream();
        AnthropicStreamWriter writer = new AnthropicStreamWriter(new SseWriter(sse), "msg_gateway01", "claude-opus-5-5");
        StreamGuard guard = new StreamGuard("sdk-test");
        for (StreamEvent e : events) {
            for (StreamEvent out : guard.accept(e)) {
                writer.write(out);
            }
        }
        for (StreamEvent out : guard.finish()) {
            writer.write(out);
        }
        writer.finish();
        byte[] bytes = sse.toByteArray();
        fake.on("POST", "/v1/messages", (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            for (int i = 0; i < bytes.length; i += 37) {
                ex.write(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + 37)));
            }
            ex.end();
        });
    }

    private Message accumulate() {
        MessageAccumulator acc = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(params)) {
            stream.stream().forEach(acc::accumulate);
        }
        return acc.message();
    }

    @Test
    void accumulatorReadsThinkingTextAndToolUse() throws IOException {
        serveStream(List.of(
                new StreamEvent.MessageStart("up", "up-model", new Usage(25, 0, 100, 2000, UsageSource.UPSTREAM)),
                new StreamEvent.BlockStart(0, new ContentBlock.Thinking("", "")),
                new StreamEvent.BlockDelta(0, new Delta.ThinkingDelta("Let me look")),
                new StreamEvent.BlockDelta(0, new Delta.SignatureDelta("EqQBsig")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.BlockStart(1, new ContentBlock.Text("")),
                new StreamEvent.BlockDelta(1, new Delta.TextDelta("Checking ")),
                new StreamEvent.BlockDelta(1, new Delta.TextDelta("the files ✓")),
                new StreamEvent.BlockStop(1),
                new StreamEvent.BlockStart(2, new ContentBlock.ToolUse("toolu_01", "Bash", JsonValue.EMPTY_JSON_OBJECT)),
                new StreamEvent.BlockDelta(2, new Delta.InputJsonDelta("{\"command\":")),
                new StreamEvent.BlockDelta(2, new Delta.InputJsonDelta("\"ls\"}")),
                new StreamEvent.BlockStop(2),
                new StreamEvent.MessageDelta(dev.switchboard.spi.model.StopReason.TOOL_USE, null, Usage.of(0, 87)),
                new StreamEvent.MessageStop()));
        Message m = accumulate();
        assertEquals("msg_gateway01", m.id());
        assertEquals("claude-opus-5-5", m.model().asString());
        assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow());
        assertEquals(3, m.content().size());
        ThinkingBlock thinking = m.content().get(0).asThinking();
        assertEquals("Let me look", thinking.thinking());
        assertEquals("EqQBsig", thinking.signature());
        assertEquals("Checking the files ✓", m.content().get(1).asText().text());
        ToolUseBlock use = m.content().get(2).asToolUse();
        assertEquals("toolu_01", use.id());
        assertEquals(Map.of("command", "ls"), use._input().convert(Map.class));
        assertEquals(25, m.usage().inputTokens());
        assertEquals(87, m.usage().outputTokens());
        assertEquals(100, m.usage().cacheCreationInputTokens().orElseThrow());
        assertEquals(2000, m.usage().cacheReadInputTokens().orElseThrow());
    }

    /** A sloppy plugin stream (no starts, no stops, no message_delta, wrong stop reason) still satisfies the SDK. */
    @Test
    void guardedSloppyStreamSatisfiesTheAccumulator() throws IOException {
        serveStream(List.of(
                new StreamEvent.BlockDelta(0, new Delta.ThinkingDelta("hm")),
                new StreamEvent.BlockDelta(1, new Delta.TextDelta("")),
                new StreamEvent.BlockDelta(1, new Delta.TextDelta("answer")),
                new StreamEvent.BlockStart(2, new ContentBlock.ToolUse("toolu_2", "Read", JsonValue.EMPTY_JSON_OBJECT)),
                new StreamEvent.MessageStop()));
        Message m = accumulate();
        assertEquals(3, m.content().size());
        assertEquals("", m.content().get(0).asThinking().signature(), "thinking always carries a signature");
        assertEquals("answer", m.content().get(1).asText().text());
        assertEquals(Map.of(), m.content().get(2).asToolUse()._input().convert(Map.class), "a tool without input gets {}");
        assertEquals(StopReason.TOOL_USE, m.stopReason().orElseThrow(), "stop reason follows the produced tool block");
    }

    @Test
    void midStreamErrorRaisesAnSdkError() throws IOException {
        serveStream(List.of(
                new StreamEvent.MessageStart("up", "up-model", Usage.of(3, 0)),
                new StreamEvent.BlockStart(0, new ContentBlock.Text("")),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta("partial")),
                new StreamEvent.StreamError(ErrorKind.UPSTREAM_OVERLOADED, "upstream overloaded")));
        AnthropicException e = assertThrows(AnthropicException.class, this::accumulate);
        assertTrue(String.valueOf(e.getMessage()).contains("overloaded"), e.toString());
    }

    @Test
    void unaryResponseParses() {
        ChatResponse r = new ChatResponse("up", "up-model", List.of(
                new ContentBlock.Thinking("why", ""),
                new ContentBlock.Text("Hello!"),
                new ContentBlock.ToolUse("toolu_3", "Read", Jsons.parseObject("{\"file_path\":\"a.ts\"}"))),
                dev.switchboard.spi.model.StopReason.TOOL_USE, null, new Usage(3, 581, 22156, 11204, UsageSource.UPSTREAM));
        String body = AnthropicResponseWriter.write(r, "msg_gateway02", "claude-opus-5-5").toString();
        fake.on("POST", "/v1/messages", (req, ex) -> ex.json(body));
        Message m = client.messages().create(params);
        assertEquals("msg_gateway02", m.id());
        assertEquals(3, m.content().size());
        assertEquals("Hello!", m.content().get(1).asText().text());
        assertEquals(Map.of("file_path", "a.ts"), m.content().get(2).asToolUse()._input().convert(Map.class));
        assertEquals(22156, m.usage().cacheCreationInputTokens().orElseThrow());
        assertEquals(22156, m.usage().cacheCreation().orElseThrow().ephemeral5mInputTokens());
        assertEquals(11204, m.usage().cacheReadInputTokens().orElseThrow());
    }
}
