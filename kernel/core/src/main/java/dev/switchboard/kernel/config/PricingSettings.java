package dev.switchboard.kernel.config;

import dev.switchboard.kernel.cost.PriceTable;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code pricing:} — what upstream models cost, for the cost of each usage row and the keys' cost limits.
 *
 * @param currency   the currency of every price and limit (display only; default {@code USD})
 * @param models     {@code pricing.models}: prices per million tokens by upstream model (or glob)
 * @param byProvider {@code providers[].prices} by provider id: an instance's own prices, which win over
 *                   {@code models} (the same model can cost differently through different providers)
 */
public record PricingSettings(String currency, PriceTable models, Map<String, PriceTable> byProvider) {
    static final Set<String> KEYS = Set.of("currency", "models");
    /** The provider-instance key holding that instance's prices. */
    public static final String PROVIDER_KEY = "prices";

    public PricingSettings {
        byProvider = Map.copyOf(byProvider);
    }

    static PricingSettings read(PluginConfig c, Iterable<ProviderEntry> providers) throws ConfigException {
        String currency = c.string("currency", "USD").strip();
        if (currency.isEmpty() || currency.length() > 10) {
            throw c.problem("currency", "must be a short currency code such as USD, got '" + currency + "'");
        }
        Map<String, PriceTable> byProvider = new LinkedHashMap<>();
        for (ProviderEntry p : providers) {
            PriceTable t = PriceTable.read(p.node(), PROVIDER_KEY);
            if (!t.isEmpty()) {
                byProvider.put(p.id(), t);
            }
        }
        return new PricingSettings(currency, PriceTable.read(c, "models"), byProvider);
    }
}
