package dev.switchboard.kernel.dialect.responses;

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
import dev.switchboard.wire.ThinkingSignatures;
import dev.switchboard.wire.WireIds;
import dev.switchboard.wire.responses.ResponsesStatus;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Canonical stream events → Responses SSE. Every frame is
 * {@code event: <type>} plus data carrying {@code type} and a {@code sequence_number} counted densely from
 * 0; {@code response.created} comes first and every {@code output_item.added} precedes its deltas, which the
 * openai SDKs' {@code responses.stream()} insists on.
 *
 * <p>Each canonical block becomes one output item with its own {@code output_index}. Text and reasoning items
 * open at their first non-empty delta, so an empty block produces no item at all. The terminal
 * {@code response.completed} / {@code response.incomplete} carries the full response object, built with the
 * same {@link ResponsesObjects} code as the unary {@link ResponsesResponseWriter}. A {@link StreamEvent.StreamError}
 * becomes an {@code error} event followed by {@code response.failed}, never a normal finish.
 *
 * <p>One per response; not thread-safe (the kernel serialises {@link #write} and {@link #heartbeat}).
 */
public final class ResponsesStreamWriter implements StreamEncoder {
    private static final Logger LOG = Logger.getLogger(ResponsesStreamWriter.class.getName());

    private final SseWriter sse;
    private final String responseId;
    private final long createdAt;
    private final String model;
    private final ResponsesWriterOptions options;

    private int sequenceNumber;
    private boolean started;
    private boolean terminated;
    private int nextOutputIndex;
    /** Finished output items, in output_index order, for the terminal response object. */
    private final List<JsonObject> finishedItems = new ArrayList<>();
    /** The item of the open canonical block, or null between blocks. */
    private OutputItem open;
    private Usage usage = Usage.ZERO;
    private StopReason stopReason;

    /**
     * @param sse        where frames go (each is flushed)
     * @param responseId the {@code resp_...} id shown to the client
     * @param createdAt  epoch seconds
     * @param model      the model name the client asked for (echoed)
     * @param options    the client's rendering options
     */
    public ResponsesStreamWriter(SseWriter sse, String responseId, long createdAt, String model,
                                 ResponsesWriterOptions options) {
        this.sse = sse;
        this.responseId = responseId;
        this.createdAt = createdAt;
        this.model = model;
        this.options = options;
    }

    /** A writer with a fresh {@code resp_} id, created now. */
    public static ResponsesStreamWriter create(SseWriter sse, String model, ResponsesWriterOptions options) {
        return new ResponsesStreamWriter(sse, WireIds.responseId(), Clock.systemUTC().instant().getEpochSecond(),
                model, options);
    }

    /** The {@code resp_...} id this stream shows. */
    public String responseId() {
        return responseId;
    }

    @Override
    public void write(StreamEvent event) throws IOException {
        if (terminated) {
            LOG.log(Level.FINE, "event after the terminal event ignored: {0}", event);
            return;
        }
        switch (event) {
            case StreamEvent.MessageStart s -> {
                usage = usage.merge(s.usage());
                ensureStarted();
            }
            case StreamEvent.BlockStart s -> startBlock(s);
            case StreamEvent.BlockDelta d -> delta(d);
            case StreamEvent.BlockStop s -> {
                if (open != null && open.blockIndex == s.index()) {
                    closeOpen();
                }
            }
            case StreamEvent.MessageDelta d -> {
                stopReason = d.stopReason();
                usage = usage.merge(d.usage());
            }
            case StreamEvent.MessageStop s -> complete();
            case StreamEvent.StreamError e -> fail(e.kind(), e.message());
        }
    }

    @Override
    public void heartbeat() throws IOException {
        sse.comment("keep-alive");
    }

    @Override
    public void finish() throws IOException {
        if (!terminated) {
            fail(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream ended prematurely");
        }
    }

    private void ensureStarted() throws IOException {
        if (started) {
            return;
        }
        started = true;
        JsonObject inProgress = responseObject(ResponsesStatus.IN_PROGRESS, null, null, false);
        emit("response.created", Jsons.objectBuilder().add("response", inProgress));
        emit("response.in_progress", Jsons.objectBuilder().add("response", inProgress));
    }

    private void startBlock(StreamEvent.BlockStart s) throws IOException {
        ensureStarted();
        if (open != null) {
            LOG.warning("block " + s.index() + " started while block " + open.blockIndex + " was open; closing it");
            closeOpen();
        }
        open = switch (s.block()) {
            case ContentBlock.Text t -> new OutputItem(s.index(), Kind.TEXT);
            case ContentBlock.Thinking t -> {
                OutputItem item = new OutputItem(s.index(), Kind.THINKING);
                item.signature = ThinkingSignatures.toClient(t.signature(), t.origin(), SignatureOrigin.OPENAI_FAMILY);
                yield item;
            }
            case ContentBlock.ToolUse u -> {
                OutputItem item = new OutputItem(s.index(), Kind.TOOL);
                item.callId = u.id();
                item.name = u.name();
                item.initialInput = u.input().isEmpty() ? null : u.input().toString();
                yield item;
            }
            default -> new OutputItem(s.index(), Kind.SKIPPED);
        };
        // Initial content in the start block is treated like a first delta.
        switch (s.block()) {
            case ContentBlock.Text t -> appendText(t.text());
            case ContentBlock.Thinking t -> appendThinking(t.thinking());
            case ContentBlock.ToolUse u -> openItem(open);
            default -> LOG.log(Level.FINE, "block type {0} has no Responses stream form; left out", s.block().type());
        }
    }

    private void delta(StreamEvent.BlockDelta d) throws IOException {
        if (open == null || open.blockIndex != d.index()) {
            LOG.warning("delta for block " + d.index() + " which is not the open block; ignored");
            return;
        }
        switch (d.delta()) {
            case Delta.TextDelta t when open.kind == Kind.TEXT -> appendText(t.text());
            case Delta.ThinkingDelta t when open.kind == Kind.THINKING -> appendThinking(t.thinking());
            case Delta.SignatureDelta sig when open.kind == Kind.THINKING -> open.signature =
                    ThinkingSignatures.toClient(sig.signature(), sig.origin(), SignatureOrigin.OPENAI_FAMILY);
            case Delta.InputJsonDelta j when open.kind == Kind.TOOL -> appendArguments(open, j.partialJson());
            case Delta.CitationsDelta c -> LOG.fine("citations have no Responses stream form; left out");
            default -> {
                if (open.kind != Kind.SKIPPED) {
                    LOG.warning("delta " + d.delta().getClass().getSimpleName() + " does not match block kind "
                            + open.kind + "; ignored");
                }
            }
        }
    }

    private void appendText(String text) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        OutputItem item = open;
        if (!item.opened) {
            openItem(item);
            emit("response.content_part.added", itemRef(item).add("content_index", 0)
                    .add("part", ResponsesObjects.outputText("")));
        }
        item.text.append(text);
        emit("response.output_text.delta", itemRef(item).add("content_index", 0).add("delta", text)
                .add("logprobs", JsonValue.EMPTY_JSON_ARRAY));
    }

    private void appendThinking(String text) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        OutputItem item = open;
        if (!item.opened) {
            openItem(item);
        }
        if (!item.summaryPartOpened) {
            item.summaryPartOpened = true;
            emit("response.reasoning_summary_part.added", itemRef(item).add("summary_index", 0)
                    .add("part", ResponsesObjects.summaryText("")));
        }
        item.text.append(text);
        emit("response.reasoning_summary_text.delta", itemRef(item).add("summary_index", 0).add("delta", text));
    }

    private void appendArguments(OutputItem item, String fragment) throws IOException {
        if (fragment.isEmpty()) {
            return;
        }
        item.arguments.append(fragment);
        emit("response.function_call_arguments.delta", itemRef(item).add("delta", fragment));
    }

    /** Assigns the item its output_index and id and announces it. */
    private void openItem(OutputItem item) throws IOException {
        item.opened = true;
        item.outputIndex = nextOutputIndex++;
        JsonObject added = switch (item.kind) {
            case TEXT -> {
                item.itemId = ResponsesObjects.newMessageId();
                yield ResponsesObjects.messageItem(item.itemId, null, ResponsesStatus.IN_PROGRESS);
            }
            case THINKING -> {
                item.itemId = ResponsesObjects.newReasoningId();
                yield ResponsesObjects.reasoningItem(item.itemId, "", null, false);
            }
            case TOOL -> {
                item.itemId = ResponsesObjects.newFunctionCallId();
                yield ResponsesObjects.functionCallItem(item.itemId, item.callId, item.name, "",
                        ResponsesStatus.IN_PROGRESS, options.namespaces());
            }
            case SKIPPED -> throw new IllegalStateException("skipped blocks have no output item");
        };
        emit("response.output_item.added", Jsons.objectBuilder().add("output_index", item.outputIndex)
                .add("item", added));
    }

    /** Ends the open block's item: its done events, then output_item.done with the final item. */
    private void closeOpen() throws IOException {
        OutputItem item = open;
        open = null;
        JsonObject done = switch (item.kind) {
            case TEXT -> closeText(item);
            case THINKING -> closeThinking(item);
            case TOOL -> closeTool(item);
            case SKIPPED -> null;
        };
        if (done != null) {
            finishedItems.add(done);
            emit("response.output_item.done", Jsons.objectBuilder().add("output_index", item.outputIndex)
                    .add("item", done));
        }
    }

    private JsonObject closeText(OutputItem item) throws IOException {
        if (!item.opened) {
            return null; // never got text: no item
        }
        String text = item.text.toString();
        emit("response.output_text.done", itemRef(item).add("content_index", 0).add("text", text)
                .add("logprobs", JsonValue.EMPTY_JSON_ARRAY));
        emit("response.content_part.done", itemRef(item).add("content_index", 0)
                .add("part", ResponsesObjects.outputText(text)));
        return ResponsesObjects.messageItem(item.itemId, text, ResponsesStatus.COMPLETED);
    }

    private JsonObject closeThinking(OutputItem item) throws IOException {
        if (!item.opened) {
            if (!ResponsesResponseWriter.hasReasoningToShow("", item.signature, options)) {
                return null;
            }
            openItem(item); // signature only: the client asked for encrypted content
        }
        String text = item.text.toString();
        if (item.summaryPartOpened) {
            emit("response.reasoning_summary_text.done", itemRef(item).add("summary_index", 0).add("text", text));
            emit("response.reasoning_summary_part.done", itemRef(item).add("summary_index", 0)
                    .add("part", ResponsesObjects.summaryText(text)));
        }
        return ResponsesObjects.reasoningItem(item.itemId, text, item.signature, options.includeEncryptedReasoning());
    }

    private JsonObject closeTool(OutputItem item) throws IOException {
        if (item.arguments.isEmpty() && item.initialInput != null) {
            // No fragment came: the input is the one the start carried. A call without any input gets its "{}" from
            // the grammar's owner (StreamBuilder, or StreamGuard for a plugin of its own), never here.
            appendArguments(item, item.initialInput);
        }
        String arguments = item.arguments.toString();
        ToolNamespaces.Entry declared = options.namespaces().original(item.name);
        emit("response.function_call_arguments.done", itemRef(item)
                .add("name", declared == null ? item.name : declared.name()).add("arguments", arguments));
        return ResponsesObjects.functionCallItem(item.itemId, item.callId, item.name, arguments,
                ResponsesStatus.COMPLETED, options.namespaces());
    }

    private void complete() throws IOException {
        ensureStarted();
        if (open != null) {
            closeOpen();
        }
        StopReason reason = stopReason == null ? StopReason.END_TURN : stopReason;
        String status = ResponsesStatus.statusOf(reason);
        JsonObject response = responseObject(status, ResponsesStatus.incompleteDetailsOf(reason), null, true);
        terminated = true;
        emit(ResponsesStatus.COMPLETED.equals(status) ? "response.completed" : "response.incomplete",
                Jsons.objectBuilder().add("response", response));
    }

    /** A failed stream: {@code error} then {@code response.failed}. A half-built item is not closed: it is not complete. */
    private void fail(ErrorKind kind, String message) throws IOException {
        ensureStarted();
        open = null;
        terminated = true;
        String code = ResponsesErrorCodes.codeOf(kind);
        emit("error", Jsons.objectBuilder().add("code", code).add("message", message)
                .add("param", JsonValue.NULL));
        JsonObject response = responseObject(ResponsesStatus.FAILED, null,
                ResponsesObjects.error(ResponsesErrorCodes.responseErrorCodeOf(kind), message), true);
        emit("response.failed", Jsons.objectBuilder().add("response", response));
    }

    private JsonObject responseObject(String status, JsonObject incompleteDetails, JsonObject error,
                                      boolean withUsage) {
        JsonArrayBuilder output = Jsons.arrayBuilder();
        finishedItems.forEach(output::add);
        return ResponsesObjects.response(responseId, createdAt, model, status, output.build(), incompleteDetails,
                error, withUsage ? usage : null, options);
    }

    private static JsonObjectBuilder itemRef(OutputItem item) {
        return Jsons.objectBuilder().add("item_id", item.itemId).add("output_index", item.outputIndex);
    }

    /** Writes one frame: {@code type} and {@code sequence_number} first, then the body. */
    private void emit(String type, JsonObjectBuilder body) throws IOException {
        JsonObject data = Jsons.objectBuilder()
                .add("type", type)
                .add("sequence_number", sequenceNumber++)
                .addAll(body)
                .build();
        sse.event(type, Jsons.write(data));
    }

    private enum Kind { TEXT, THINKING, TOOL, SKIPPED }

    /** Per-block state of the item being streamed. */
    private static final class OutputItem {
        final int blockIndex;
        final Kind kind;
        boolean opened;
        int outputIndex = -1;
        String itemId;
        final StringBuilder text = new StringBuilder();
        String signature = "";
        boolean summaryPartOpened;
        String callId;
        String name;
        String initialInput;
        final StringBuilder arguments = new StringBuilder();

        OutputItem(int blockIndex, Kind kind) {
            this.blockIndex = blockIndex;
            this.kind = kind;
        }
    }
}
