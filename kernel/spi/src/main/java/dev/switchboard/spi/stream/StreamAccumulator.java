package dev.switchboard.spi.stream;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.json.ToolInput;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Folds a canonical event stream into a {@link ChatResponse}: used for unary clients of streaming
 * upstreams, for usage records, and by tests (stream ≡ fold(stream) ≡ unary). One per stream; not
 * thread-safe.
 */
public final class StreamAccumulator {
    private String id;
    private String model;
    /** Null until the stream reports usage: starting from {@link Usage#ZERO} would label estimates "upstream". */
    private Usage usage;
    private final Map<Integer, BlockState> blocks = new TreeMap<>();
    private StopReason stopReason;
    private String stopSequence;
    private boolean stopped;
    private StreamEvent.StreamError error;

    /** Accumulates one event. */
    public void accept(StreamEvent event) {
        switch (event) {
            case StreamEvent.MessageStart s -> {
                id = s.id();
                model = s.model();
                usage = usage == null ? s.usage() : usage.merge(s.usage());
            }
            case StreamEvent.BlockStart s -> blocks.put(s.index(), new BlockState(s.block()));
            case StreamEvent.BlockDelta d -> {
                BlockState b = blocks.get(d.index());
                if (b != null) {
                    b.apply(d.delta());
                }
            }
            case StreamEvent.BlockStop s -> {
                // Nothing to do: the block's content is complete.
            }
            case StreamEvent.MessageDelta d -> {
                stopReason = d.stopReason();
                stopSequence = d.stopSequence();
                usage = usage == null ? d.usage() : usage.merge(d.usage());
            }
            case StreamEvent.MessageStop s -> stopped = true;
            case StreamEvent.StreamError e -> error = e;
        }
    }

    public void acceptAll(List<StreamEvent> events) {
        for (StreamEvent e : events) {
            accept(e);
        }
    }

    /** Usage seen so far (for records of failed or aborted streams). */
    public Usage usage() {
        return usage == null ? Usage.ZERO : usage;
    }

    /** True once a {@link StreamEvent.MessageStop} arrived. */
    public boolean complete() {
        return stopped;
    }

    /** The error event, if the stream ended with one. */
    public StreamEvent.StreamError error() {
        return error;
    }

    /** Blocks built so far, in index order, empty text blocks omitted. */
    public List<ContentBlock> content() {
        List<ContentBlock> out = new ArrayList<>(blocks.size());
        for (BlockState b : blocks.values()) {
            ContentBlock c = b.build();
            if (c instanceof ContentBlock.Text t && t.text().isEmpty()) {
                continue;
            }
            out.add(c);
        }
        return out;
    }

    /**
     * The folded response.
     *
     * @throws GatewayException the stream's own error, or {@link ErrorKind#UPSTREAM_BAD_RESPONSE} when it
     *                          ended without {@code MessageStop}
     */
    public ChatResponse toResponse() throws GatewayException {
        if (error != null) {
            throw new GatewayException(error.kind(), error.message());
        }
        if (!stopped) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream stream ended prematurely");
        }
        return new ChatResponse(id, model, content(), stopReason, stopSequence, usage());
    }

    /** Mutable per-block state. */
    private static final class BlockState {
        private final ContentBlock start;
        private final StringBuilder text = new StringBuilder();
        private final StringBuilder json = new StringBuilder();
        private String signature;
        private dev.switchboard.spi.model.SignatureOrigin origin;
        private final List<JsonObject> citations = new ArrayList<>();

        BlockState(ContentBlock start) {
            this.start = start;
            if (start instanceof ContentBlock.Text t) {
                text.append(t.text());
            } else if (start instanceof ContentBlock.Thinking t) {
                text.append(t.thinking());
                signature = t.signature();
            }
        }

        void apply(Delta d) {
            switch (d) {
                case Delta.TextDelta t -> text.append(t.text());
                case Delta.ThinkingDelta t -> text.append(t.thinking());
                case Delta.InputJsonDelta j -> json.append(j.partialJson());
                case Delta.SignatureDelta s -> {
                    signature = s.signature();
                    origin = s.origin();
                }
                case Delta.CitationsDelta c -> citations.add(c.citation());
            }
        }

        ContentBlock build() {
            return switch (start) {
                case ContentBlock.Text t -> new ContentBlock.Text(text.toString(), t.cacheControl(), citations(t));
                case ContentBlock.Thinking t -> new ContentBlock.Thinking(text.toString(), signature,
                        origin != null ? origin : t.origin());
                case ContentBlock.ToolUse u -> new ContentBlock.ToolUse(u.id(), u.name(), parseInput(u), u.cacheControl());
                default -> start;
            };
        }

        /** The start block's citations followed by those that arrived as deltas; null when there are none. */
        private JsonArray citations(ContentBlock.Text t) {
            if (citations.isEmpty()) {
                return t.citations();
            }
            JsonArrayBuilder b = t.citations() == null ? Jsons.arrayBuilder() : Jsons.arrayBuilder(t.citations());
            citations.forEach(b::add);
            return b.build();
        }

        /**
         * The streamed fragments by the one tool-argument policy ({@link ToolInput}): broken input is repaired or
         * kept as {@code _raw}, never folded to {@code {}}, so the fold of a stream keeps what the unary reader of the
         * same answer keeps.
         */
        private JsonObject parseInput(ContentBlock.ToolUse u) {
            if (json.isEmpty()) {
                return u.input();
            }
            return ToolInput.parse(json.toString(), u.name());
        }
    }
}
