package dev.switchboard.plugin.factory.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The instance's model table: redirects ({@code model-redirects}), the configured rows, and — when
 * {@code infer-unknown-models} is on — a family guessed from the id prefix for ids the table lacks, so a
 * new upstream model (or Claude Code's default model) works before the table is updated. Immutable and
 * thread-safe.
 */
public final class ModelTable {
    /** Ids of the kind Factory routes through {@code x-api-provider: fireworks} on the common family. */
    private static final Pattern COMMON_PREFIX = Pattern.compile("^(glm-|kimi-|deepseek-)");
    private static final Pattern OPENAI_PREFIX = Pattern.compile("^(gpt-|o\\d|codex)");

    private final Map<String, ModelEntry> entries;
    private final Map<String, String> redirects;
    private final boolean inferUnknown;

    public ModelTable(List<ModelEntry> entries, Map<String, String> redirects, boolean inferUnknown) {
        Map<String, ModelEntry> m = new LinkedHashMap<>();
        for (ModelEntry e : entries) {
            m.put(e.id(), e);
        }
        this.entries = Collections.unmodifiableMap(m);
        this.redirects = Map.copyOf(redirects);
        this.inferUnknown = inferUnknown;
    }

    /** The built-in table (droid2api's, as of 2026-03). */
    public static List<ModelEntry> defaults() {
        List<ModelEntry> d = new ArrayList<>();
        for (String id : List.of("claude-opus-4-5-20251101", "claude-opus-4-6", "claude-haiku-4-5-20251001",
                "claude-sonnet-4-5-20250929", "claude-sonnet-4-6")) {
            d.add(ModelEntry.of(id, ModelFamily.ANTHROPIC, ReasoningLevel.AUTO));
        }
        d.add(new ModelEntry("claude-opus-4-6-fast", ModelFamily.ANTHROPIC, ReasoningLevel.AUTO, "anthropic", true, null));
        d.add(new ModelEntry("minimax-m2.5", ModelFamily.ANTHROPIC, ReasoningLevel.AUTO, "fireworks", false, null));
        for (String id : List.of("gpt-5.4", "gpt-5.3-codex", "gpt-5.2", "gpt-5.2-codex", "gpt-5.4-mini")) {
            d.add(ModelEntry.of(id, ModelFamily.OPENAI, ReasoningLevel.AUTO));
        }
        d.add(new ModelEntry("gpt-5.4-fast", ModelFamily.OPENAI, ReasoningLevel.AUTO, "openai", true, null));
        for (String id : List.of("glm-5", "glm-4.7", "kimi-k2.5")) {
            d.add(new ModelEntry(id, ModelFamily.COMMON, ReasoningLevel.OFF, "fireworks", false, null));
        }
        for (String id : List.of("gemini-3-flash-preview", "gemini-3.1-pro-preview")) {
            d.add(ModelEntry.of(id, ModelFamily.GOOGLE, ReasoningLevel.AUTO));
        }
        return d;
    }

    /** The built-in redirects (undated aliases to dated ids). */
    public static Map<String, String> defaultRedirects() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("claude-sonnet-4-5", "claude-sonnet-4-5-20250929");
        r.put("claude-opus-4-5", "claude-opus-4-5-20251101");
        r.put("claude-haiku-4-5", "claude-haiku-4-5-20251001");
        r.put("claude-3-5-haiku-20241022", "claude-haiku-4-5-20251001");
        return r;
    }

    /** The id after {@code model-redirects} (one step; the target is not redirected again). */
    public String redirect(String id) {
        return redirects.getOrDefault(id, id);
    }

    /** The row for an upstream id (already redirected), from the table or inferred. */
    public Optional<ModelEntry> find(String id) {
        ModelEntry e = entries.get(id);
        if (e != null) {
            return Optional.of(e);
        }
        return inferUnknown ? infer(id) : Optional.empty();
    }

    /** Redirects, then finds: what a client model name resolves to. */
    public Optional<ModelEntry> resolve(String requested) {
        return find(redirect(requested));
    }

    /** Configured ids in table order (what {@code /v1/models} lists). */
    public List<String> ids() {
        return List.copyOf(entries.keySet());
    }

    public Map<String, String> redirects() {
        return redirects;
    }

    /** A family from the id's prefix; reasoning {@code auto} (off for the common family, as in the built-in table). */
    static Optional<ModelEntry> infer(String id) {
        String v = id.toLowerCase(Locale.ROOT);
        if (v.startsWith("claude-")) {
            return Optional.of(ModelEntry.of(id, ModelFamily.ANTHROPIC, ReasoningLevel.AUTO));
        }
        if (OPENAI_PREFIX.matcher(v).find()) {
            return Optional.of(ModelEntry.of(id, ModelFamily.OPENAI, ReasoningLevel.AUTO));
        }
        if (v.startsWith("gemini-")) {
            return Optional.of(ModelEntry.of(id, ModelFamily.GOOGLE, ReasoningLevel.AUTO));
        }
        if (COMMON_PREFIX.matcher(v).find()) {
            return Optional.of(new ModelEntry(id, ModelFamily.COMMON, ReasoningLevel.OFF, "fireworks", false, null));
        }
        return Optional.empty();
    }
}
