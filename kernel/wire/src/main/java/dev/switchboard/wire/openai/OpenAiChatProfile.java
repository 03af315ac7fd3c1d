package dev.switchboard.wire.openai;

import java.util.Objects;

/**
 * What one OpenAI-compatible backend accepts and how it streams, read by the request writer and the stream
 * decoder. The openai-compat plugin builds it from its YAML; {@link #standard()} is the conservative
 * default (what the OpenAI API itself accepts, minus reasoning, which only reasoning models take).
 * Immutable and thread-safe.
 *
 * @param supportsStreamOptions     send {@code stream_options:{include_usage:true}} with {@code stream:true}
 * @param maxTokensField            which field carries the output cap
 * @param supportsReasoningEffort   send {@code reasoning_effort} derived from thinking/effort
 * @param allowsXhighEffort         {@code xhigh} is accepted (else {@code xhigh}/{@code max} become {@code high})
 * @param allowsMinimalEffort       {@code minimal} is accepted (budgets under 1024, effort {@code minimal})
 * @param reasoningEffortOff        value sent when thinking is explicitly disabled ({@code none}), or null to omit
 * @param supportsTopK              send {@code top_k}
 * @param supportsParallelToolCalls send {@code parallel_tool_calls:false}
 * @param supportsImages            send images (else a text placeholder replaces them)
 * @param supportsCacheControl      keep {@code cache_control} on content parts (else stripped)
 * @param acceptsArraySystemContent the system message may be an array of text parts
 * @param replayReasoning           how assistant thinking in the history is sent back
 * @param reasoningOutputField      the delta/message field the backend streams reasoning in
 * @param maxStopSequences          how many stop sequences the backend takes
 * @param systemAnywhere            {@code role:"system"} may appear mid-conversation (else it becomes a system reminder)
 * @param toolStreaming             how the decoder streams tool calls (eagerly or buffered whole)
 * @param lenientEof                EOF without a finish reason or {@code [DONE]} ends normally instead of failing
 */
public record OpenAiChatProfile(boolean supportsStreamOptions, MaxTokensField maxTokensField,
                                boolean supportsReasoningEffort, boolean allowsXhighEffort,
                                boolean allowsMinimalEffort, String reasoningEffortOff, boolean supportsTopK,
                                boolean supportsParallelToolCalls, boolean supportsImages,
                                boolean supportsCacheControl, boolean acceptsArraySystemContent,
                                ReasoningReplay replayReasoning, String reasoningOutputField, int maxStopSequences,
                                boolean systemAnywhere, ToolStreaming toolStreaming, boolean lenientEof) {

    /** The request field for the output cap. */
    public enum MaxTokensField {
        MAX_TOKENS("max_tokens"), MAX_COMPLETION_TOKENS("max_completion_tokens");

        private final String wire;

        MaxTokensField(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /** How assistant thinking from the history is sent back upstream. */
    public enum ReasoningReplay {
        /** Dropped (most backends). */
        NONE,
        /** As the assistant message's {@code reasoning_content} (DeepSeek-style: "Missing reasoning_content"). */
        REASONING_CONTENT
    }

    /** How streamed tool calls become canonical tool blocks. */
    public enum ToolStreaming {
        /** Collect each call and emit it whole at the finish: correct under interleaving (the default). */
        BUFFERED,
        /** Stream arguments as they arrive: only for backends known to send calls one after another. */
        EAGER
    }

    public OpenAiChatProfile {
        Objects.requireNonNull(maxTokensField, "maxTokensField");
        Objects.requireNonNull(replayReasoning, "replayReasoning");
        Objects.requireNonNull(toolStreaming, "toolStreaming");
        reasoningOutputField = reasoningOutputField == null || reasoningOutputField.isBlank()
                ? "reasoning_content" : reasoningOutputField;
        if (maxStopSequences < 0) {
            throw new IllegalArgumentException("maxStopSequences must be >= 0");
        }
    }

    /** The default profile: what the OpenAI API accepts, without reasoning effort. */
    public static OpenAiChatProfile standard() {
        return new OpenAiChatProfile(true, MaxTokensField.MAX_TOKENS, false, false, false, null, false, true, true,
                false, false, ReasoningReplay.NONE, "reasoning_content", 4, false, ToolStreaming.BUFFERED, false);
    }

    /** A builder preloaded with {@link #standard()}. */
    public static Builder builder() {
        return new Builder(standard());
    }

    /** A builder preloaded with this profile. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Mutable builder; not thread-safe. */
    public static final class Builder {
        private boolean supportsStreamOptions;
        private MaxTokensField maxTokensField;
        private boolean supportsReasoningEffort;
        private boolean allowsXhighEffort;
        private boolean allowsMinimalEffort;
        private String reasoningEffortOff;
        private boolean supportsTopK;
        private boolean supportsParallelToolCalls;
        private boolean supportsImages;
        private boolean supportsCacheControl;
        private boolean acceptsArraySystemContent;
        private ReasoningReplay replayReasoning;
        private String reasoningOutputField;
        private int maxStopSequences;
        private boolean systemAnywhere;
        private ToolStreaming toolStreaming;
        private boolean lenientEof;

        private Builder(OpenAiChatProfile p) {
            supportsStreamOptions = p.supportsStreamOptions;
            maxTokensField = p.maxTokensField;
            supportsReasoningEffort = p.supportsReasoningEffort;
            allowsXhighEffort = p.allowsXhighEffort;
            allowsMinimalEffort = p.allowsMinimalEffort;
            reasoningEffortOff = p.reasoningEffortOff;
            supportsTopK = p.supportsTopK;
            supportsParallelToolCalls = p.supportsParallelToolCalls;
            supportsImages = p.supportsImages;
            supportsCacheControl = p.supportsCacheControl;
            acceptsArraySystemContent = p.acceptsArraySystemContent;
            replayReasoning = p.replayReasoning;
            reasoningOutputField = p.reasoningOutputField;
            maxStopSequences = p.maxStopSequences;
            systemAnywhere = p.systemAnywhere;
            toolStreaming = p.toolStreaming;
            lenientEof = p.lenientEof;
        }

        public Builder supportsStreamOptions(boolean v) { supportsStreamOptions = v; return this; }
        public Builder maxTokensField(MaxTokensField v) { maxTokensField = v; return this; }
        public Builder supportsReasoningEffort(boolean v) { supportsReasoningEffort = v; return this; }
        public Builder allowsXhighEffort(boolean v) { allowsXhighEffort = v; return this; }
        public Builder allowsMinimalEffort(boolean v) { allowsMinimalEffort = v; return this; }
        public Builder reasoningEffortOff(String v) { reasoningEffortOff = v; return this; }
        public Builder supportsTopK(boolean v) { supportsTopK = v; return this; }
        public Builder supportsParallelToolCalls(boolean v) { supportsParallelToolCalls = v; return this; }
        public Builder supportsImages(boolean v) { supportsImages = v; return this; }
        public Builder supportsCacheControl(boolean v) { supportsCacheControl = v; return this; }
        public Builder acceptsArraySystemContent(boolean v) { acceptsArraySystemContent = v; return this; }
        public Builder replayReasoning(ReasoningReplay v) { replayReasoning = v; return this; }
        public Builder reasoningOutputField(String v) { reasoningOutputField = v; return this; }
        public Builder maxStopSequences(int v) { maxStopSequences = v; return this; }
        public Builder systemAnywhere(boolean v) { systemAnywhere = v; return this; }
        public Builder toolStreaming(ToolStreaming v) { toolStreaming = v; return this; }
        public Builder lenientEof(boolean v) { lenientEof = v; return this; }

        public OpenAiChatProfile build() {
            return new OpenAiChatProfile(supportsStreamOptions, maxTokensField, supportsReasoningEffort,
                    allowsXhighEffort, allowsMinimalEffort, reasoningEffortOff, supportsTopK, supportsParallelToolCalls,
                    supportsImages, supportsCacheControl, acceptsArraySystemContent, replayReasoning,
                    reasoningOutputField, maxStopSequences, systemAnywhere, toolStreaming, lenientEof);
        }
    }
}
