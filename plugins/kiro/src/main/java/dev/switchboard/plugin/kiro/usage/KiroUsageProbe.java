package dev.switchboard.plugin.kiro.usage;

import dev.switchboard.plugin.kiro.auth.KiroCredentials;
import dev.switchboard.plugin.kiro.auth.KiroTokenRefresher;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.QuotaSnapshot;
import dev.switchboard.spi.UsageProbe;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The kernel's quota probe for Kiro accounts: {@code getUsageLimits} → credits used / allowed / reset time
 * for the {@code most-remaining} / {@code least-remaining} strategies. It also remembers each
 * account's latest limits (account type, e-mail) and logs when the type changes. Thread-safe.
 */
public final class KiroUsageProbe implements UsageProbe {
    private final UsageLimitsClient client;
    private final Logger log;
    private final Map<Long, UsageLimits> latest = new ConcurrentHashMap<>();

    public KiroUsageProbe(UsageLimitsClient client, Logger log) {
        this.client = client;
        this.log = log;
    }

    @Override
    public QuotaSnapshot probe(Account account) throws GatewayException {
        return limits(account).toSnapshot();
    }

    /** Loads and remembers an account's limits. */
    public UsageLimits limits(Account account) throws GatewayException {
        UsageLimits limits = client.load(KiroCredentials.of(account),
                KiroTokenRefresher.seed(account));
        UsageLimits previous = latest.put(account.id(), limits);
        if (previous == null || !previous.accountType().equals(limits.accountType())) {
            log.info(() -> "Kiro account '" + account.name() + "' is " + limits.accountType()
                    + (limits.title() == null ? "" : " (" + limits.title() + ")") + ", " + limits.remaining()
                    + " credits left");
        }
        return limits;
    }

    /** The limits last loaded for an account, or null. */
    public UsageLimits latest(Account account) {
        return latest.get(account.id());
    }
}
