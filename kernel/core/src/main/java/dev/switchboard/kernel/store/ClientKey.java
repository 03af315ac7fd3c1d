package dev.switchboard.kernel.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A stored client key without its secret: safe to list and log. Immutable snapshot.
 *
 * @param prefix           the first 12 characters of the key, for display
 * @param models           allowed model names or globs, or null for every model
 * @param dailyCostLimit   cost per UTC day in the price table's currency, or null
 * @param monthlyCostLimit cost per UTC calendar month, or null
 */
public record ClientKey(long id, String name, String prefix, List<String> models, Integer rpm, Long dailyTokenQuota,
                        Long monthlyTokenQuota, Instant expiresAt, Instant revokedAt, Instant createdAt,
                        Instant lastUsedAt, ClientKeySource source, BigDecimal dailyCostLimit,
                        BigDecimal monthlyCostLimit) {

    public boolean revoked() {
        return revokedAt != null;
    }

    public boolean expiredAt(Instant now) {
        return expiresAt != null && !now.isBefore(expiresAt);
    }
}
