package dev.switchboard.kernel.config;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A static client key from {@code clients: { keys: [...] }}.
 *
 * @param name              display name (unique)
 * @param key               the key clients send; secret (use {@code ${VAR}})
 * @param models            model names or globs the key may use; empty = all
 * @param rpm               requests per minute, 0 = unlimited
 * @param dailyTokenQuota   tokens per UTC day, 0 = unlimited
 * @param monthlyTokenQuota tokens per UTC month, 0 = unlimited
 * @param dailyCostLimit    cost per UTC day in the price table's currency, null = unlimited
 * @param monthlyCostLimit  cost per UTC month, null = unlimited
 */
public record ClientKeyEntry(String name, String key, List<String> models, int rpm, long dailyTokenQuota,
                             long monthlyTokenQuota, BigDecimal dailyCostLimit, BigDecimal monthlyCostLimit) {
    static final Set<String> KEYS = Set.of("name", "key", "models", "rpm", "daily-token-quota", "monthly-token-quota",
            "daily-cost-limit", "monthly-cost-limit");

    static ClientKeyEntry read(PluginConfig c) throws ConfigException {
        String key = c.requireString("key");
        if (key.length() < 16) {
            throw c.problem("key", "must be at least 16 characters long");
        }
        return new ClientKeyEntry(c.requireString("name"), key, c.strings("models"), c.integer("rpm", 0),
                c.longValue("daily-token-quota").orElse(0L), c.longValue("monthly-token-quota").orElse(0L),
                costLimit(c, "daily-cost-limit"), costLimit(c, "monthly-cost-limit"));
    }

    /** A non-negative amount; 0 (or absent) means no limit. */
    static BigDecimal costLimit(PluginConfig c, String key) throws ConfigException {
        Optional<String> raw = c.string(key);
        if (raw.isEmpty() || raw.get().isBlank()) {
            return null;
        }
        BigDecimal v;
        try {
            v = new BigDecimal(raw.get().strip());
        } catch (NumberFormatException e) {
            throw c.problem(key, "must be an amount such as 5 or 2.50, got '" + raw.get() + "'");
        }
        if (v.signum() < 0) {
            throw c.problem(key, "must not be negative, got " + raw.get());
        }
        return v.signum() == 0 ? null : v.stripTrailingZeros();
    }

    @Override
    public String toString() {
        return "ClientKeyEntry[" + name + "]";
    }
}
