package dev.switchboard.wire.openai;

import dev.switchboard.wire.ToolArguments;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.StreamBuilder;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.wire.WireIds;
import dev.switchboard.wire.sse.SseEvent;
import dev.switchboard.wire.sse.SseReader;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * An OpenAI-compatible upstream's chunk stream → canonical events, and its unary body → a canonical answer.
 * Handles every variant OpenAI-compatible backends are known to send: missing {@code index},
 * late {@code id}/{@code name}, whole calls in one chunk, interleaved indices, parallel calls all at
 * {@code index:0}, content and finish in one chunk, usage on the finish chunk, {@code choices:null}, a
 * usage-only first chunk. Tool calls are buffered and emitted whole at the finish (BUFFERED, the default and
 * the only mode correct under interleaving) or streamed as they come (EAGER, for sequential backends).
 *
 * <p>A {@code data:} line that is not JSON (other than {@code [DONE]}) or an event over the SSE reader's bound ends
 * the stream with {@link ErrorKind#UPSTREAM_BAD_RESPONSE} at once: skipping it could turn a broken answer into a
 * normal-looking one.
 *
 * <p>Chunks are read by {@link OpenAiChunk} with a streaming parser, without building their trees.
 *
 * <p>Finishing: a {@code finish_reason} finishes at once, unless usage was requested and that chunk had none;
 * then the decoder waits for the usage chunk, {@code [DONE]} or EOF. (Finishing whenever no usage had arrived
 * yet would finish early after a usage-only first chunk and lose the completion count.)
 *
 * <p>One per upstream attempt; not thread-safe.
 */
public final class OpenAiChatStreamDecoder implements ResponseDecoder {
    private static final Logger LOG = Logger.getLogger(OpenAiChatStreamDecoder.class.getName());
    /** Key of a legacy {@code delta.function_call} (there is at most one, and it has no index). */
    private static final int LEGACY_FUNCTION_KEY = -1;

    private final String messageId;
    private final String model;
    private final OpenAiChatProfile profile;
    private final boolean usageRequested;
    private final ToolNameMap toolNames;
    private final SseReader sse = new SseReader();
    private final OpenAiToolCallBuffer tools = new OpenAiToolCallBuffer();

    /** Owns the grammar: block indices, a call's {@code {}} when it got no arguments, the stop reason's tool rule. */
    private final StreamBuilder builder = new StreamBuilder();
    /** The call whose block is open (EAGER), or null: it is CLOSED when its block stops. */
    private OpenAiToolCallBuffer.Call openTool;
    private String finishReason;
    private boolean finishSeen;
    private boolean awaitUsage;
    private boolean refusal;
    private boolean lateToolFragments;
    private final StringBuilder heldWhitespace = new StringBuilder();
    private OpenAiUsage.Raw usage = OpenAiUsage.Raw.ZERO;

    /**
     * @param messageId      the canonical message id to report in {@code MessageStart}
     * @param model          the model name to report (the one the client asked for)
     * @param profile        the upstream's profile (tool streaming mode, lenient EOF, reasoning field)
     * @param usageRequested whether the request asked for {@code stream_options.include_usage}
     * @param toolNames      aliases from the request writer, restored in tool blocks
     */
    public OpenAiChatStreamDecoder(String messageId, String model, OpenAiChatProfile profile, boolean usageRequested,
                                   ToolNameMap toolNames) {
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.model = model;
        this.profile = Objects.requireNonNull(profile, "profile");
        this.usageRequested = usageRequested;
        this.toolNames = toolNames == null ? ToolNameMap.EMPTY : toolNames;
    }

    /** A decoder for the answer to {@code request}, with a fresh {@code msg_} id. */
    public static OpenAiChatStreamDecoder forRequest(OpenAiChatUpstreamRequest request, String model,
                                                     OpenAiChatProfile profile) {
        boolean usage = Jsons.bool(Jsons.obj(request.body(), "stream_options"), "include_usage");
        return new OpenAiChatStreamDecoder(WireIds.messageId(), model, profile, usage, request.toolNames());
    }

    /** True when tool fragments arrived after their block had closed: the backend interleaves, use BUFFERED. */
    public boolean lateToolFragments() {
        return lateToolFragments;
    }

    @Override
    public List<StreamEvent> onBytes(byte[] chunk, int offset, int length) {
        if (builder.ended()) {
            return List.of();
        }
        if (length > 0) {
            ensureStarted();
        }
        for (SseEvent e : sse.feed(chunk, offset, length)) {
            if (builder.ended()) {
                break;
            }
            onEvent(e);
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
        if (builder.ended()) {
            return List.of();
        }
        ensureStarted();
        for (SseEvent e : sse.finish()) {
            if (builder.ended()) {
                break;
            }
            onEvent(e);
        }
        failIfUnbounded();
        if (!builder.ended()) {
            if (finishSeen || profile.lenientEof()) {
                finish();
            } else {
                fail(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream ended prematurely");
            }
        }
        return builder.drain();
    }

    @Override
    public ChatResponse decodeUnary(byte[] body) throws GatewayException {
        return new OpenAiChatResponseReader(messageId, model, toolNames, profile.reasoningOutputField()).read(body);
    }

    private void onEvent(SseEvent e) {
        String data = e.data();
        if (data.isEmpty()) {
            return; // event: lines and empty frames carry nothing
        }
        if (data.strip().equals("[DONE]")) {
            finish();
            return;
        }
        boolean errorEvent = "error".equals(e.event());
        OpenAiChunk chunk = OpenAiChunk.read(data, profile.reasoningOutputField(), errorEvent);
        if (chunk == null) {
            if (errorEvent) {
                fail(ErrorKind.UPSTREAM_SERVER, "upstream stream error: " + truncate(data));
                return;
            }
            // Skipping it could turn a broken answer into a normal-looking end (the data may hold user content:
            // only its size is logged).
            LOG.log(Level.FINE, "unparseable upstream stream data ({0} chars)", data.length());
            fail(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream sent a stream event that is not JSON");
            return;
        }
        onChunk(chunk, errorEvent);
    }

    private void onChunk(OpenAiChunk chunk, boolean errorEvent) {
        JsonValue error = chunk.error();
        if (errorEvent && !OpenAiErrorMapping.isTruthy(error)) {
            error = chunk.whole(); // "event: error" with the error object as the whole payload
        }
        if (OpenAiErrorMapping.isTruthy(error)) {
            fail(OpenAiErrorMapping.kindOf(error), OpenAiErrorMapping.messageOf(error));
            return;
        }
        JsonObject chunkUsage = chunk.usage();
        if (chunkUsage != null) {
            usage = usage.merge(OpenAiUsage.readRaw(chunkUsage));
        }
        OpenAiChunk.Choice choice = chunk.choice(); // choice 0 (or the one without an index); others are ignored
        if (choice != null) {
            if (choice.delta() != null) {
                onDelta(choice.delta());
            }
            String fr = choice.finishReason();
            if (fr != null && !fr.isEmpty() && !finishSeen) {
                finishSeen = true;
                finishReason = fr;
                if (usageRequested && chunkUsage == null) {
                    awaitUsage = true;
                } else {
                    finish();
                    return;
                }
            }
        }
        if (awaitUsage && chunkUsage != null) {
            finish();
        }
    }

    /** One delta, in the order thinking → text → tools. */
    private void onDelta(OpenAiChunk.Delta delta) {
        String reasoning = delta.reasoning();
        if (reasoning != null && !reasoning.isEmpty()) {
            if (builder.openKind() != StreamBuilder.Kind.THINKING) {
                stopOpen();
                flushBuffered();
            }
            heldWhitespace.setLength(0);
            builder.thinking(null, reasoning);
        }
        text(delta.content());
        String refusalText = delta.refusal();
        if (refusalText != null && !refusalText.isEmpty()) {
            refusal = true;
            text(refusalText);
        }
        JsonArray calls = delta.toolCalls();
        if (calls != null) {
            for (int p = 0; p < calls.size(); p++) {
                if (calls.get(p).getValueType() != JsonValue.ValueType.OBJECT) {
                    continue;
                }
                JsonObject tc = calls.getJsonObject(p);
                Integer index = Jsons.integer(tc, "index");
                JsonObject fn = Jsons.obj(tc, "function");
                onToolFragment(index == null ? p : index, Jsons.str(tc, "id"), Jsons.str(fn, "name"), arguments(fn));
            }
        }
        JsonObject legacy = delta.functionCall();
        if (legacy != null) {
            onToolFragment(LEGACY_FUNCTION_KEY, null, Jsons.str(legacy, "name"), arguments(legacy));
        }
    }

    /**
     * Text goes into the open text block. Whitespace that would open a new block is held back until real
     * text follows: models often send {@code "\n\n"} before tool calls, and a whitespace-only text block is
     * rejected when a client replays it to Anthropic.
     */
    private void text(String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        if (builder.openKind() != StreamBuilder.Kind.TEXT) {
            if (text.isBlank()) {
                heldWhitespace.append(text);
                return;
            }
            String held = heldWhitespace.toString();
            stopOpen();
            flushBuffered();
            heldWhitespace.setLength(0);
            text = held + text;
        }
        builder.text(null, text);
    }

    private static String arguments(JsonObject fn) {
        JsonValue v = fn == null ? null : fn.get("arguments");
        if (v instanceof JsonString s) {
            return s.getString();
        }
        return v == null || v.getValueType() == JsonValue.ValueType.NULL ? "" : v.toString();
    }

    private void onToolFragment(int key, String id, String name, String args) {
        OpenAiToolCallBuffer.Call c = tools.route(key, id, name);
        if (c.state == OpenAiToolCallBuffer.State.CLOSED) {
            if (!args.isEmpty()) {
                lateToolFragments = true;
                LOG.warning("tool call fragment arrived after its block was closed; dropped (the backend "
                        + "interleaves calls: configure tool streaming BUFFERED)");
            }
            return;
        }
        c.args.append(args);
        if (profile.toolStreaming() == OpenAiChatProfile.ToolStreaming.BUFFERED) {
            if (c.state == OpenAiToolCallBuffer.State.PENDING && c.name != null) {
                c.state = OpenAiToolCallBuffer.State.BUFFERED;
            }
            return;
        }
        if (c.state == OpenAiToolCallBuffer.State.PENDING && c.name != null) {
            stopOpen();
            startTool(c);
            c.state = OpenAiToolCallBuffer.State.OPEN;
            openTool = c;
            builder.toolInput(c, c.args.toString());
        } else if (c.state == OpenAiToolCallBuffer.State.OPEN) {
            builder.toolInput(c, args);
        }
    }

    private void ensureStarted() {
        builder.start(messageId, model, Usage.ZERO);
    }

    private void startTool(OpenAiToolCallBuffer.Call c) {
        heldWhitespace.setLength(0);
        builder.toolStart(c, WireIds.sanitizeToolId(c.id, "toolu_"), toolNames.restore(c.name));
    }

    /** Stops the open block; an open call is then CLOSED (a call without arguments gets {@code {}} from the builder). */
    private void stopOpen() {
        if (openTool != null) {
            openTool.state = OpenAiToolCallBuffer.State.CLOSED;
            openTool = null;
        }
        builder.close();
    }

    /** Emits every named, buffered call whole: start, one delta with the (repaired) arguments, stop. */
    private void flushBuffered() {
        for (OpenAiToolCallBuffer.Call c : tools.calls()) {
            if (c.state == OpenAiToolCallBuffer.State.BUFFERED) {
                startTool(c);
                if (!c.args.toString().isBlank()) {
                    builder.toolInput(c, ToolArguments.parseToJson(c.args.toString(), c.name));
                }
                builder.close();
                c.state = OpenAiToolCallBuffer.State.CLOSED;
            }
        }
    }

    /** FINISH (once): close blocks, emit buffered calls, then the stop reason with the final usage. */
    private void finish() {
        if (builder.ended()) {
            return;
        }
        stopOpen();
        flushBuffered();
        for (OpenAiToolCallBuffer.Call c : tools.calls()) {
            if (c.state == OpenAiToolCallBuffer.State.PENDING) {
                LOG.warning("upstream tool call without a name dropped (" + c.args.length() + " argument chars)");
                c.state = OpenAiToolCallBuffer.State.CLOSED;
            }
        }
        boolean calls = builder.toolBlocks() > 0;
        StopReason stop = OpenAiFinishReasons.toStopReason(finishReason, calls);
        if (refusal && !calls) {
            stop = StopReason.REFUSAL;
        }
        builder.finish(stop, usage.toUsage());
    }

    private void fail(ErrorKind kind, String message) {
        stopOpen();
        builder.error(kind, message);
    }

    /** At most 200 characters of upstream text reach a client: nothing huge or raw is relayed. */
    private static String truncate(String s) {
        String t = s.strip();
        return t.length() <= 200 ? t : t.substring(0, 200) + "…";
    }
}
