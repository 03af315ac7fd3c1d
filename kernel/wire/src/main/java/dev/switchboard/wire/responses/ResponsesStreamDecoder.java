package dev.switchboard.wire.responses;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.StreamBuilder;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.wire.WireIds;
import dev.switchboard.wire.sse.SseEvent;
import dev.switchboard.wire.sse.SseReader;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Responses upstream's SSE stream → canonical events.
 *
 * <ul>
 * <li>The event type comes from {@code event:}, else from the data's {@code type}; bytes go through the SPI
 *     {@link SseReader}, so any read boundary, CRLF, and UTF-8 split across reads give the same events.</li>
 * <li>Items are keyed by {@code item_id}, else {@code output_index}; a new {@code output_item.added} is always
 *     a new item, so parallel calls that share an index are never merged.</li>
 * <li>Message text → text blocks, opened at the first non-empty delta (no empty blocks); reasoning summary
 *     (or reasoning text) → thinking blocks, summary parts joined with a blank line, signature =
 *     {@code encrypted_content} or {@code ""}.</li>
 * <li>Function calls → {@code tool_use} blocks ({@code id = call_id}) whose argument deltas are streamed while
 *     the call is the open block. A call that starts while another call is still streaming waits and is
 *     emitted when the first one is done; arguments sent only in {@code function_call_arguments.done} or
 *     in the finished item are used (some servers, LM Studio among them, send them only there); a call that
 *     never got arguments gets {@code "{}"} from the
 *     {@link StreamBuilder}, which owns the grammar.</li>
 * <li>The terminal response's {@code output} fills in whatever the stream did not carry (servers that send
 *     only the final response). Usage comes from it: {@code read = cached_tokens},
 *     {@code input = input_tokens − read}.</li>
 * <li>{@code response.completed}/{@code response.done} → {@code end_turn} ({@code tool_use} when a call was
 *     produced), {@code response.incomplete} → {@code max_tokens} (or {@code refusal} for a content filter),
 *     then {@code message_stop}; {@code response.failed} and {@code error} events → {@link StreamEvent.StreamError}
 *     mapped by their code; EOF without a terminal event, data that is not JSON and an event over the SSE reader's bound
 *     → {@link ErrorKind#UPSTREAM_BAD_RESPONSE}. Every stream
 *     starts with one {@code MessageStart} and ends exactly once.</li>
 * </ul>
 *
 * <p>One per upstream attempt; keeps its state in fields; not thread-safe.
 */
public final class ResponsesStreamDecoder implements ResponseDecoder {
    private static final Logger LOG = Logger.getLogger(ResponsesStreamDecoder.class.getName());

    private final SseReader sse = new SseReader();
    private final String requestedModel;
    private final SignatureOrigin origin;

    /** Owns the grammar: one start, block indices, a call's {@code {}} when it got no arguments, the stop reason. */
    private final StreamBuilder builder = new StreamBuilder();
    private final Map<String, Item> itemsById = new HashMap<>();
    private final Map<Long, Item> itemsByOutputIndex = new HashMap<>();
    /** Calls that started while another call was streaming, in first-seen order. */
    private final List<Item> waitingCalls = new ArrayList<>();
    /** The item whose canonical block is open, or null. */
    private Item open;
    private boolean sawToolUse;
    private boolean refusal;

    /** @param requestedModel the upstream model asked for; used in {@code MessageStart} if the upstream names none */
    public ResponsesStreamDecoder(String requestedModel) {
        this(requestedModel, SignatureOrigin.OPENAI);
    }

    /**
     * @param requestedModel the upstream model asked for
     * @param origin         who issued this upstream's {@code encrypted_content} (OpenAI's own API: {@link SignatureOrigin#OPENAI})
     */
    public ResponsesStreamDecoder(String requestedModel, SignatureOrigin origin) {
        this.requestedModel = requestedModel;
        this.origin = java.util.Objects.requireNonNull(origin, "origin");
    }

    public ResponsesStreamDecoder() {
        this(null);
    }

    @Override
    public List<StreamEvent> onBytes(byte[] chunk, int offset, int length) {
        for (SseEvent e : sse.feed(chunk, offset, length)) {
            handle(e);
        }
        failIfUnbounded();
        return builder.drain();
    }

    @Override
    public List<StreamEvent> onEnd() {
        for (SseEvent e : sse.finish()) {
            handle(e);
        }
        failIfUnbounded();
        if (!builder.ended()) {
            fail(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream ended prematurely", null);
        }
        return builder.drain();
    }

    @Override
    public ChatResponse decodeUnary(byte[] body) throws GatewayException {
        JsonObject json;
        try {
            json = Jsons.parseObject(body);
        } catch (JsonException e) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE,
                    "upstream sent an unreadable Responses body: " + e.getMessage(), e);
        }
        JsonObject wrapped = Jsons.obj(json, "response");
        if (!json.containsKey("output") && wrapped != null) {
            json = wrapped; // the terminal event's data instead of the bare object
        }
        return ResponsesResponseReader.read(json, origin);
    }

    private void handle(SseEvent e) {
        if (builder.ended()) {
            return;
        }
        String data = e.data();
        if (data.isBlank() || data.equals("[DONE]")) {
            return; // keep-alive frames and a proxy's trailing sentinel carry nothing
        }
        JsonObject json = Jsons.tryParseObject(data).orElse(null);
        if (json == null) {
            LOG.warning("unreadable Responses stream frame (" + data.length() + " chars) ends the stream");
            fail(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream sent unreadable stream data", null);
            return;
        }
        String event = e.event();
        String type = event != null && (event.startsWith("response.") || event.equals("error"))
                ? event : Jsons.str(json, "type", event == null ? "" : event);
        dispatch(type, json);
    }

    private void dispatch(String type, JsonObject json) {
        JsonObject response = Jsons.obj(json, "response");
        start(response);
        switch (type) {
            case "response.created", "response.in_progress", "response.queued" -> {
                // start() did what there is to do
            }
            case "response.output_item.added" -> itemAdded(Jsons.obj(json, "item"), Jsons.lng(json, "output_index"));
            case "response.output_item.done" -> itemSnapshot(Jsons.obj(json, "item"), Jsons.lng(json, "output_index"));
            case "response.output_text.delta" -> textDelta(at(json, Kind.MESSAGE), part(json, "content_index"),
                    Jsons.str(json, "delta", ""));
            case "response.refusal.delta" -> {
                refusal = true;
                textDelta(at(json, Kind.MESSAGE), part(json, "content_index"), Jsons.str(json, "delta", ""));
            }
            case "response.output_text.done" -> textDone(at(json, Kind.MESSAGE), part(json, "content_index"),
                    Jsons.str(json, "text", ""));
            case "response.refusal.done" -> {
                refusal = true;
                textDone(at(json, Kind.MESSAGE), part(json, "content_index"), Jsons.str(json, "refusal", ""));
            }
            case "response.reasoning_summary_text.delta" -> reasoningDelta(at(json, Kind.REASONING),
                    part(json, "summary_index"), Jsons.str(json, "delta", ""));
            case "response.reasoning_text.delta" -> reasoningDelta(at(json, Kind.REASONING),
                    part(json, "content_index"), Jsons.str(json, "delta", ""));
            case "response.reasoning_summary_text.done" -> reasoningDone(at(json, Kind.REASONING),
                    part(json, "summary_index"), Jsons.str(json, "text", ""));
            case "response.reasoning_text.done" -> reasoningDone(at(json, Kind.REASONING),
                    part(json, "content_index"), Jsons.str(json, "text", ""));
            case "response.function_call_arguments.delta" -> argumentsDelta(at(json, Kind.FUNCTION_CALL),
                    Jsons.str(json, "delta", ""));
            case "response.function_call_arguments.done" -> argumentsDone(at(json, Kind.FUNCTION_CALL), json);
            case "response.completed", "response.done", "response.incomplete" -> terminal(type, response);
            case "response.failed" -> failed(Jsons.obj(response, "error"));
            case "error" -> errorEvent(json);
            default -> LOG.log(Level.FINEST, "Responses stream event {0} ignored", type);
        }
    }

    /** The SSE reader gave up on an oversized event: the stream is broken, not merely quiet. */
    private void failIfUnbounded() {
        if (!builder.ended() && sse.failure() != null) {
            fail(ErrorKind.UPSTREAM_BAD_RESPONSE, sse.failure(), null);
        }
    }

    // ---- message start and end ----

    private void start(JsonObject response) {
        if (!builder.started()) {
            builder.start(Jsons.str(response, "id", WireIds.messageId()), Jsons.str(response, "model", requestedModel),
                    Usage.ZERO);
        }
    }

    private void terminal(String type, JsonObject response) {
        String status = Jsons.str(response, "status");
        if (ResponsesStatus.FAILED.equals(status)) {
            failed(Jsons.obj(response, "error"));
            return;
        }
        JsonArray output = Jsons.arr(response, "output");
        if (output != null) {
            for (int k = 0; k < output.size(); k++) {
                if (output.get(k).getValueType() == JsonValue.ValueType.OBJECT) {
                    itemSnapshot(output.getJsonObject(k), (long) k);
                }
            }
        }
        closeOpen();
        promoteWaitingCalls(true);
        boolean incomplete = type.equals("response.incomplete") || ResponsesStatus.INCOMPLETE.equals(status);
        String reason = Jsons.str(Jsons.obj(response, "incomplete_details"), "reason");
        StopReason stop = ResponsesStatus.stopReasonOf(incomplete ? ResponsesStatus.INCOMPLETE : ResponsesStatus.COMPLETED,
                reason, sawToolUse, refusal);
        Usage usage = ResponsesResponseReader.parseUsage(Jsons.obj(response, "usage"));
        builder.finish(stop, usage == null ? Usage.ZERO : usage);
    }

    private void failed(JsonObject error) {
        fail(null, Jsons.str(error, "message", "upstream response failed"),
                Jsons.str(error, "code", Jsons.str(error, "type")));
    }

    /** An {@code error} event: {@code {code, message}} flat, or nested under {@code error} (both forms are seen). */
    private void errorEvent(JsonObject json) {
        JsonObject nested = Jsons.obj(json, "error");
        String code = Jsons.str(json, "code", Jsons.str(nested, "code", Jsons.str(nested, "type")));
        String message = Jsons.str(json, "message", Jsons.str(nested, "message", "upstream stream error"));
        fail(null, message, code);
    }

    /** Stops the open block, then the error as the last event, as the stream grammar requires. */
    private void fail(ErrorKind kind, String message, String code) {
        start(null);
        closeOpen();
        builder.error(kind != null ? kind : ResponsesErrors.kindOf(code), message);
    }

    // ---- items ----

    private enum Kind { MESSAGE, REASONING, FUNCTION_CALL, OTHER }

    private enum State { NEW, OPEN, WAITING, CLOSED }

    /** What is known about one upstream output item. */
    private static final class Item {
        final Kind kind;
        String id;
        State state = State.NEW;
        /** The upstream finished the item (its done event or the terminal response). */
        boolean done;
        /** Some of its content reached a canonical block. */
        boolean emitted;
        /** Content/summary indexes that produced deltas (their .done events then add nothing). */
        final Set<Long> streamedParts = new HashSet<>();
        Long lastPart;
        String encryptedContent;
        String callId;
        String name;
        final StringBuilder arguments = new StringBuilder();
        boolean argumentsStreamed;

        Item(Kind kind) {
            this.kind = kind;
        }
    }

    private static Kind kindOf(String itemType) {
        return switch (itemType == null ? "" : itemType) {
            case "message" -> Kind.MESSAGE;
            case "reasoning" -> Kind.REASONING;
            case "function_call" -> Kind.FUNCTION_CALL;
            default -> Kind.OTHER;
        };
    }

    private static Long part(JsonObject json, String key) {
        Long v = Jsons.lng(json, key);
        return v == null ? 0L : v;
    }

    /** The item a delta or done event refers to. */
    private Item at(JsonObject json, Kind kind) {
        return resolve(Jsons.str(json, "item_id"), Jsons.lng(json, "output_index"), kind, false);
    }

    /**
     * Finds or creates an item: by id first, else by output_index when that item has the same kind and no
     * conflicting id. {@code fresh} (an {@code output_item.added}) only reuses an item with the same id.
     */
    private Item resolve(String itemId, Long outputIndex, Kind kind, boolean fresh) {
        Item it = itemId == null ? null : itemsById.get(itemId);
        if (it == null && !fresh && outputIndex != null) {
            Item byIndex = itemsByOutputIndex.get(outputIndex);
            if (byIndex != null && byIndex.kind == kind && (itemId == null || byIndex.id == null)) {
                it = byIndex;
            }
        }
        if (it == null) {
            it = new Item(kind);
        }
        if (itemId != null && it.id == null) {
            it.id = itemId;
        }
        if (it.id != null) {
            itemsById.put(it.id, it);
        }
        if (outputIndex != null) {
            itemsByOutputIndex.put(outputIndex, it);
        }
        return it;
    }

    private void itemAdded(JsonObject item, Long outputIndex) {
        Kind kind = kindOf(Jsons.str(item, "type"));
        if (item == null || kind == Kind.OTHER) {
            LOG.log(Level.FINE, "Responses output item {0} has no canonical form; ignored", Jsons.str(item, "type"));
            return;
        }
        Item it = resolve(Jsons.str(item, "id"), outputIndex, kind, true);
        switch (kind) {
            case REASONING -> it.encryptedContent = Jsons.str(item, "encrypted_content", it.encryptedContent);
            case FUNCTION_CALL -> {
                takeCallFields(it, item);
                callSeen(it);
            }
            default -> {
                // a message opens with its first text
            }
        }
    }

    /**
     * A finished item ({@code output_item.done}, or an item of the terminal response): fills in what the
     * deltas did not carry, then finishes it.
     */
    private void itemSnapshot(JsonObject item, Long outputIndex) {
        Kind kind = kindOf(Jsons.str(item, "type"));
        if (item == null || kind == Kind.OTHER) {
            return;
        }
        Item it = resolve(Jsons.str(item, "id"), outputIndex, kind, false);
        if (it.done && it.state == State.CLOSED) {
            return;
        }
        switch (kind) {
            case MESSAGE -> {
                if (!it.emitted) {
                    ResponsesResponseReader.MessageText m = ResponsesResponseReader.messageText(item);
                    refusal |= m.refusal();
                    textDelta(it, 0L, m.text());
                }
            }
            case REASONING -> {
                it.encryptedContent = Jsons.str(item, "encrypted_content", it.encryptedContent);
                ContentBlock.Thinking t = it.emitted ? null : ResponsesResponseReader.thinking(item, origin);
                if (t != null && !t.thinking().isEmpty()) {
                    reasoningDelta(it, 0L, t.thinking());
                } else if (t != null) {
                    openBlock(it, new ContentBlock.Thinking("", "")); // encrypted content only
                    it.emitted = true;
                }
            }
            case FUNCTION_CALL -> {
                takeCallFields(it, item);
                callSeen(it);
            }
            default -> throw new IllegalStateException("unreachable: " + kind);
        }
        finish(it);
    }

    /** The upstream is done with the item: close its block, and let waiting calls go. */
    private void finish(Item it) {
        it.done = true;
        if (open == it) {
            closeOpen();
        }
        promoteWaitingCalls(false);
    }

    // ---- text and reasoning ----

    private void textDelta(Item it, Long part, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (open != it) {
            openBlock(it, new ContentBlock.Text(""));
        }
        it.emitted = true;
        it.streamedParts.add(part);
        builder.text(it, text);
    }

    /** Text sent only in a done event (no deltas for that part) still reaches the client. */
    private void textDone(Item it, Long part, String text) {
        if (!it.streamedParts.contains(part)) {
            textDelta(it, part, text);
        }
    }

    private void reasoningDelta(Item it, Long part, String text) {
        if (text.isEmpty()) {
            return;
        }
        if (open != it) {
            openBlock(it, new ContentBlock.Thinking("", ""));
        }
        if (it.lastPart != null && !it.lastPart.equals(part)) {
            text = "\n\n" + text; // summary parts are paragraphs
        }
        it.lastPart = part;
        it.emitted = true;
        it.streamedParts.add(part);
        builder.thinking(it, text);
    }

    private void reasoningDone(Item it, Long part, String text) {
        if (!it.streamedParts.contains(part)) {
            reasoningDelta(it, part, text);
        }
    }

    // ---- function calls ----

    private static void takeCallFields(Item it, JsonObject item) {
        if (it.callId == null) {
            it.callId = Jsons.str(item, "call_id");
        }
        if (it.name == null) {
            it.name = Jsons.str(item, "name");
        }
        String args = Jsons.str(item, "arguments", "");
        if (it.arguments.isEmpty() && !args.isEmpty()) {
            it.arguments.append(args); // complete arguments in the item itself
        }
    }

    /** A call became known: stream it now, or wait while another call is still streaming. */
    private void callSeen(Item it) {
        if (it.state != State.NEW) {
            return;
        }
        if ((open != null && open.kind == Kind.FUNCTION_CALL && !open.done) || it.name == null) {
            it.state = State.WAITING;
            waitingCalls.add(it);
            return;
        }
        openCall(it, false);
    }

    /** @param complete all arguments are in: send them repaired as one fragment */
    private void openCall(Item it, boolean complete) {
        String id = WireIds.sanitizeToolId(it.callId != null ? it.callId : it.id, "call_");
        openBlock(it, new ContentBlock.ToolUse(id, it.name, JsonValue.EMPTY_JSON_OBJECT));
        sawToolUse = true;
        it.emitted = true;
        if (!it.arguments.isEmpty()) {
            builder.toolInput(it, complete ? repaired(it) : it.arguments.toString());
            it.argumentsStreamed = true;
        }
    }

    private void argumentsDelta(Item it, String fragment) {
        if (fragment.isEmpty()) {
            return;
        }
        it.arguments.append(fragment);
        if (open == it) {
            builder.toolInput(it, fragment);
            it.argumentsStreamed = true;
        } else if (it.state == State.NEW) {
            callSeen(it); // no output_item.added came first
        } else if (it.state == State.CLOSED) {
            LOG.warning("function call arguments arrived after the call's block was closed; dropped");
        }
    }

    /** Servers such as LM Studio send a call's arguments only here, never as deltas. */
    private void argumentsDone(Item it, JsonObject json) {
        if (it.name == null) {
            it.name = Jsons.str(json, "name");
        }
        String args = Jsons.str(json, "arguments", "");
        if (it.arguments.isEmpty() && !args.isEmpty()) {
            it.arguments.append(args);
            if (open == it) {
                builder.toolInput(it, args);
                it.argumentsStreamed = true;
            }
        }
        if (it.state == State.NEW) {
            callSeen(it);
        }
        finish(it);
    }

    /** Starts waiting calls when no block is open; at the end every named call goes out. */
    private void promoteWaitingCalls(boolean terminal) {
        while (open == null && !waitingCalls.isEmpty()) {
            Item head = waitingCalls.get(0);
            if (head.name == null) {
                if (!terminal && !head.done) {
                    return; // its name may still come
                }
                waitingCalls.remove(0);
                LOG.warning("Responses function call without a name dropped");
                continue;
            }
            waitingCalls.remove(0);
            head.state = State.NEW;
            boolean complete = head.done || terminal;
            openCall(head, complete);
            if (complete) {
                closeOpen();
            }
        }
    }

    /** Complete arguments of a finished call, repaired if needed (kept as {@code _raw} if hopeless). */
    private static String repaired(Item it) {
        return ResponsesResponseReader.argumentsObject(it.arguments.toString(), it.name).toString();
    }

    // ---- blocks ----

    private void openBlock(Item it, ContentBlock startBlock) {
        closeOpen();
        it.state = State.OPEN;
        open = it;
        builder.open(it, startBlock);
    }

    /**
     * Stops the open block. Thinking gets its signature first (the builder makes a missing one empty); a call whose
     * arguments were never streamed gets them now (they may have come only in the finished item), and one that
     * never got any gets {@code {}} from the builder.
     */
    private void closeOpen() {
        Item it = open;
        if (it == null) {
            return;
        }
        open = null;
        if (it.kind == Kind.REASONING) {
            builder.signature(it.encryptedContent, origin);
        } else if (it.kind == Kind.FUNCTION_CALL && !it.argumentsStreamed) {
            if (!it.arguments.toString().isBlank()) {
                builder.toolInput(it, repaired(it));
            }
            it.argumentsStreamed = true;
        }
        builder.close(it);
        it.state = State.CLOSED;
    }
}
