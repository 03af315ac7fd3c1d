package dev.switchboard.kernel.config;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One {@code routes:} entry: a client model name or glob and its ordered targets (docs/architecture.md#routing).
 *
 * @param model   the name clients send, or a glob ({@code claude-*}, {@code gpt-?})
 * @param targets tried in order; later ones are fallbacks
 * @param path    key path for messages
 */
public record RouteEntry(String model, List<Target> targets, String path) {
    static final Set<String> KEYS = Set.of("model", "targets");
    static final Set<String> TARGET_KEYS = Set.of("provider", "model");

    /**
     * @param provider provider instance id
     * @param model    upstream model, or null to let the plugin's own model table decide
     */
    public record Target(String provider, String model) {
    }

    static RouteEntry read(PluginConfig c) throws ConfigException {
        String model = c.requireString("model");
        List<Target> targets = new ArrayList<>();
        for (PluginConfig t : c.children("targets")) {
            targets.add(new Target(t.requireString("provider"), t.string("model").filter(s -> !s.isBlank()).orElse(null)));
        }
        if (targets.isEmpty()) {
            throw c.problem("targets", "needs at least one {provider, model} target");
        }
        return new RouteEntry(model, targets, c.path());
    }

    /** True when the model is a glob rather than a concrete name. */
    public boolean isGlob() {
        return model.indexOf('*') >= 0 || model.indexOf('?') >= 0;
    }
}
