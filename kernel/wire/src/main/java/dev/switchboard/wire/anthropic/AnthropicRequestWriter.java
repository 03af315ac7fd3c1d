package dev.switchboard.wire.anthropic;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import dev.switchboard.wire.SystemReminders;
import dev.switchboard.wire.ThinkingSignatures;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Canonical {@link ChatRequest} → JSON body for an Anthropic Messages upstream (e.g. Factory's
 * {@code /api/llm/a/v1/messages}).
 *
 * <p>Keeps cache markers, tool definitions (server tools and {@code defer_loading} included), thinking,
 * {@code output_config}, {@code metadata} and — when {@link Options#includeExtensions()} — the request's
 * extensions. Applies what an Anthropic upstream requires: {@code role:"system"} messages are
 * converted to reminders unless {@link Options#systemMessagesInPlace()}; thinking blocks without a
 * signature the upstream's family ({@link Options#signatureFamily()}) issued are dropped, and a request whose
 * unfinished tool turn lost its thinking goes out with thinking off ({@link ThinkingSignatures}); empty text blocks are
 * never sent (a message left empty gets {@code "."}, a trailing empty assistant message is dropped).
 * Which betas and fields an upstream may receive (allow-lists per upstream) is the plugin's decision: it edits
 * the canonical request or the options before calling this writer.
 *
 * <p>Immutable and thread-safe.
 */
public final class AnthropicRequestWriter {
    /** Extension key holding the {@code output_config} sub-fields other than {@code effort} and {@code format}. */
    public static final String OUTPUT_CONFIG = "output_config";
    /** Extension key holding the {@code metadata} sub-fields other than {@code user_id}. */
    public static final String METADATA = "metadata";
    private static final Logger LOG = Logger.getLogger(AnthropicRequestWriter.class.getName());
    /** Top-level keys this writer produces itself; an extension with the same name never overrides them. */
    private static final Set<String> WRITTEN = Set.of("model", "max_tokens", "system", "messages", "tools",
            "tool_choice", "temperature", "top_p", "top_k", "stop_sequences", "stream", "thinking", "output_config",
            "metadata");

    private final Options options;

    /**
     * How to write one upstream request.
     *
     * @param upstreamModel         the model to send; null sends the request's own model
     * @param systemMessagesInPlace keep {@code role:"system"} messages (the upstream accepts the
     *                              {@value AnthropicBetas#PER_TURN_CONTROL} beta) instead of converting them
     * @param includeExtensions     send the request's extensions; true for Anthropic clients (lossless), false
     *                              when they came from another dialect and would be rejected as unknown fields
     * @param defaultMaxTokens      {@code max_tokens} when the request has none (Anthropic requires it)
     * @param signatureFamily       who verifies the upstream's thinking signatures: only theirs are sent
     */
    public record Options(String upstreamModel, boolean systemMessagesInPlace, boolean includeExtensions,
                          int defaultMaxTokens, String signatureFamily) {

        /** Defaults: convert system messages, include extensions, 4096 tokens when unspecified, Anthropic's signatures. */
        public static Options forModel(String upstreamModel) {
            return new Options(upstreamModel, false, true, 4096, SignatureOrigin.ANTHROPIC_FAMILY);
        }

        public Options withSystemMessagesInPlace(boolean v) {
            return new Options(upstreamModel, v, includeExtensions, defaultMaxTokens, signatureFamily);
        }

        public Options withIncludeExtensions(boolean v) {
            return new Options(upstreamModel, systemMessagesInPlace, v, defaultMaxTokens, signatureFamily);
        }

        public Options withDefaultMaxTokens(int v) {
            return new Options(upstreamModel, systemMessagesInPlace, includeExtensions, v, signatureFamily);
        }

        /** An upstream that speaks Anthropic's wire but issues its own signatures (an Anthropic-compatible model). */
        public Options withSignatureFamily(String v) {
            return new Options(upstreamModel, systemMessagesInPlace, includeExtensions, defaultMaxTokens, v);
        }
    }

    public AnthropicRequestWriter(Options options) {
        this.options = options == null ? Options.forModel(null) : options;
    }

    public Options options() {
        return options;
    }

    /** The request body as UTF-8 JSON bytes. */
    public byte[] writeBytes(ChatRequest request) {
        return Jsons.write(write(request)).getBytes(StandardCharsets.UTF_8);
    }

    /** The request body. */
    public JsonObject write(ChatRequest r) {
        JsonObjectBuilder b = Jsons.objectBuilder();
        b.add("model", options.upstreamModel() != null ? options.upstreamModel() : r.model());
        b.add("max_tokens", r.maxTokens() != null ? r.maxTokens() : options.defaultMaxTokens());
        List<ContentBlock.Text> system = nonEmpty(r.system());
        if (!system.isEmpty()) {
            b.add("system", AnthropicBlockWriter.content(system));
        }
        ThinkingSignatures.AnthropicHistory history = ThinkingSignatures.forAnthropicUpstream(
                options.systemMessagesInPlace() ? r.messages() : SystemReminders.merge(r.messages()),
                options.signatureFamily());
        // Budgeted thinking refuses such a turn; adaptive thinking accepts a turn that starts with its tool call.
        boolean thinkingOff = history.thinkingMustBeOff() && r.thinking() != null
                && r.thinking().mode() == ThinkingConfig.Mode.ENABLED;
        if (thinkingOff) {
            LOG.log(Level.FINE, "the open tool turn has no thinking this upstream can verify: thinking off for this call");
        }
        b.add("messages", messages(history.messages()));
        if (!r.tools().isEmpty()) {
            JsonArrayBuilder tools = Jsons.arrayBuilder();
            r.tools().forEach(t -> tools.add(tool(t)));
            b.add("tools", tools);
        }
        if (r.toolChoice() != null) {
            b.add("tool_choice", toolChoice(r.toolChoice()));
        }
        if (r.temperature() != null) {
            b.add("temperature", r.temperature());
        }
        if (r.topP() != null) {
            b.add("top_p", r.topP());
        }
        if (r.topK() != null) {
            b.add("top_k", r.topK());
        }
        if (!r.stopSequences().isEmpty()) {
            b.add("stop_sequences", Jsons.arrayBuilder(r.stopSequences()));
        }
        if (r.stream()) {
            b.add("stream", true);
        }
        if (r.thinking() != null && !thinkingOff) {
            b.add("thinking", thinking(r.thinking()));
        }
        JsonObject outputConfig = outputConfig(r);
        if (!outputConfig.isEmpty()) {
            b.add("output_config", outputConfig);
        }
        JsonObject metadata = metadata(r);
        if (!metadata.isEmpty()) {
            b.add("metadata", metadata);
        }
        if (options.includeExtensions()) {
            for (Map.Entry<String, JsonValue> e : r.extensions().entrySet()) {
                if (WRITTEN.contains(e.getKey())) {
                    continue;
                }
                if (thinkingOff && e.getKey().equals("context_management")) {
                    JsonObject cm = withoutThinkingEdits(e.getValue().getValueType() == JsonValue.ValueType.OBJECT
                            ? e.getValue().asJsonObject() : null);
                    if (cm != null) {
                        b.add(e.getKey(), cm);
                    }
                    continue;
                }
                b.add(e.getKey(), e.getValue());
            }
        }
        return b.build();
    }

    private JsonArrayBuilder messages(List<Message> list) {
        JsonArrayBuilder out = Jsons.arrayBuilder();
        for (int i = 0; i < list.size(); i++) {
            Message m = list.get(i);
            List<ContentBlock> blocks = upstreamBlocks(m.content());
            if (blocks.isEmpty()) {
                if (i == list.size() - 1 && m.role() == Role.ASSISTANT) {
                    // An empty trailing assistant turn is an empty prefill: sending nothing means the same.
                    continue;
                }
                // The turn must exist (alternation, tool pairing) but empty text is rejected, so it carries ".".
                blocks = List.of(new ContentBlock.Text("."));
            }
            out.add(Jsons.objectBuilder().add("role", m.role().wire()).add("content", AnthropicBlockWriter.content(blocks)));
        }
        return out;
    }

    /** Drops the empty text blocks Anthropic rejects (thinking was filtered by {@link ThinkingSignatures}). */
    private static List<ContentBlock> upstreamBlocks(List<ContentBlock> content) {
        List<ContentBlock> out = new ArrayList<>(content.size());
        for (ContentBlock b : content) {
            if (!AnthropicBlockWriter.isEmptyText(b)) {
                out.add(b);
            }
        }
        return out;
    }

    /**
     * {@code context_management} without its {@code clear_thinking_*} edits, which Anthropic refuses when
     * thinking is off; null when nothing is left.
     */
    public static JsonObject withoutThinkingEdits(JsonObject cm) {
        if (cm == null) {
            return null;
        }
        jakarta.json.JsonArray edits = Jsons.arr(cm, "edits");
        if (edits == null) {
            return cm;
        }
        JsonArrayBuilder kept = Jsons.arrayBuilder();
        int n = 0;
        for (JsonValue e : edits) {
            String type = e.getValueType() == JsonValue.ValueType.OBJECT ? Jsons.str(e.asJsonObject(), "type") : null;
            if (type == null || !type.startsWith("clear_thinking")) {
                kept.add(e);
                n++;
            }
        }
        if (n == 0 && cm.size() == 1) {
            return null;
        }
        return Jsons.objectBuilder(cm).add("edits", kept).build();
    }

    private static List<ContentBlock.Text> nonEmpty(List<ContentBlock.Text> blocks) {
        List<ContentBlock.Text> out = new ArrayList<>(blocks.size());
        for (ContentBlock.Text t : blocks) {
            if (!t.text().isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private static JsonObject tool(Tool t) {
        JsonObjectBuilder b = Jsons.objectBuilder();
        if (t.type() != null) {
            b.add("type", t.type());
        }
        b.add("name", t.name());
        if (t.description() != null) {
            b.add("description", t.description());
        }
        if (t.isFunction()) {
            b.add("input_schema", t.inputSchema());
        }
        if (t.cacheControl() != null) {
            b.add("cache_control", AnthropicBlockWriter.cacheControl(t.cacheControl()));
        }
        if (t.deferLoading()) {
            b.add("defer_loading", true);
        }
        t.extensions().forEach(b::add);
        return b.build();
    }

    private static JsonObject toolChoice(ToolChoice tc) {
        JsonObjectBuilder b = Jsons.objectBuilder().add("type", tc.type().wire());
        if (tc.type() == ToolChoice.Type.TOOL && tc.name() != null) {
            b.add("name", tc.name());
        }
        // Anthropic accepts the flag on auto/any/tool only.
        if (tc.disableParallelToolUse() && tc.type() != ToolChoice.Type.NONE) {
            b.add("disable_parallel_tool_use", true);
        }
        return b.build();
    }

    private static JsonObject thinking(ThinkingConfig t) {
        JsonObjectBuilder b = Jsons.objectBuilder().add("type", t.mode().wire());
        if (t.mode() == ThinkingConfig.Mode.ENABLED && t.budgetTokens() != null) {
            b.add("budget_tokens", t.budgetTokens());
        }
        if (t.display() != null) {
            b.add("display", t.display());
        }
        return b.build();
    }

    private JsonObject outputConfig(ChatRequest r) {
        JsonObjectBuilder b = remainder(r, OUTPUT_CONFIG);
        if (r.effort() != null) {
            b.add("effort", r.effort());
        }
        if (r.outputFormat() != null) {
            b.add("format", r.outputFormat());
        }
        return b.build();
    }

    private JsonObject metadata(ChatRequest r) {
        JsonObjectBuilder b = remainder(r, METADATA);
        if (r.userId() != null) {
            b.add("user_id", r.userId());
        }
        return b.build();
    }

    /** The sub-fields the reader kept aside for {@code key}, when extensions are sent. */
    private JsonObjectBuilder remainder(ChatRequest r, String key) {
        JsonValue rest = options.includeExtensions() ? r.extensions().get(key) : null;
        return rest != null && rest.getValueType() == JsonValue.ValueType.OBJECT
                ? Jsons.objectBuilder(rest.asJsonObject()) : Jsons.objectBuilder();
    }
}
