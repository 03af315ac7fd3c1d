package dev.switchboard.kernel.dialect.openai;

import dev.switchboard.kernel.dialect.ClientErrors;
import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.kernel.dialect.StreamEncoder;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.wire.WireIds;
import dev.switchboard.wire.openai.OpenAiFinishReasons;
import dev.switchboard.wire.openai.OpenAiUsage;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Canonical events → OpenAI {@code chat.completion.chunk} SSE for OpenAI Chat
 * clients. Every chunk repeats {@code id}, {@code object}, {@code created}, {@code model} and
 * {@code choices[{index:0, delta, logprobs:null, finish_reason}]}, which the strict SDK accumulators require.
 * Tool calls get dense indices from a counter (never the block index), a tool's arguments are the fragments it
 * got (or the input its start carried; the guarded stream always has one of them), thinking goes to {@code delta.reasoning_content} or nowhere (never into {@code content}), and
 * deltas without an OpenAI form (signatures, citations) produce no chunk at all.
 *
 * <p>One per response; not thread-safe (the kernel serialises {@link #write} and {@link #heartbeat}).
 */
public final class OpenAiChatStreamWriter implements StreamEncoder {
    private final SseWriter sse;
    private final String id;
    private final long created;
    private final String model;
    private final boolean includeUsage;
    private final boolean emitReasoning;

    /** Block index → tool call index, for open and finished tool blocks. */
    private final Map<Integer, Integer> toolIndexByBlock = new HashMap<>();
    /** Tool blocks that received at least one argument fragment. */
    private final Set<Integer> toolsWithArgs = new HashSet<>();
    /** Input carried by a tool block's start (normally empty), sent at its stop if no fragment came. */
    private final Map<Integer, JsonObject> startInputs = new HashMap<>();
    private int nextTool;
    private boolean roleSent;
    private boolean finishSent;
    private boolean ended;
    private Usage usage = Usage.ZERO;

    /**
     * A writer with a fresh {@code chatcmpl-} id created now.
     *
     * @param out           the response body (each frame is flushed)
     * @param model         the model name the client asked for
     * @param includeUsage  the client sent {@code stream_options.include_usage:true}
     * @param emitReasoning render thinking as {@code delta.reasoning_content} (else omitted)
     */
    public OpenAiChatStreamWriter(OutputStream out, String model, boolean includeUsage, boolean emitReasoning) {
        this(new SseWriter(out), WireIds.chatCompletionId(), Instant.now().getEpochSecond(), model, includeUsage,
                emitReasoning);
    }

    public OpenAiChatStreamWriter(SseWriter sse, String id, long created, String model, boolean includeUsage,
                                  boolean emitReasoning) {
        this.sse = sse;
        this.id = id;
        this.created = created;
        this.model = model;
        this.includeUsage = includeUsage;
        this.emitReasoning = emitReasoning;
    }

    @Override
    public void write(StreamEvent event) throws IOException {
        if (ended) {
            return;
        }
        switch (event) {
            case StreamEvent.MessageStart s -> {
                usage = usage.merge(s.usage());
                ensureRole();
            }
            case StreamEvent.BlockStart s -> {
                if (s.block() instanceof ContentBlock.ToolUse u) {
                    int t = nextTool++;
                    toolIndexByBlock.put(s.index(), t);
                    startInputs.put(s.index(), u.input());
                    ensureRole();
                    delta(toolCall(t).add("id", u.id()).add("type", "function")
                            .add("function", Jsons.objectBuilder().add("name", u.name()).add("arguments", "")));
                }
                // text, thinking and redacted thinking starts have no chunk of their own
            }
            case StreamEvent.BlockDelta d -> delta(d);
            case StreamEvent.BlockStop s -> {
                Integer t = toolIndexByBlock.get(s.index());
                JsonObject startInput = startInputs.get(s.index());
                if (t != null && !startInput.isEmpty() && toolsWithArgs.add(s.index())) {
                    // No fragment came: the input is the one the start carried. A call without any input gets its
                    // "{}" from the grammar's owner (StreamBuilder, or StreamGuard for a plugin of its own), never here.
                    delta(toolCall(t).add("function", Jsons.objectBuilder().add("arguments", startInput.toString())));
                }
            }
            case StreamEvent.MessageDelta d -> {
                usage = usage.merge(d.usage());
                sendFinish(d.stopReason());
            }
            case StreamEvent.MessageStop s -> {
                if (!finishSent) {
                    sendFinish(StopReason.END_TURN);
                }
                end();
            }
            case StreamEvent.StreamError e -> error(e.kind(), e.message());
        }
    }

    private void delta(StreamEvent.BlockDelta d) throws IOException {
        switch (d.delta()) {
            case Delta.TextDelta t -> {
                if (!t.text().isEmpty()) {
                    ensureRole();
                    textChunk("content", t.text());
                }
            }
            case Delta.ThinkingDelta t -> {
                if (emitReasoning && !t.thinking().isEmpty()) {
                    ensureRole();
                    textChunk("reasoning_content", t.thinking());
                }
            }
            case Delta.InputJsonDelta j -> {
                Integer t = toolIndexByBlock.get(d.index());
                if (t != null && !j.partialJson().isEmpty()) {
                    toolsWithArgs.add(d.index());
                    delta(toolCall(t).add("function", Jsons.objectBuilder().add("arguments", j.partialJson())));
                }
            }
            case Delta.SignatureDelta s -> {
                // no OpenAI form; an empty delta chunk would only confuse clients
            }
            case Delta.CitationsDelta c -> {
                // no OpenAI form
            }
        }
    }

    @Override
    public void heartbeat() throws IOException {
        if (!ended) {
            sse.comment("keep-alive");
        }
    }

    @Override
    public void finish() throws IOException {
        if (ended) {
            return;
        }
        if (finishSent) {
            end(); // the upstream finished but its stop event was lost: still a normal ending
        } else {
            error(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream ended prematurely");
        }
    }

    private void sendFinish(StopReason stop) throws IOException {
        if (finishSent) {
            return;
        }
        ensureRole();
        finishSent = true;
        chunk(JsonValue.EMPTY_JSON_OBJECT, OpenAiFinishReasons.toFinishReason(stop, nextTool > 0));
    }

    private void end() throws IOException {
        ended = true;
        if (includeUsage) {
            sse.data(Jsons.write(envelope().add("choices", JsonValue.EMPTY_JSON_ARRAY)
                    .add("usage", OpenAiUsage.toOpenAi(usage)).build()));
        }
        sse.data("[DONE]");
    }

    /** A stream that fails: an error chunk (SDKs throw on a truthy {@code error}), then {@code [DONE]}. */
    private void error(ErrorKind kind, String message) throws IOException {
        ended = true;
        sse.data(ClientErrors.openAiBody(kind, message, null).toString());
        sse.data("[DONE]");
    }

    private void ensureRole() throws IOException {
        if (!roleSent) {
            roleSent = true;
            chunk(Jsons.objectBuilder().add("role", "assistant").add("content", "").build(), null);
        }
    }

    private static JsonObjectBuilder toolCall(int index) {
        return Jsons.objectBuilder().add("index", index);
    }

    private void delta(JsonObjectBuilder toolCall) throws IOException {
        JsonArrayBuilder calls = Jsons.arrayBuilder().add(toolCall);
        chunk(Jsons.objectBuilder().add("tool_calls", calls).build(), null);
    }

    private void chunk(JsonObject delta, String finishReason) throws IOException {
        JsonObjectBuilder choice = Jsons.objectBuilder().add("index", 0).add("delta", delta)
                .add("logprobs", JsonValue.NULL)
                .add("finish_reason", finishReason == null ? JsonValue.NULL : Jsons.value(finishReason));
        sse.data(Jsons.write(envelope().add("choices", Jsons.arrayBuilder().add(choice)).build()));
    }

    /**
     * A chunk whose delta is one string field, written without a JSON tree: these are most of a stream's chunks.
     * The same bytes as {@link #chunk} would write.
     */
    private void textChunk(String field, String value) throws IOException {
        StringBuilder f = sse.begin(null, value.length() + id.length() + model.length() + 128);
        Jsons.quote(f.append("{\"id\":"), id).append(",\"object\":\"chat.completion.chunk\",\"created\":")
                .append(created).append(",\"model\":");
        Jsons.quote(f, model).append(",\"choices\":[{\"index\":0,\"delta\":{\"").append(field).append("\":");
        Jsons.quote(f, value).append("},\"logprobs\":null,\"finish_reason\":null}]}");
        sse.end(f);
    }

    private JsonObjectBuilder envelope() {
        return Jsons.objectBuilder().add("id", id).add("object", "chat.completion.chunk").add("created", created)
                .add("model", model);
    }
}
