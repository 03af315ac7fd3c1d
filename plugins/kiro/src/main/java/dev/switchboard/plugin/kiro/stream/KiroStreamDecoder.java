package dev.switchboard.plugin.kiro.stream;

import dev.switchboard.plugin.kiro.KiroErrorClassifier;
import dev.switchboard.plugin.kiro.convert.KiroRequest;
import dev.switchboard.plugin.kiro.convert.ToolNames;
import dev.switchboard.plugin.kiro.eventstream.EventStreamDecoder;
import dev.switchboard.plugin.kiro.eventstream.EventStreamException;
import dev.switchboard.plugin.kiro.eventstream.EventStreamMessage;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.TokenCounter;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Kiro's {@code generateAssistantResponse} body (AWS event stream) → canonical events, incrementally
 * (the AWS binary event stream): frames are cut and CRC-checked by {@link EventStreamDecoder}, dispatched on
 * {@code :message-type} / {@code :event-type} (never on payload text), and mapped by
 * {@link CanonicalStreamBuilder}. Usage is estimated with the SPI's {@link TokenCounter} and labelled
 * {@link UsageSource#ESTIMATED}: input from {@code contextUsagePercentage × window} when Kiro sent it, else the
 * request estimate; output from the emitted text, reasoning and tool JSON. A {@code metadataEvent.tokenUsage}
 * overrides both as {@link UsageSource#UPSTREAM}. Metered credits are summed ({@link #credits()}) and reported in
 * {@link Usage#credits()} of the final usage, so the kernel records them with the row.
 *
 * <p>One per attempt, used by one thread; state in fields; not thread-safe.
 */
public final class KiroStreamDecoder implements ResponseDecoder {
    /** What the decoder needs of its request; not the request, whose body and bytes a long stream would keep. */
    private final int inputTokens;
    private final ToolNames toolNames;
    private final int contextWindow;
    private final TokenCounter counter;
    private final KiroErrorClassifier errors;
    private final Logger log;
    private final EventStreamDecoder frames = new EventStreamDecoder();
    private final CanonicalStreamBuilder builder;
    private final ThinkingTagParser tags;
    private final StringBuilder output = new StringBuilder();

    private double credits;
    private Double contextPercentage;
    private JsonObject upstreamTokenUsage;
    private StopReason metadataStop;
    private int ignoredEvents;

    /**
     * @param request  the converted request (tool names, model window, input estimate, thinking tags)
     * @param model    the model name for {@code MessageStart}
     * @param counter  the SPI token counter
     * @param errors   the call's error classifier, which also owns the meaning of in-stream exceptions
     * @param log      the instance logger
     */
    public KiroStreamDecoder(KiroRequest request, String model, TokenCounter counter, KiroErrorClassifier errors,
                             Logger log) {
        this.inputTokens = request.inputTokens();
        this.toolNames = request.toolNames();
        this.contextWindow = request.model().contextWindow();
        this.errors = errors;
        this.counter = counter;
        this.log = log;
        this.builder = new CanonicalStreamBuilder("msg_" + UUID.randomUUID().toString().replace("-", ""), model,
                new Usage(request.inputTokens(), 0, 0, 0, UsageSource.ESTIMATED), log);
        this.tags = request.thinkingTags() ? new ThinkingTagParser() : null;
    }

    /** Credits Kiro metered for this response so far (a real figure, not an estimate). */
    public double credits() {
        return credits;
    }

    /** The last {@code contextUsagePercentage}, or null. */
    public Double contextPercentage() {
        return contextPercentage;
    }

    @Override
    public List<StreamEvent> onBytes(byte[] chunk, int offset, int length) {
        List<StreamEvent> out = new ArrayList<>();
        if (builder.finished()) {
            return out;
        }
        try {
            frames.feed(chunk, offset, length, m -> {
                if (!builder.finished()) {
                    handle(m, out);
                }
            });
        } catch (EventStreamException e) {
            log.warning(() -> "malformed Kiro event stream: " + e.getMessage());
            builder.fail(ErrorKind.UPSTREAM_BAD_RESPONSE, "malformed upstream event stream: " + e.getMessage(), out);
        }
        return out;
    }

    @Override
    public List<StreamEvent> onEnd() {
        List<StreamEvent> out = new ArrayList<>();
        if (builder.finished()) {
            return out;
        }
        flushTags(out);
        if (frames.hasPartialFrame()) {
            builder.fail(ErrorKind.UPSTREAM_CONNECTION, "upstream stream ended inside an event frame", out);
        } else if (!builder.sawContent()) {
            builder.fail(ErrorKind.UPSTREAM_BAD_RESPONSE, "empty upstream response", out);
        } else {
            finish(metadataStop, out); // without one, the builder infers it from the blocks
        }
        return out;
    }

    @Override
    public ChatResponse decodeUnary(byte[] body) throws GatewayException {
        StreamAccumulator acc = new StreamAccumulator();
        acc.acceptAll(onBytes(body, 0, body.length));
        acc.acceptAll(onEnd());
        return acc.toResponse();
    }

    private void handle(EventStreamMessage m, List<StreamEvent> out) {
        String type = m.messageType();
        if ("exception".equals(type)) {
            exception(m.exceptionType(), payload(m, out), null, out);
            return;
        }
        if ("error".equals(type)) {
            exception(m.stringHeader(EventStreamMessage.ERROR_CODE), null,
                    m.stringHeader(EventStreamMessage.ERROR_MESSAGE), out);
            return;
        }
        if (!"event".equals(type)) {
            ignored(String.valueOf(type));
            return;
        }
        String event = m.eventType() == null ? "" : m.eventType();
        switch (event) {
            case "assistantResponseEvent" -> {
                JsonObject p = payload(m, out);
                if (p != null) {
                    text(Jsons.str(p, "content", ""), out);
                }
            }
            case "toolUseEvent" -> {
                JsonObject p = payload(m, out);
                if (p != null) {
                    tool(p, out);
                }
            }
            case "reasoningContentEvent" -> {
                JsonObject p = payload(m, out);
                if (p != null) {
                    reasoning(p, out);
                }
            }
            case "meteringEvent" -> {
                JsonObject p = payload(m, out);
                Double used = p == null ? null : Jsons.dbl(p, "usage");
                if (used != null) {
                    credits += used;
                }
            }
            case "contextUsageEvent" -> {
                JsonObject p = payload(m, out);
                Double pct = p == null ? null : Jsons.dbl(p, "contextUsagePercentage");
                if (pct != null) {
                    contextPercentage = pct;
                }
            }
            case "metadataEvent" -> {
                JsonObject p = payload(m, out);
                if (p != null) {
                    metadata(p);
                }
            }
            case "messageMetadataEvent" -> log.fine(() -> "Kiro message metadata: " + m.payloadText());
            case "invalidStateEvent" -> {
                JsonObject p = payload(m, out);
                if (p != null) {
                    flushTags(out);
                    builder.fail(ErrorKind.UPSTREAM_SERVER, "upstream reported an invalid state: "
                            + Jsons.str(p, "reason", "") + " " + Jsons.str(p, "message", ""), out);
                }
            }
            default -> ignored(event);
        }
    }

    /** Parses a payload; bad JSON is fatal (nothing after it can be trusted). Returns null after failing the stream. */
    private JsonObject payload(EventStreamMessage m, List<StreamEvent> out) {
        try {
            return Jsons.parseObject(m.payload());
        } catch (JsonException e) {
            flushTags(out);
            builder.fail(ErrorKind.UPSTREAM_BAD_RESPONSE, "malformed upstream event payload ("
                    + m.eventType() + ")", out);
            return null;
        }
    }

    private void text(String content, List<StreamEvent> out) {
        if (tags == null) {
            emitText(content, out);
            return;
        }
        for (ThinkingTagParser.Segment s : tags.accept(content)) {
            emitSegment(s, out);
        }
    }

    private void flushTags(List<StreamEvent> out) {
        if (tags != null) {
            for (ThinkingTagParser.Segment s : tags.flush()) {
                emitSegment(s, out);
            }
        }
    }

    private void emitSegment(ThinkingTagParser.Segment s, List<StreamEvent> out) {
        if (s.thinking()) {
            output.append(s.text());
            builder.thinking(s.text(), out);
        } else {
            emitText(s.text(), out);
        }
    }

    private void emitText(String content, List<StreamEvent> out) {
        output.append(content);
        builder.text(content, out);
    }

    private void tool(JsonObject p, List<StreamEvent> out) {
        String id = Jsons.str(p, "toolUseId");
        if (id == null || id.isEmpty()) {
            log.warning("dropped a toolUseEvent without toolUseId");
            return;
        }
        flushTags(out);
        JsonValue raw = p.get("input");
        // Kiro sends partial JSON text; an object (seen in some builds) is the complete input.
        String input = raw instanceof JsonString s ? s.getString()
                : raw != null && raw.getValueType() == JsonValue.ValueType.OBJECT ? raw.toString() : null;
        String name = toolNames.toOriginal(Jsons.str(p, "name"));
        String emitted = builder.tool(id, name, input, Jsons.bool(p, "stop"), out);
        if (emitted != null) {
            output.append(emitted);
        }
    }

    private void reasoning(JsonObject p, List<StreamEvent> out) {
        flushTags(out);
        String text = Jsons.str(p, "text");
        if (text != null && !text.isEmpty()) {
            output.append(text);
            builder.thinking(text, out);
        }
        String signature = Jsons.str(p, "signature");
        if (signature != null && !signature.isEmpty()) {
            builder.signature(signature, out);
        }
        String redacted = Jsons.str(p, "redactedContent");
        if (redacted != null && !redacted.isEmpty()) {
            builder.redactedThinking(redacted, out);
        }
    }

    private void metadata(JsonObject p) {
        JsonObject usage = Jsons.obj(p, "tokenUsage");
        if (usage != null) {
            upstreamTokenUsage = usage;
        }
        StopReason stop = switch (Jsons.str(p, "stopReason", "")) {
            case "END_TURN" -> StopReason.END_TURN;
            case "TOOL_USE" -> StopReason.TOOL_USE;
            case "MAX_TOKENS", "MODEL_CONTEXT_WINDOW_EXCEEDED" -> StopReason.MAX_TOKENS;
            case "CONTENT_FILTERED" -> StopReason.REFUSAL;
            case "PAUSE_TURN" -> StopReason.PAUSE_TURN;
            default -> null;
        };
        if (stop != null) {
            metadataStop = stop;
        }
    }

    /**
     * An exception or error frame: {@link KiroErrorClassifier#classifyInStream} decides whether it ends the reply or
     * fails the stream, and with which kind.
     */
    private void exception(String type, JsonObject payload, String message, List<StreamEvent> out) {
        if (builder.finished()) {
            return;
        }
        flushTags(out);
        KiroErrorClassifier.InStream verdict = errors.classifyInStream(type, payload, message);
        if (verdict.endsReply()) {
            log.info(() -> "Kiro stream exception " + verdict.message() + " ends the reply");
            finish(verdict.stopReason(), out);
            return;
        }
        log.info(() -> "Kiro stream exception " + verdict.message());
        builder.fail(verdict.kind(), verdict.message(), out);
    }

    private void finish(StopReason stop, List<StreamEvent> out) {
        Usage usage = finalUsage();
        double used = credits;
        log.fine(() -> "Kiro response done: " + used + " credits, context " + contextPercentage + "%, stop " + stop);
        builder.finish(stop, usage, out);
    }

    /** The final usage (token figures as the class comment describes), with the credits metered so far. */
    Usage finalUsage() {
        return tokenUsage().withCredits(credits);
    }

    private Usage tokenUsage() {
        if (upstreamTokenUsage != null) {
            return new Usage(Jsons.lng(upstreamTokenUsage, "uncachedInputTokens", inputTokens),
                    Jsons.lng(upstreamTokenUsage, "outputTokens", counter.count(output.toString())),
                    Jsons.lng(upstreamTokenUsage, "cacheWriteInputTokens", 0),
                    Jsons.lng(upstreamTokenUsage, "cacheReadInputTokens", 0), UsageSource.UPSTREAM);
        }
        long input = inputTokens;
        if (contextPercentage != null && contextPercentage > 0) {
            input = Math.round(contextPercentage / 100.0 * contextWindow);
        }
        long outputTokens = output.isEmpty() ? 0 : Math.max(1, counter.count(output.toString()));
        return new Usage(Math.max(input, 1), outputTokens, 0, 0, UsageSource.ESTIMATED);
    }

    private void ignored(String what) {
        ignoredEvents++;
        int n = ignoredEvents;
        log.fine(() -> "ignored Kiro event " + what + " (" + n + " so far)");
    }
}
