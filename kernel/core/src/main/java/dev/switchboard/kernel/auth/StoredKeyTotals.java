package dev.switchboard.kernel.auth;

import dev.switchboard.kernel.store.UsageRepository;
import java.math.BigDecimal;

/** {@link TokenTotals} read from the usage table (raw rows plus rollups). Thread-safe. */
public final class StoredKeyTotals implements TokenTotals {
    private final UsageRepository usage;

    public StoredKeyTotals(UsageRepository usage) {
        this.usage = usage;
    }

    @Override
    public long tokensToday(String key) {
        return usage.clientKeyUsage(key).today().totalTokens();
    }

    @Override
    public long tokensThisMonth(String key) {
        return usage.clientKeyUsage(key).month().totalTokens();
    }

    @Override
    public BigDecimal costToday(String key) {
        return usage.clientKeyUsage(key).today().cost();
    }

    @Override
    public BigDecimal costThisMonth(String key) {
        return usage.clientKeyUsage(key).month().cost();
    }
}
