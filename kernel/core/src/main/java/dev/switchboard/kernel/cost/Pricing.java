package dev.switchboard.kernel.cost;

import dev.switchboard.kernel.config.PricingSettings;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.store.UsageRecord;
import dev.switchboard.spi.ModelPrice;
import dev.switchboard.spi.model.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one owner of "what did this request cost": an upstream model's price comes from the provider instance's own
 * {@code prices}, else {@code pricing.models}, else the plugin's defaults; the cost is each token kind times its
 * price per million, rounded to nine decimals. A row without tokens costs 0; a row with tokens but no price has no
 * cost (null), so sums never pretend an unpriced model was free. Immutable and thread-safe.
 */
public final class Pricing {
    private static final Logger LOG = Logger.getLogger(Pricing.class.getName());
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);
    /** Nine decimals: a single token of the cheapest model still counts. */
    public static final int SCALE = 9;

    private final String currency;
    private final PriceTable models;
    private final Map<String, PriceTable> byProvider;
    private final Map<String, PriceTable> pluginDefaults;

    private Pricing(String currency, PriceTable models, Map<String, PriceTable> byProvider,
                    Map<String, PriceTable> pluginDefaults) {
        this.currency = currency;
        this.models = models;
        this.byProvider = byProvider;
        this.pluginDefaults = pluginDefaults;
    }

    /** The configured tables plus the default prices the providers' plugins ship. */
    public static Pricing of(PricingSettings settings, List<ProviderInstance> providers) {
        Map<String, PriceTable> defaults = new LinkedHashMap<>();
        for (ProviderInstance i : providers) {
            if (!i.ready()) {
                continue;
            }
            try {
                Map<String, ModelPrice> p = i.provider().prices();
                if (!p.isEmpty()) {
                    defaults.put(i.id(), PriceTable.of(p));
                }
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "plugin " + i.pluginId() + " failed to list default prices for " + i.id()
                        + "; its models are priced by the configuration only", e);
            }
        }
        return new Pricing(settings.currency(), settings.models(), settings.byProvider(), Map.copyOf(defaults));
    }

    /** Pricing from the configuration alone (no plugin defaults). */
    public static Pricing of(PricingSettings settings) {
        return of(settings, List.of());
    }

    public String currency() {
        return currency;
    }

    /** The price of an upstream model as served by a provider instance. */
    public Optional<ModelPrice> price(String provider, String upstreamModel) {
        PriceTable own = provider == null ? null : byProvider.get(provider);
        Optional<ModelPrice> p = own == null ? Optional.empty() : own.find(upstreamModel);
        if (p.isEmpty()) {
            p = models.find(upstreamModel);
        }
        if (p.isEmpty() && provider != null) {
            PriceTable d = pluginDefaults.get(provider);
            p = d == null ? Optional.empty() : d.find(upstreamModel);
        }
        return p;
    }

    /** What the tokens of a usage cost: 0 without tokens, null when the model has no price. */
    public BigDecimal cost(String provider, String upstreamModel, Usage u) {
        if (u.inputTokens() == 0 && u.outputTokens() == 0 && u.cacheReadInputTokens() == 0
                && u.cacheCreationInputTokens() == 0) {
            return BigDecimal.ZERO;
        }
        Optional<ModelPrice> p = price(provider, upstreamModel);
        if (p.isEmpty()) {
            return null;
        }
        ModelPrice mp = p.get();
        BigDecimal perMillion = times(u.inputTokens(), mp.input()).add(times(u.outputTokens(), mp.output()))
                .add(times(u.cacheReadInputTokens(), mp.cacheRead()))
                .add(times(u.cacheCreationInputTokens(), mp.cacheWrite()));
        return perMillion.divide(MILLION, SCALE, RoundingMode.HALF_UP).stripTrailingZeros();
    }

    /** The row with its cost. */
    public UsageRecord priced(UsageRecord r) {
        return r.withCost(cost(r.provider(), r.upstreamModel(), r.usage()));
    }

    /** Every model name and glob some table prices (bounded by the configuration and the plugins). */
    public Set<String> pricedModels() {
        Set<String> out = new LinkedHashSet<>(models.names());
        byProvider.values().forEach(t -> out.addAll(t.names()));
        pluginDefaults.values().forEach(t -> out.addAll(t.names()));
        return out;
    }

    private static BigDecimal times(long tokens, double pricePerMillion) {
        return tokens == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(tokens).multiply(BigDecimal.valueOf(pricePerMillion));
    }
}
