package dev.switchboard.wire.anthropic;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamBuilder;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.wire.sse.SseEvent;
import dev.switchboard.wire.sse.SseReader;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Anthropic Messages upstream → canonical events (used by plugins whose upstream speaks Anthropic, such
 * as Factory's {@code /api/llm/a/v1/messages}).
 *
 * <p>Streams: bytes go through the SPI {@link SseReader}, so any read boundary (a frame, a line, a UTF-8
 * character, a CRLF pair split across reads) gives the same events. The event type is the {@code event:}
 * field, else {@code data.type} (some relays send data-only frames). Blocks and deltas map 1:1; {@code message_delta}
 * is held until {@code message_stop} and then emitted as {@code MessageDelta} + {@code MessageStop} with
 * the usage merged (output cumulative, the larger input figures kept); {@code event: error} becomes a
 * {@code StreamError} of the mapped kind; {@code ping} is ignored. The grammar itself (an open block stopped
 * before an error, indices, completions) is the {@link StreamBuilder}'s. EOF before {@code message_stop}, data
 * that is not JSON, and an event over the SSE reader's bound are {@code StreamError(UPSTREAM_BAD_RESPONSE)}: a
 * broken answer never ends like a normal one.
 *
 * <p>One per upstream attempt; not thread-safe.
 */
public final class AnthropicStreamDecoder implements ResponseDecoder {
    private static final Logger LOG = Logger.getLogger(AnthropicStreamDecoder.class.getName());

    private final SseReader sse = new SseReader();
    private final AnthropicBlockReader.Signatures signatures;
    private final SignatureOrigin origin;
    /**
     * Owns the grammar: Anthropic's blocks pass through it by their upstream index, and it adds what a relay may
     * leave out (a block's stop, a thinking block's signature, a tool call's {@code {}}, an empty text block dropped).
     */
    private final StreamBuilder builder = new StreamBuilder();
    private Usage usage = Usage.ZERO;
    private StopReason heldStopReason;
    private String heldStopSequence;

    /** A decoder for Anthropic's own API: its signatures are Anthropic's. */
    public AnthropicStreamDecoder() {
        this(SignatureOrigin.ANTHROPIC);
    }

    /**
     * @param origin who issued the thinking signatures in this upstream's answers (an Anthropic-compatible upstream
     *               that is not Anthropic issues its own)
     */
    public AnthropicStreamDecoder(SignatureOrigin origin) {
        this.origin = java.util.Objects.requireNonNull(origin, "origin");
        this.signatures = AnthropicBlockReader.Signatures.upstream(origin);
    }

    @Override
    public List<StreamEvent> onBytes(byte[] chunk, int offset, int length) {
        if (builder.ended()) {
            return List.of();
        }
        for (SseEvent e : sse.feed(chunk, offset, length)) {
            handle(e);
        }
        failIfUnbounded();
        return builder.drain();
    }

    @Override
    public List<StreamEvent> onEnd() {
        if (builder.ended()) {
            return List.of();
        }
        for (SseEvent e : sse.finish()) {
            handle(e);
        }
        failIfUnbounded();
        if (!builder.ended()) {
            builder.error(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream ended prematurely");
        }
        return builder.drain();
    }

    @Override
    public ChatResponse decodeUnary(byte[] body) throws GatewayException {
        JsonObject message;
        try {
            message = Jsons.parseObject(body);
        } catch (JsonException e) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream sent an unreadable message", e);
        }
        if ("error".equals(Jsons.str(message, "type"))) {
            JsonObject error = Jsons.obj(message, "error");
            throw new GatewayException(AnthropicErrorKinds.fromType(Jsons.str(error, "type")),
                    Jsons.str(error, "message", "upstream error"));
        }
        JsonArray content = Jsons.arr(message, "content");
        if (content == null) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream message has no content array");
        }
        List<ContentBlock> blocks;
        try {
            blocks = new ArrayList<>(AnthropicBlockReader.readBlocks(content, "content", signatures));
        } catch (GatewayException e) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream message is malformed: " + e.getMessage(), e);
        }
        blocks.removeIf(AnthropicBlockWriter::isEmptyText);
        return new ChatResponse(Jsons.str(message, "id"), Jsons.str(message, "model"), blocks,
                StopReason.fromWire(Jsons.str(message, "stop_reason")), Jsons.str(message, "stop_sequence"),
                AnthropicUsageJson.parse(Jsons.obj(message, "usage")));
    }

    private void handle(SseEvent e) {
        if (builder.ended()) {
            return;
        }
        String type = e.event() == null || e.event().isEmpty() ? null : e.event();
        if ("ping".equals(type)) {
            return;
        }
        JsonObject data;
        try {
            data = Jsons.parseObject(e.data());
        } catch (JsonException ex) {
            unparseable(type);
            return;
        }
        if (type == null) {
            type = Jsons.str(data, "type");
        }
        if (type == null) {
            LOG.log(Level.WARNING, "skipping an upstream stream event without a type");
            return;
        }
        try {
            dispatch(type, data);
        } catch (GatewayException ex) {
            // A structurally broken event (a tool_use block without an id, ...): the upstream is at fault.
            LOG.log(Level.WARNING, "malformed upstream {0} event: {1}", new Object[] {type, ex.getMessage()});
            builder.error(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream sent a malformed " + type + " event");
        }
    }

    private void dispatch(String type, JsonObject data) throws GatewayException {
        switch (type) {
            case "message_start" -> {
                JsonObject message = Jsons.obj(data, "message");
                usage = usage.merge(AnthropicUsageJson.parse(Jsons.obj(message, "usage")));
                builder.start(Jsons.str(message, "id"), Jsons.str(message, "model"), usage);
            }
            case "content_block_start" -> {
                int index = index(data);
                builder.open(index, AnthropicBlockReader.read(data.get("content_block"), "content_block", signatures));
            }
            case "content_block_delta" -> {
                Delta delta = delta(JsonFields.requireObject(data, "delta", ""));
                if (delta != null) {
                    builder.delta(index(data), delta);
                }
            }
            case "content_block_stop" -> builder.close(index(data));
            case "message_delta" -> {
                JsonObject delta = Jsons.obj(data, "delta");
                if (delta != null && Jsons.present(delta, "stop_reason")) {
                    heldStopReason = StopReason.fromWire(Jsons.str(delta, "stop_reason"));
                    heldStopSequence = Jsons.str(delta, "stop_sequence");
                }
                usage = usage.merge(AnthropicUsageJson.parse(Jsons.obj(data, "usage")));
            }
            // Without a stop reason the builder infers one from the blocks.
            case "message_stop" -> builder.finish(heldStopReason, heldStopSequence, usage);
            case "error" -> {
                JsonObject error = Jsons.obj(data, "error");
                String errorType = Jsons.str(error, "type");
                String message = Jsons.str(error, "message");
                builder.error(AnthropicErrorKinds.fromType(errorType),
                        message == null || message.isBlank() ? "upstream error" : message);
            }
            default -> LOG.log(Level.FINE, "ignoring upstream stream event {0}", type);
        }
    }

    /** A delta payload, or null for a delta type the canonical grammar does not know (logged, skipped). */
    private Delta delta(JsonObject d) throws GatewayException {
        String type = JsonFields.requireNonEmpty(d, "type", "delta");
        return switch (type) {
            case "text_delta" -> new Delta.TextDelta(JsonFields.requireString(d, "text", "delta"));
            case "thinking_delta" -> new Delta.ThinkingDelta(JsonFields.requireString(d, "thinking", "delta"));
            case "signature_delta" -> new Delta.SignatureDelta(JsonFields.requireString(d, "signature", "delta"), origin);
            case "input_json_delta" -> new Delta.InputJsonDelta(JsonFields.requireString(d, "partial_json", "delta"));
            case "citations_delta" -> new Delta.CitationsDelta(JsonFields.requireObject(d, "citation", "delta"));
            default -> {
                LOG.log(Level.FINE, "ignoring upstream delta type {0}", type);
                yield null;
            }
        };
    }

    private static int index(JsonObject data) throws GatewayException {
        Integer i = JsonFields.optInt(data, "index", "");
        if (i == null || i < 0) {
            throw JsonFields.invalid("index", "missing or negative block index");
        }
        return i;
    }

    private void unparseable(String type) {
        // The data itself may hold user content: it never goes to the log.
        LOG.log(Level.WARNING, "unparseable upstream stream data (event {0}) ends the stream", type == null ? "-" : type);
        builder.error(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream is unreadable");
    }

    /** The SSE reader gave up on an oversized event: the stream is broken, not merely quiet. */
    private void failIfUnbounded() {
        if (!builder.ended() && sse.failure() != null) {
            builder.error(ErrorKind.UPSTREAM_BAD_RESPONSE, sse.failure());
        }
    }
}
