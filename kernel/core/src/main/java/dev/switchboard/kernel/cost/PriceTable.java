package dev.switchboard.kernel.cost;

import dev.switchboard.kernel.routing.Glob;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.ModelPrice;
import dev.switchboard.spi.PluginConfig;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Prices by upstream model: exact names first (ignoring case), then globs ({@code claude-sonnet-4-5*}) in file
 * order. Immutable and thread-safe.
 */
public final class PriceTable {
    /** Keys of one price entry. */
    static final Set<String> KEYS = Set.of("input", "output", "cache-read", "cache-write");
    public static final PriceTable EMPTY = new PriceTable(Map.of(), List.of(), Set.of());

    private final Map<String, ModelPrice> exact;
    private final List<Map.Entry<Glob, ModelPrice>> globs;
    private final Set<String> names;

    private PriceTable(Map<String, ModelPrice> exact, List<Map.Entry<Glob, ModelPrice>> globs, Set<String> names) {
        this.exact = exact;
        this.globs = globs;
        this.names = names;
    }

    /** A table of plugin defaults (exact names only). */
    public static PriceTable of(Map<String, ModelPrice> prices) {
        Map<String, ModelPrice> exact = new HashMap<>();
        prices.forEach((m, p) -> exact.putIfAbsent(m.toLowerCase(Locale.ROOT), p));
        return new PriceTable(Map.copyOf(exact), List.of(), Set.copyOf(prices.keySet()));
    }

    /**
     * Reads a mapping {@code model (or glob): {input, output, cache-read?, cache-write?}} of prices per million
     * tokens. {@code input} and {@code output} are required; a missing cache price is the input price (no
     * discount assumed).
     *
     * @param parent the node holding the mapping
     * @param key    the mapping's key ({@code models} or {@code prices})
     */
    public static PriceTable read(PluginConfig parent, String key) throws ConfigException {
        if (!parent.has(key)) {
            return EMPTY;
        }
        if (parent.json().get(key).getValueType() != JsonValue.ValueType.OBJECT) {
            throw parent.problem(key, "must be a mapping of model names (or globs) to prices");
        }
        PluginConfig table = parent.child(key).orElseThrow();
        Map<String, ModelPrice> exact = new HashMap<>();
        List<Map.Entry<Glob, ModelPrice>> globs = new ArrayList<>();
        for (String model : table.json().keySet()) {
            if (table.json().get(model).getValueType() != JsonValue.ValueType.OBJECT) {
                throw table.problem(model, "must be a mapping such as { input: 3, output: 15, cache-read: 0.3, "
                        + "cache-write: 3.75 } (prices per million tokens)");
            }
            PluginConfig p = table.child(model).orElseThrow();
            p.rejectUnknownKeys(KEYS);
            double input = price(p, "input").orElseThrow(() -> p.problem("input", "is required (price per million "
                    + "input tokens)"));
            double output = price(p, "output").orElseThrow(() -> p.problem("output", "is required (price per million "
                    + "output tokens)"));
            ModelPrice mp = new ModelPrice(input, output, price(p, "cache-read").orElse(input),
                    price(p, "cache-write").orElse(input));
            Glob g = Glob.of(model);
            if (g.isLiteral()) {
                if (exact.put(model.toLowerCase(Locale.ROOT), mp) != null) {
                    throw table.problem(model, "is priced twice (model names ignore case)");
                }
            } else {
                globs.add(Map.entry(g, mp));
            }
        }
        return new PriceTable(Map.copyOf(exact), List.copyOf(globs), Set.copyOf(table.json().keySet()));
    }

    private static Optional<Double> price(PluginConfig p, String key) throws ConfigException {
        Optional<Double> v = p.decimal(key);
        if (v.isPresent() && (!(v.get() >= 0) || v.get().isInfinite())) {
            throw p.problem(key, "must be a price >= 0 per million tokens, got " + p.string(key).orElse(""));
        }
        return v;
    }

    /** The price of an upstream model, if this table has one. */
    public Optional<ModelPrice> find(String upstreamModel) {
        if (upstreamModel == null) {
            return Optional.empty();
        }
        ModelPrice p = exact.get(upstreamModel.toLowerCase(Locale.ROOT));
        if (p != null) {
            return Optional.of(p);
        }
        for (Map.Entry<Glob, ModelPrice> e : globs) {
            if (e.getKey().matches(upstreamModel)) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** The names and globs this table prices, as written (label values for metrics). */
    public Set<String> names() {
        return names;
    }

    public boolean isEmpty() {
        return exact.isEmpty() && globs.isEmpty();
    }
}
