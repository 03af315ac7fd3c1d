package dev.switchboard.plugin.factory.shaping;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamBuilder;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.wire.WireErrors;
import dev.switchboard.wire.WireIds;
import dev.switchboard.wire.sse.SseEvent;
import dev.switchboard.wire.sse.SseReader;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Factory's Google family answer → canonical events. Every chunk is
 * a {@code generateContent} response: parts with {@code thought:true} become thinking, other text parts
 * text, {@code functionCall} parts complete {@code tool_use} blocks; the chunk with {@code finishReason} and
 * {@code usageMetadata} ends the message. Because it is not known whether the endpoint answers with SSE
 * or JSON, {@link #decodeUnary} accepts a single object, a JSON array of chunks, or an SSE body,
 * and folds them the same way. Usage: {@code input = promptTokenCount − cachedContentTokenCount},
 * {@code output = candidatesTokenCount + thoughtsTokenCount}.
 *
 * <p>One per upstream attempt; keeps its state in fields; not thread-safe.
 */
public final class GeminiStreamDecoder implements ResponseDecoder {
    private static final Logger LOG = Logger.getLogger(GeminiStreamDecoder.class.getName());
    private static final Set<String> REFUSALS = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII");

    private final SseReader sse = new SseReader();
    private final String model;
    /** Owns the grammar: indices, the empty signature of Gemini's unsigned thinking, the stop reason's tool rule. */
    private final StreamBuilder builder = new StreamBuilder();
    private String finishReason;
    private Usage usage = Usage.ZERO;

    /** @param model the model to report when the upstream names none */
    public GeminiStreamDecoder(String model) {
        this.model = model;
    }

    @Override
    public List<StreamEvent> onBytes(byte[] chunk, int offset, int length) {
        for (SseEvent e : sse.feed(chunk, offset, length)) {
            frame(e.data());
        }
        failIfUnbounded();
        return builder.drain();
    }

    /** The SSE reader gave up on an oversized event: the stream is broken, not merely quiet. */
    private void failIfUnbounded() {
        if (!builder.ended() && sse.failure() != null) {
            fail(ErrorKind.UPSTREAM_BAD_RESPONSE, sse.failure());
        }
    }

    @Override
    public List<StreamEvent> onEnd() {
        for (SseEvent e : sse.finish()) {
            frame(e.data());
        }
        failIfUnbounded();
        end();
        return builder.drain();
    }

    @Override
    public ChatResponse decodeUnary(byte[] body) throws GatewayException {
        String text = new String(body, StandardCharsets.UTF_8).strip();
        try {
            if (text.startsWith("[")) {
                JsonValue array = Jsons.parseValue(text); // the parser limits apply: deep nesting is a JsonException
                if (array.getValueType() != JsonValue.ValueType.ARRAY) {
                    throw new JsonException("expected a JSON array of chunks");
                }
                for (JsonValue v : array.asJsonArray()) {
                    if (v.getValueType() == JsonValue.ValueType.OBJECT) {
                        chunk(v.asJsonObject());
                    }
                }
            } else if (text.startsWith("{")) {
                chunk(Jsons.parseObject(text));
            } else {
                for (SseEvent e : sse.feed(body, 0, body.length)) {
                    frame(e.data());
                }
                for (SseEvent e : sse.finish()) {
                    frame(e.data());
                }
                failIfUnbounded();
            }
        } catch (JsonException e) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream sent an unreadable Gemini body", e);
        }
        end();
        StreamAccumulator acc = new StreamAccumulator();
        acc.acceptAll(builder.drain());
        if (acc.error() != null) {
            throw new GatewayException(acc.error().kind(), acc.error().message());
        }
        return acc.toResponse();
    }

    private void frame(String data) {
        if (builder.ended() || data == null || data.isBlank() || data.strip().equals("[DONE]")) {
            return;
        }
        JsonObject chunk = Jsons.tryParseObject(data).orElse(null);
        if (chunk == null) {
            LOG.log(Level.WARNING, "unparseable Gemini stream data ({0} chars) ends the stream", data.length());
            fail(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream is unreadable");
            return;
        }
        chunk(chunk);
    }

    private void chunk(JsonObject chunk) {
        if (builder.ended()) {
            return;
        }
        JsonObject error = Jsons.obj(chunk, "error");
        if (error != null) {
            int code = Jsons.integer(error, "code") == null ? 500 : Jsons.integer(error, "code");
            fail(dev.switchboard.wire.StandardErrorClassifier.kindFor(code),
                    WireErrors.upstreamMessage(code, chunk.toString().getBytes(StandardCharsets.UTF_8)));
            return;
        }
        if (!builder.started()) {
            builder.start(Jsons.str(chunk, "responseId", WireIds.messageId()), Jsons.str(chunk, "modelVersion", model),
                    Usage.ZERO);
        }
        JsonArray candidates = Jsons.arr(chunk, "candidates");
        JsonObject candidate = candidates == null || candidates.isEmpty()
                || candidates.get(0).getValueType() != JsonValue.ValueType.OBJECT ? null : candidates.getJsonObject(0);
        if (candidate != null) {
            JsonArray parts = Jsons.arr(Jsons.obj(candidate, "content"), "parts");
            if (parts != null) {
                for (JsonValue p : parts) {
                    if (p.getValueType() == JsonValue.ValueType.OBJECT) {
                        part(p.asJsonObject());
                    }
                }
            }
            String reason = Jsons.str(candidate, "finishReason");
            if (reason != null) {
                finishReason = reason;
            }
        }
        JsonObject meta = Jsons.obj(chunk, "usageMetadata");
        if (meta != null) {
            long prompt = Jsons.lng(meta, "promptTokenCount", 0);
            long cached = Jsons.lng(meta, "cachedContentTokenCount", 0);
            long output = Jsons.lng(meta, "candidatesTokenCount", 0) + Jsons.lng(meta, "thoughtsTokenCount", 0);
            usage = usage.merge(new Usage(Math.max(0, prompt - cached), output, 0, cached, null));
        }
        if (finishReason != null && meta != null) {
            finish();
        }
    }

    private void part(JsonObject p) {
        JsonObject call = Jsons.obj(p, "functionCall");
        if (call != null) {
            JsonObject args = Jsons.obj(call, "args");
            String id = WireIds.sanitizeToolId(Jsons.str(call, "id"), "toolu_");
            builder.toolStart(id, id, Jsons.str(call, "name", "tool"));
            builder.toolInput(id, args == null ? null : args.toString()); // no args: the builder gives the call {}
            builder.close(id);
            return;
        }
        String text = Jsons.str(p, "text");
        if (Jsons.bool(p, "thought")) {
            builder.thinking(null, text);
        } else {
            builder.text(null, text);
        }
    }

    private void end() {
        if (builder.ended()) {
            return;
        }
        if (finishReason != null) {
            finish();
        } else {
            fail(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream ended prematurely");
        }
    }

    private void finish() {
        // Gemini ends a turn with tool calls as STOP (or MAX_TOKENS): a call it produced is always run.
        StopReason stop = builder.toolBlocks() > 0 ? StopReason.TOOL_USE
                : "MAX_TOKENS".equals(finishReason) ? StopReason.MAX_TOKENS
                : REFUSALS.contains(finishReason) ? StopReason.REFUSAL : StopReason.END_TURN;
        builder.finish(stop, usage);
    }

    private void fail(ErrorKind kind, String message) {
        builder.error(kind, message);
    }
}
