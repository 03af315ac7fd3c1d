package dev.switchboard.kernel.auth;

import dev.switchboard.kernel.routing.Glob;
import java.math.BigDecimal;
import java.util.List;

/**
 * Who is calling.
 *
 * @param name              key name (for usage and logs), or {@code loopback} in loopback mode
 * @param keyId             database id of the key, or null for YAML keys and loopback mode
 * @param models            globs the key may use; empty = all
 * @param rpm               requests per minute, 0 = unlimited
 * @param dailyTokenQuota   tokens per UTC day, 0 = unlimited
 * @param monthlyTokenQuota tokens per UTC month, 0 = unlimited
 * @param loopbackMode      true when no client key exists and a loopback client is served without one
 * @param dailyCostLimit    cost per UTC day in the price table's currency, or null for no limit
 * @param monthlyCostLimit  cost per UTC month, or null
 */
public record ClientPrincipal(String name, Long keyId, List<Glob> models, int rpm, long dailyTokenQuota,
                              long monthlyTokenQuota, boolean loopbackMode, BigDecimal dailyCostLimit,
                              BigDecimal monthlyCostLimit) {

    public static final ClientPrincipal LOOPBACK = new ClientPrincipal("loopback", null, List.of(), 0, 0, 0, true);

    /** A principal without cost limits. */
    public ClientPrincipal(String name, Long keyId, List<Glob> models, int rpm, long dailyTokenQuota,
                           long monthlyTokenQuota, boolean loopbackMode) {
        this(name, keyId, models, rpm, dailyTokenQuota, monthlyTokenQuota, loopbackMode, null, null);
    }

    /** Whether this key may use a model. */
    public boolean allows(String model) {
        if (models.isEmpty()) {
            return true;
        }
        for (Glob g : models) {
            if (g.matches(model)) {
                return true;
            }
        }
        return false;
    }
}
