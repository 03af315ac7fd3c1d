package dev.switchboard.plugin.openaicompat;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * An instance's {@code max-output-tokens}: the largest output cap each backend model accepts, so a client's
 * {@code max_tokens} is clamped instead of rejected (Claude Code asks for
 * 128000, DeepSeek's chat model takes 8192). One number applies to every model; a mapping names backend models
 * (globs allowed, resolved like {@link ModelMap}). Immutable and thread-safe.
 */
final class OutputTokenLimits {
    static final String KEY = "max-output-tokens";
    static final OutputTokenLimits NONE = new OutputTokenLimits(null, new ModelMap(Map.of()));

    private final Integer all;
    private final ModelMap byModel;

    private OutputTokenLimits(Integer all, ModelMap byModel) {
        this.all = all;
        this.byModel = byModel;
    }

    static OutputTokenLimits read(PluginConfig c) throws ConfigException {
        if (!c.has(KEY)) {
            return NONE;
        }
        if (c.json().get(KEY).getValueType() != JsonValue.ValueType.OBJECT) {
            return new OutputTokenLimits(positive(c, KEY, c.string(KEY, "")), new ModelMap(Map.of()));
        }
        Map<String, String> limits = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : c.stringMap(KEY).entrySet()) {
            limits.put(e.getKey(), String.valueOf(positive(c, KEY + "." + e.getKey(), e.getValue())));
        }
        return new OutputTokenLimits(null, new ModelMap(limits));
    }

    private static int positive(PluginConfig c, String key, String value) throws ConfigException {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw c.problem(key, "must be a positive number of tokens, got '" + value + "'");
    }

    /** The cap for a backend model, if any. */
    Optional<Integer> capFor(String backendModel) {
        Optional<String> v = byModel.map(backendModel);
        return v.isPresent() ? v.map(Integer::valueOf) : Optional.ofNullable(all);
    }

    /** {@code requested}, lowered to the model's cap; null stays null (the backend's default applies). */
    Integer clamp(Integer requested, String backendModel) {
        if (requested == null) {
            return null;
        }
        return capFor(backendModel).map(cap -> Math.min(cap, requested)).orElse(requested);
    }
}
