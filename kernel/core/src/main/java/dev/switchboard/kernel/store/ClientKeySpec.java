package dev.switchboard.kernel.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A client key's settings, without the secret. Immutable.
 *
 * @param name              unique display name
 * @param models            allowed model names or globs, or null for every model
 * @param rpm               requests per minute, or null for no limit
 * @param dailyTokenQuota   tokens per UTC day, or null
 * @param monthlyTokenQuota tokens per UTC calendar month, or null
 * @param expiresAt         expiry, or null
 * @param dailyCostLimit    cost per UTC day in the price table's currency, or null
 * @param monthlyCostLimit  cost per UTC calendar month, or null
 */
public record ClientKeySpec(String name, List<String> models, Integer rpm, Long dailyTokenQuota, Long monthlyTokenQuota,
                            Instant expiresAt, BigDecimal dailyCostLimit, BigDecimal monthlyCostLimit) {
    public ClientKeySpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a client key needs a name");
        }
        if (rpm != null && rpm < 1) {
            throw new IllegalArgumentException("rpm of client key " + name + " must be at least 1");
        }
        if ((dailyTokenQuota != null && dailyTokenQuota < 0) || (monthlyTokenQuota != null && monthlyTokenQuota < 0)) {
            throw new IllegalArgumentException("token quotas of client key " + name + " must not be negative");
        }
        if ((dailyCostLimit != null && dailyCostLimit.signum() < 0)
                || (monthlyCostLimit != null && monthlyCostLimit.signum() < 0)) {
            throw new IllegalArgumentException("cost limits of client key " + name + " must not be negative");
        }
        models = models == null ? null : List.copyOf(models);
    }

    /** Settings without cost limits. */
    public ClientKeySpec(String name, List<String> models, Integer rpm, Long dailyTokenQuota, Long monthlyTokenQuota,
                         Instant expiresAt) {
        this(name, models, rpm, dailyTokenQuota, monthlyTokenQuota, expiresAt, null, null);
    }

    /** A key for every model without limits. */
    public static ClientKeySpec named(String name) {
        return new ClientKeySpec(name, null, null, null, null, null);
    }
}
