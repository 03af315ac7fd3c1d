package dev.switchboard.plugin.kiro;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.PluginConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The model table: client model names (normalised) → Kiro {@code modelId} and context
 * window. Defaults: plugins/kiro/README.md#instance-keys; YAML {@code models:} entries add or replace rows by name.
 * Immutable and thread-safe.
 */
public final class KiroModels {
    /** Keys of one {@code models:} entry. */
    static final Set<String> ENTRY_KEYS = Set.of("name", "model-id", "context-window");
    private static final Pattern DATE_SUFFIX = Pattern.compile("-\\d{8}$");

    /**
     * One row.
     *
     * @param name          normalised client name ({@code claude-sonnet-4-5})
     * @param modelId       the Kiro {@code modelId}
     * @param contextWindow the model's context window in tokens
     */
    public record KiroModel(String name, String modelId, int contextWindow) {
    }

    private final Map<String, KiroModel> byName;
    private final List<String> order;

    private KiroModels(Map<String, KiroModel> byName) {
        this.byName = Map.copyOf(byName);
        this.order = List.copyOf(byName.keySet());
    }

    /** The default table (plugins/kiro/README.md#instance-keys). */
    public static KiroModels defaults() {
        return new KiroModels(defaultRows());
    }

    private static Map<String, KiroModel> defaultRows() {
        Map<String, KiroModel> m = new LinkedHashMap<>();
        put(m, "claude-sonnet-4-5", "claude-sonnet-4.5", 200_000);
        put(m, "claude-sonnet-4-6", "claude-sonnet-4.6", 1_000_000);
        put(m, "claude-sonnet-4", "CLAUDE_SONNET_4_20250514_V1_0", 200_000);
        put(m, "claude-3-7-sonnet", "CLAUDE_3_7_SONNET_20250219_V1_0", 200_000);
        put(m, "claude-opus-4-5", "claude-opus-4.5", 200_000);
        put(m, "claude-opus-4-6", "claude-opus-4.6", 1_000_000);
        put(m, "claude-opus-4-7", "claude-opus-4.7", 1_000_000);
        put(m, "claude-haiku-4-5", "claude-haiku-4.5", 200_000);
        put(m, "auto", "auto", 200_000);
        return m;
    }

    private static void put(Map<String, KiroModel> m, String name, String id, int window) {
        m.put(name, new KiroModel(name, id, window));
    }

    /** The default table with the YAML {@code models:} rows applied on top. */
    public static KiroModels fromConfig(PluginConfig config) throws ConfigException {
        Map<String, KiroModel> rows = defaultRows();
        for (PluginConfig entry : config.children("models")) {
            entry.rejectUnknownKeys(ENTRY_KEYS);
            String name = normalise(entry.requireString("name"));
            String id = entry.requireString("model-id").trim();
            int window = entry.integer("context-window", rows.containsKey(name) ? rows.get(name).contextWindow() : 200_000);
            if (window <= 0) {
                throw entry.problem("context-window", "must be a positive number of tokens");
            }
            rows.put(name, new KiroModel(name, id, window));
        }
        return new KiroModels(rows);
    }

    /** Normalisation: lower-case, strip {@code -thinking}, then a {@code -YYYYMMDD} date, {@code .} → {@code -}. */
    public static String normalise(String model) {
        String s = model.trim().toLowerCase(Locale.ROOT);
        if (s.endsWith("-thinking")) {
            s = s.substring(0, s.length() - "-thinking".length());
        }
        s = DATE_SUFFIX.matcher(s).replaceFirst("");
        return s.replace('.', '-');
    }

    /** Client names this table serves, in table order. */
    public List<String> names() {
        return new ArrayList<>(order);
    }

    /** The row for a client name or a Kiro id, if any. */
    public Optional<KiroModel> find(String model) {
        if (model == null || model.isBlank()) {
            return Optional.empty();
        }
        for (KiroModel m : byName.values()) {
            if (m.modelId().equals(model.trim())) {
                return Optional.of(m);
            }
        }
        return Optional.ofNullable(byName.get(normalise(model)));
    }

    /**
     * The row for the model a request will use.
     *
     * @throws GatewayException a 400 {@code Model <id> is not supported} (no silent substitution)
     */
    public KiroModel require(String model) throws GatewayException {
        return find(model).orElseThrow(() -> GatewayException.invalid("model", "Model " + model + " is not supported"));
    }
}
