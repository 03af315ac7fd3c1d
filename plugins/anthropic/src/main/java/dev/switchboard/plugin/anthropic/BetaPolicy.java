package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.wire.anthropic.AnthropicBetas;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An instance's {@code beta-headers}: which of the client's {@code anthropic-beta} names go upstream. {@code pass}
 * (the default) forwards them all, as Anthropic's API takes every beta it knows; {@code strip} sends none, for
 * compatible endpoints that refuse a request with any beta they do not know; a list forwards only the names it
 * holds. Immutable and thread-safe.
 *
 * @param mode    what to do
 * @param allowed the names a {@link Mode#LIST} policy forwards
 */
record BetaPolicy(Mode mode, Set<String> allowed) {
    static final String KEY = "beta-headers";
    static final BetaPolicy PASS = new BetaPolicy(Mode.PASS, Set.of());

    enum Mode { PASS, STRIP, LIST }

    BetaPolicy {
        allowed = Set.copyOf(allowed);
    }

    static BetaPolicy read(PluginConfig c) throws ConfigException {
        if (!c.has(KEY)) {
            return PASS;
        }
        if (c.json().get(KEY).getValueType() == jakarta.json.JsonValue.ValueType.ARRAY) {
            return new BetaPolicy(Mode.LIST, Set.copyOf(AnthropicBetas.parse(c.strings(KEY))));
        }
        return switch (c.string(KEY, "").strip().toLowerCase(Locale.ROOT)) {
            case "pass" -> PASS;
            case "strip" -> new BetaPolicy(Mode.STRIP, Set.of());
            default -> throw c.problem(KEY, "must be pass, strip or a list of beta names");
        };
    }

    /** The betas to send upstream, from the client's (in the client's order). */
    List<String> apply(List<String> clientBetas) {
        List<String> parsed = AnthropicBetas.parse(clientBetas);
        return switch (mode) {
            case PASS -> parsed;
            case STRIP -> List.of();
            case LIST -> parsed.stream().filter(allowed::contains).toList();
        };
    }

    @Override
    public String toString() {
        return mode == Mode.LIST ? "only " + allowed : mode.name().toLowerCase(Locale.ROOT);
    }
}
