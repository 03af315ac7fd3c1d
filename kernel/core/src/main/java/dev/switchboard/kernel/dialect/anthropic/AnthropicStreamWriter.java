package dev.switchboard.kernel.dialect.anthropic;

import dev.switchboard.kernel.dialect.ClientErrors;
import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.kernel.dialect.StreamEncoder;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.spi.stream.StreamGuard;
import dev.switchboard.wire.ThinkingSignatures;
import dev.switchboard.wire.anthropic.AnthropicBlockWriter;
import dev.switchboard.wire.anthropic.AnthropicUsageJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Canonical stream events → Anthropic Messages SSE, one flushed frame per wire event, every frame carrying
 * {@code event: <type>} equal to its {@code data.type} (the SDKs drop frames without it).
 *
 * <p>The writer keeps the wire grammar even when fed a sloppy sequence (normally a {@link StreamGuard}
 * sits in front of it): wire block indices are dense counters; a new block, {@code message_delta} or an
 * error first stops the open block; a delta that does not belong to the open block is dropped (never a
 * {@code content_block_delta} for an unstarted index); {@code message_stop} always follows a
 * {@code message_delta}; nothing follows the terminal event. A {@link StreamEvent.StreamError} stops the
 * open block and becomes the terminal {@code event: error}, never a normal finish.
 *
 * <p>One per response; not thread-safe (the kernel serialises {@link #write} and {@link #heartbeat}).
 */
public final class AnthropicStreamWriter implements StreamEncoder {
    private static final Logger LOG = Logger.getLogger(AnthropicStreamWriter.class.getName());

    private final SseWriter sse;
    private final String messageId;
    private final String model;

    private boolean started;
    private boolean deltaSent;
    private boolean terminated;
    /** Usage announced in message_start; merged into message_delta so SDKs never overwrite it with 0. */
    private Usage startUsage = Usage.ZERO;
    /** The open block as the event stream numbers it, or null. */
    private Integer openEventIndex;
    private ContentBlock openBlock;
    private int openWireIndex = -1;
    private int nextWireIndex;

    /**
     * @param sse            where the frames go
     * @param messageId      the id clients see ({@code msg_…}, decision: the gateway's own id)
     * @param requestedModel the model name the client sent (echoed in {@code message_start})
     */
    public AnthropicStreamWriter(SseWriter sse, String messageId, String requestedModel) {
        this.sse = sse;
        this.messageId = messageId;
        this.model = requestedModel;
    }

    @Override
    public void write(StreamEvent event) throws IOException {
        if (terminated) {
            LOG.log(Level.FINE, "dropping {0} after the end of the stream", event.getClass().getSimpleName());
            return;
        }
        switch (event) {
            case StreamEvent.MessageStart s -> {
                if (started) {
                    LOG.warning("dropping a second message_start");
                } else {
                    messageStart(s.usage());
                }
            }
            case StreamEvent.BlockStart s -> {
                ensureStarted();
                stopOpenBlock();
                blockStart(s.index(), s.block());
            }
            case StreamEvent.BlockDelta d -> {
                if (openEventIndex == null || openEventIndex != d.index() || !StreamGuard.deltaFits(openBlock, d.delta())) {
                    LOG.log(Level.WARNING, "dropping a {0} that does not belong to the open block",
                            d.delta().getClass().getSimpleName());
                    return;
                }
                delta(d.delta());
            }
            case StreamEvent.BlockStop s -> {
                if (openEventIndex != null && openEventIndex == s.index()) {
                    stopOpenBlock();
                } else {
                    LOG.warning("dropping a content_block_stop for a block that is not open");
                }
            }
            case StreamEvent.MessageDelta d -> {
                if (deltaSent) {
                    LOG.warning("dropping a second message_delta");
                    return;
                }
                ensureStarted();
                stopOpenBlock();
                messageDelta(d.stopReason(), d.stopSequence(), d.usage());
            }
            case StreamEvent.MessageStop s -> {
                ensureStarted();
                stopOpenBlock();
                if (!deltaSent) {
                    messageDelta(StopReason.END_TURN, null, Usage.ZERO);
                }
                sse.end(sse.begin("message_stop", 24).append("{\"type\":\"message_stop\"}"));
                terminated = true;
            }
            case StreamEvent.StreamError e -> error(e.kind(), e.message());
        }
    }

    @Override
    public void heartbeat() throws IOException {
        if (!terminated) {
            sse.end(sse.begin("ping", 16).append("{\"type\":\"ping\"}"));
        }
    }

    @Override
    public void finish() throws IOException {
        if (!terminated) {
            error(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream ended prematurely");
        }
    }

    /** True once {@code message_stop} or {@code error} was written. */
    public boolean terminated() {
        return terminated;
    }

    private void ensureStarted() throws IOException {
        if (!started) {
            messageStart(Usage.ZERO);
        }
    }

    /**
     * Written without a JSON tree, as the deltas are: the same bytes as the tree (see
     * {@link Jsons#quote(StringBuilder, String)}).
     */
    private void messageStart(Usage usage) throws IOException {
        started = true;
        startUsage = usage;
        StringBuilder f = sse.begin("message_start", 384);
        f.append("{\"type\":\"message_start\",\"message\":{\"id\":");
        Jsons.quote(f, messageId == null ? "" : messageId).append(",\"type\":\"message\",\"role\":\"assistant\",\"model\":");
        Jsons.quote(f, model == null ? "" : model)
                .append(",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":");
        messageUsage(f, usage).append("}}");
        sse.end(f);
    }

    /** {@link AnthropicUsageJson#message}, as text. */
    static StringBuilder messageUsage(StringBuilder f, Usage u) {
        return f.append("{\"input_tokens\":").append(u.inputTokens())
                .append(",\"output_tokens\":").append(u.outputTokens())
                .append(",\"cache_creation_input_tokens\":").append(u.cacheCreationInputTokens())
                .append(",\"cache_read_input_tokens\":").append(u.cacheReadInputTokens())
                .append(",\"cache_creation\":{\"ephemeral_5m_input_tokens\":").append(u.cacheCreationInputTokens())
                .append(",\"ephemeral_1h_input_tokens\":0}}");
    }

    /** {@link AnthropicUsageJson#delta}, as text. */
    static StringBuilder deltaUsage(StringBuilder f, Usage u) {
        return f.append("{\"output_tokens\":").append(u.outputTokens())
                .append(",\"input_tokens\":").append(u.inputTokens())
                .append(",\"cache_read_input_tokens\":").append(u.cacheReadInputTokens())
                .append(",\"cache_creation_input_tokens\":").append(u.cacheCreationInputTokens()).append('}');
    }

    private void blockStart(int eventIndex, ContentBlock block) throws IOException {
        openEventIndex = eventIndex;
        openBlock = block;
        openWireIndex = nextWireIndex++;
        StringBuilder f = sse.begin("content_block_start", 128);
        f.append("{\"type\":\"content_block_start\",\"index\":").append(openWireIndex).append(",\"content_block\":");
        switch (block) {
            case ContentBlock.Text t -> f.append("{\"type\":\"text\",\"text\":\"\"}");
            case ContentBlock.Thinking t -> f.append("{\"type\":\"thinking\",\"thinking\":\"\",\"signature\":\"\"}");
            case ContentBlock.ToolUse u -> {
                Jsons.quote(f.append("{\"type\":\"tool_use\",\"id\":"), u.id()).append(",\"name\":");
                Jsons.quote(f, u.name()).append(",\"input\":{}}");
            }
            default -> f.append(AnthropicBlockWriter.write(ThinkingSignatures.toClient(List.of(block),
                    SignatureOrigin.ANTHROPIC_FAMILY).get(0)));
        }
        sse.end(f.append('}'));
        // Starts always have Anthropic's empty shape; content a producer put in the start follows as deltas.
        switch (block) {
            case ContentBlock.Text t -> {
                if (!t.text().isEmpty()) {
                    delta(new Delta.TextDelta(t.text()));
                }
                if (t.citations() != null) {
                    for (JsonValue c : t.citations()) {
                        if (c.getValueType() == JsonValue.ValueType.OBJECT) {
                            delta(new Delta.CitationsDelta(c.asJsonObject()));
                        }
                    }
                }
            }
            case ContentBlock.Thinking t -> {
                if (!t.thinking().isEmpty()) {
                    delta(new Delta.ThinkingDelta(t.thinking()));
                }
                if (!t.signature().isEmpty()) {
                    delta(new Delta.SignatureDelta(t.signature(), t.origin()));
                }
            }
            case ContentBlock.ToolUse u -> {
                if (!u.input().isEmpty()) {
                    delta(new Delta.InputJsonDelta(u.input().toString()));
                }
            }
            default -> {
                // Other blocks are complete in their start.
            }
        }
    }

    private void delta(Delta d) throws IOException {
        switch (d) {
            case Delta.TextDelta t -> stringDelta("text_delta", "text", t.text());
            case Delta.ThinkingDelta t -> stringDelta("thinking_delta", "thinking", t.thinking());
            case Delta.SignatureDelta s -> stringDelta("signature_delta", "signature",
                    ThinkingSignatures.toClient(s.signature(), s.origin(), SignatureOrigin.ANTHROPIC_FAMILY));
            case Delta.InputJsonDelta j -> stringDelta("input_json_delta", "partial_json", j.partialJson());
            case Delta.CitationsDelta c -> frame("content_block_delta", Jsons.objectBuilder()
                    .add("type", "content_block_delta").add("index", openWireIndex)
                    .add("delta", Jsons.objectBuilder().add("type", "citations_delta").add("citation", c.citation()))
                    .build());
        }
    }

    /**
     * {@code {"type":"content_block_delta","index":i,"delta":{"type":type,field:value}}}, written without a JSON
     * tree: deltas are most of a stream's frames, and the same bytes as the tree would give.
     */
    private void stringDelta(String type, String field, String value) throws IOException {
        StringBuilder f = sse.begin("content_block_delta", value.length() + 96);
        f.append("{\"type\":\"content_block_delta\",\"index\":").append(openWireIndex)
                .append(",\"delta\":{\"type\":\"").append(type).append("\",\"").append(field).append("\":");
        Jsons.quote(f, value).append("}}");
        sse.end(f);
    }

    private void stopOpenBlock() throws IOException {
        if (openEventIndex == null) {
            return;
        }
        StringBuilder f = sse.begin("content_block_stop", 48);
        sse.end(f.append("{\"type\":\"content_block_stop\",\"index\":").append(openWireIndex).append('}'));
        openEventIndex = null;
        openBlock = null;
    }

    private void messageDelta(StopReason reason, String stopSequence, Usage usage) throws IOException {
        deltaSent = true;
        // The SDK accumulators copy message_delta's input figures over message_start's: never send less.
        Usage finalUsage = startUsage.merge(usage);
        StringBuilder f = sse.begin("message_delta", 192);
        Jsons.quote(f.append("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"), reason.wire())
                .append(",\"stop_sequence\":");
        if (stopSequence == null) {
            f.append("null");
        } else {
            Jsons.quote(f, stopSequence);
        }
        deltaUsage(f.append("},\"usage\":"), finalUsage).append('}');
        sse.end(f);
    }

    private void error(ErrorKind kind, String message) throws IOException {
        stopOpenBlock();
        JsonObject error = Jsons.objectBuilder()
                .add("type", ClientErrors.anthropicType(kind))
                .add("message", message == null ? kind.defaultMessage() : message)
                .build();
        frame("error", Jsons.objectBuilder().add("type", "error").add("error", error).build());
        terminated = true;
    }

    private void frame(String type, JsonObject data) throws IOException {
        sse.event(type, Jsons.write(data));
    }
}
