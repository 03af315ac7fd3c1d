package dev.switchboard.plugin.openaicompat;

import dev.switchboard.plugin.openaicompat.schema.SchemaDialect;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.wire.openai.OpenAiChatProfile;
import dev.switchboard.wire.openai.OpenAiChatProfile.MaxTokensField;
import dev.switchboard.wire.openai.OpenAiChatProfile.ReasoningReplay;
import dev.switchboard.wire.openai.OpenAiChatProfile.ToolStreaming;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One backend-profile flag: its kebab-case YAML key and how a value changes a {@link BackendProfile.Builder}.
 * The same names are used in the shipped {@code profiles.json} and beside {@code profile:} on an instance, so
 * both are parsed by one code path. Immutable.
 */
enum ProfileFlag {
    SUPPORTS_STREAM_OPTIONS("supports-stream-options", (c, k, b) -> b.chat.supportsStreamOptions(c.bool(k, true))),
    MAX_TOKENS_FIELD("max-tokens-field", (c, k, b) -> b.chat.maxTokensField(maxTokensField(c, k))),
    REASONING_EFFORT("reasoning-effort", (c, k, b) -> b.chat.supportsReasoningEffort(c.bool(k, false))),
    XHIGH_EFFORT("xhigh-effort", (c, k, b) -> b.chat.allowsXhighEffort(c.bool(k, false))),
    MINIMAL_EFFORT("minimal-effort", (c, k, b) -> b.chat.allowsMinimalEffort(c.bool(k, false))),
    REASONING_EFFORT_OFF("reasoning-effort-off", (c, k, b) -> b.chat.reasoningEffortOff(effortOff(c, k))),
    TOP_K("top-k", (c, k, b) -> b.chat.supportsTopK(c.bool(k, false))),
    PARALLEL_TOOL_CALLS("parallel-tool-calls", (c, k, b) -> b.chat.supportsParallelToolCalls(c.bool(k, true))),
    IMAGES("images", (c, k, b) -> b.chat.supportsImages(c.bool(k, true))),
    CACHE_CONTROL("cache-control", (c, k, b) -> b.chat.supportsCacheControl(c.bool(k, false))),
    ARRAY_SYSTEM_CONTENT("array-system-content", (c, k, b) -> b.chat.acceptsArraySystemContent(c.bool(k, false))),
    SCHEMA_DIALECT("schema-dialect", (c, k, b) -> b.schemaDialect = schemaDialect(c, k)),
    REASONING_REPLAY("reasoning-replay", (c, k, b) -> b.chat.replayReasoning(reasoningReplay(c, k))),
    REASONING_FIELD("reasoning-field", (c, k, b) -> b.chat.reasoningOutputField(c.requireString(k).trim())),
    MAX_STOP_SEQUENCES("max-stop-sequences", (c, k, b) -> b.chat.maxStopSequences(maxStop(c, k))),
    SYSTEM_ANYWHERE("system-anywhere", (c, k, b) -> b.chat.systemAnywhere(c.bool(k, false))),
    TOOL_STREAMING("tool-streaming", (c, k, b) -> b.chat.toolStreaming(toolStreaming(c, k))),
    LENIENT_EOF("lenient-eof", (c, k, b) -> b.chat.lenientEof(c.bool(k, false))),
    STREAMING("streaming", (c, k, b) -> b.streaming = c.bool(k, true));

    /** Every flag's YAML key. */
    static final Set<String> KEYS = Arrays.stream(values()).map(f -> f.key).collect(Collectors.toUnmodifiableSet());

    private final String key;
    private final Applier applier;

    ProfileFlag(String key, Applier applier) {
        this.key = key;
        this.applier = applier;
    }

    String key() {
        return key;
    }

    /** Applies every flag present in {@code config} to {@code builder}, in declaration order. */
    static void applyAll(PluginConfig config, BackendProfile.Builder builder) throws ConfigException {
        for (ProfileFlag f : values()) {
            if (config.has(f.key)) {
                f.applier.apply(config, f.key, builder);
            }
        }
    }

    @FunctionalInterface
    private interface Applier {
        void apply(PluginConfig config, String key, BackendProfile.Builder builder) throws ConfigException;
    }

    private static String normalized(PluginConfig c, String key) throws ConfigException {
        return c.requireString(key).trim().toLowerCase(Locale.ROOT).replace('-', '_');
    }

    private static MaxTokensField maxTokensField(PluginConfig c, String key) throws ConfigException {
        return switch (normalized(c, key)) {
            case "max_tokens" -> MaxTokensField.MAX_TOKENS;
            case "max_completion_tokens" -> MaxTokensField.MAX_COMPLETION_TOKENS;
            default -> throw c.problem(key, "must be max_tokens or max_completion_tokens");
        };
    }

    /** The value sent when thinking is disabled; empty (or {@code omit}) sends nothing. */
    private static String effortOff(PluginConfig c, String key) throws ConfigException {
        String v = c.string(key, "").trim();
        if (v.isEmpty() || v.equalsIgnoreCase("omit")) {
            return null;
        }
        // YAML 1.1 turns an unquoted `off`/`no` into false: the intent is "thinking off".
        return v.equalsIgnoreCase("false") ? "none" : v;
    }

    private static SchemaDialect schemaDialect(PluginConfig c, String key) throws ConfigException {
        String raw = c.string(key, "");
        // YAML 1.1: `schema-dialect: off` arrives as false
        SchemaDialect d = raw.equalsIgnoreCase("false") ? SchemaDialect.NONE : SchemaDialect.parse(raw);
        if (d == null) {
            throw c.problem(key, "must be none, openai-strict or gemini, got '" + raw + "'");
        }
        return d;
    }

    private static ReasoningReplay reasoningReplay(PluginConfig c, String key) throws ConfigException {
        return switch (normalized(c, key)) {
            case "none", "false" -> ReasoningReplay.NONE;
            case "reasoning_content" -> ReasoningReplay.REASONING_CONTENT;
            default -> throw c.problem(key, "must be none or reasoning-content");
        };
    }

    private static int maxStop(PluginConfig c, String key) throws ConfigException {
        int n = c.integer(key, 4);
        if (n < 0) {
            throw c.problem(key, "must be 0 or more");
        }
        return n;
    }

    private static ToolStreaming toolStreaming(PluginConfig c, String key) throws ConfigException {
        return switch (normalized(c, key)) {
            case "buffered" -> ToolStreaming.BUFFERED;
            case "eager" -> ToolStreaming.EAGER;
            default -> throw c.problem(key, "must be buffered or eager");
        };
    }

    /** The effective flags of a profile as YAML would write them (for logs and the README check). */
    static String describe(BackendProfile p) {
        OpenAiChatProfile c = p.chat();
        return "profile " + p.name() + " [stream-options=" + c.supportsStreamOptions() + ", max-tokens-field="
                + c.maxTokensField().wire() + ", reasoning-effort=" + c.supportsReasoningEffort() + ", top-k="
                + c.supportsTopK() + ", parallel-tool-calls=" + c.supportsParallelToolCalls() + ", images="
                + c.supportsImages() + ", cache-control=" + c.supportsCacheControl() + ", schema-dialect="
                + p.schemaDialect().wire() + ", reasoning-replay=" + c.replayReasoning() + ", max-stop-sequences="
                + c.maxStopSequences() + ", system-anywhere=" + c.systemAnywhere() + ", tool-streaming="
                + c.toolStreaming() + ", streaming=" + p.streaming() + "]";
    }
}
