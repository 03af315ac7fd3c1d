package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An instance's {@code max-output-tokens}: the largest {@code max_tokens} each upstream model accepts, so a client's
 * request is lowered instead of refused (Claude Code asks for 32000 or more; DeepSeek's chat model takes 8192). One
 * number applies to every model; a mapping names upstream models, globs allowed (the most specific match wins).
 * Immutable and thread-safe.
 */
final class OutputTokenClamps {
    static final String KEY = "max-output-tokens";
    static final OutputTokenClamps NONE = new OutputTokenClamps(null, List.of());

    private final Integer all;
    private final List<Rule> rules;

    private record Rule(Pattern model, int literals, int cap) {
    }

    private OutputTokenClamps(Integer all, List<Rule> rules) {
        this.all = all;
        this.rules = rules;
    }

    static OutputTokenClamps read(PluginConfig c) throws ConfigException {
        if (!c.has(KEY)) {
            return NONE;
        }
        if (c.json().get(KEY).getValueType() != JsonValue.ValueType.OBJECT) {
            return new OutputTokenClamps(positive(c, KEY, c.string(KEY, "")), List.of());
        }
        List<Rule> rules = new ArrayList<>();
        for (Map.Entry<String, String> e : c.stringMap(KEY).entrySet()) {
            String model = e.getKey().strip();
            rules.add(new Rule(ModelTable.globPattern(model), model.replaceAll("[*?]", "").length(),
                    positive(c, KEY + "." + e.getKey(), e.getValue())));
        }
        rules.sort((a, b) -> Integer.compare(b.literals(), a.literals()));
        return new OutputTokenClamps(null, List.copyOf(rules));
    }

    private static int positive(PluginConfig c, String key, String value) throws ConfigException {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the key
        }
        throw c.problem(key, "must be a positive number of tokens, got '" + value + "'");
    }

    /** The cap for an upstream model, or null when it has none. */
    Integer capFor(String upstreamModel) {
        for (Rule r : rules) {
            if (r.model().matcher(upstreamModel).matches()) {
                return r.cap();
            }
        }
        return all;
    }

    /** {@code requested} lowered to the model's cap; null stays null. */
    Integer clamp(Integer requested, String upstreamModel) {
        Integer cap = requested == null ? null : capFor(upstreamModel);
        return cap == null ? requested : Math.min(cap, requested);
    }
}
