package dev.switchboard.kernel.schedule;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.kernel.config.PoolSettings;
import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.PoolEvents;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.QuotaSnapshot;
import dev.switchboard.spi.UsageProbe;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One maintenance pass over one provider instance's accounts, run by {@link Scheduler} at the pool's
 * shortest interval. Which account is due for what is decided with the injectable clock (decision 27), so
 * tests drive passes directly. Thread-safe: passes of one instance never overlap (the scheduler runs them
 * one at a time), and per-account work only touches the pool's thread-safe API.
 */
public final class PoolMaintenance {
    private static final Logger LOG = Logger.getLogger(PoolMaintenance.class.getName());
    static final String HEALTH_REASON = "health check failed";

    private final ProviderInstance instance;
    private final Clock clock;
    private final Map<Long, Instant> lastHealth = new ConcurrentHashMap<>();
    private final Map<Long, Instant> lastUsageSync = new ConcurrentHashMap<>();

    public PoolMaintenance(ProviderInstance instance, Clock clock) {
        this.instance = instance;
        this.clock = clock;
    }

    public ProviderInstance instance() {
        return instance;
    }

    /** Runs everything that is due now. */
    public void runOnce() {
        if (!instance.ready()) {
            return;
        }
        AccountPool pool = instance.pool();
        for (PooledAccount a : pool.accounts()) {
            AccountState s = a.status().state();
            if (s == AccountState.DISABLED || s == AccountState.BANNED) {
                continue;
            }
            refreshIfDue(a);
            healthCheckIfDue(pool, a);
            syncUsageIfDue(pool, a);
        }
    }

    private void refreshIfDue(PooledAccount a) {
        if (instance.refresher() == null || a.status().state() == AccountState.REAUTH_REQUIRED) {
            return;
        }
        try {
            if (instance.refresher().due(a.toAccount())) {
                instance.refresher().ensureFresh(a, a.toAccount(), false);
            }
        } catch (GatewayException e) {
            LOG.log(Level.WARNING, "background refresh of {0}/{1} failed: {2}",
                    new Object[]{instance.id(), a.name(), e.getMessage()});
        }
    }

    private void healthCheckIfDue(AccountPool pool, PooledAccount a) {
        PoolSettings ps = pool.settings();
        AccountHealthCheck check = instance.provider().healthCheck().orElse(null);
        if (check == null || !ps.healthCheck() || a.status().state() == AccountState.REAUTH_REQUIRED) {
            return;
        }
        boolean recovering = a.status().state() != AccountState.ACTIVE;
        Instant last = lastHealth.get(a.id());
        Instant now = clock.instant();
        if (last != null && now.isBefore(last.plus(recovering ? ps.recoveryInterval() : ps.healthInterval()))) {
            return;
        }
        lastHealth.put(a.id(), now);
        try {
            QuotaSnapshot q = check.check(a.toAccount());
            pool.events().healthCheck(PoolEvents.Outcome.OK);
            if (q != null) {
                pool.updateQuota(a, q);
            }
            PooledAccount.Status s = a.status();
            if (s.state() == AccountState.COOLING && s.reason() != null
                    && (s.reason().startsWith(HEALTH_REASON) || s.reason().contains("upstream errors"))) {
                pool.setState(a, AccountState.ACTIVE, null, null);
            }
        } catch (GatewayException e) {
            pool.events().healthCheck(outcome(e));
            LOG.log(Level.INFO, "health check of {0}/{1} failed: {2}", new Object[]{instance.id(), a.name(),
                    e.getMessage()});
            if (e.kind().effect() == dev.switchboard.spi.AccountEffect.COUNT_ERROR) {
                pool.setState(a, AccountState.COOLING, HEALTH_REASON + ": " + e.getMessage(),
                        now.plus(ps.recoveryInterval()));
            } else if (e.kind() != ErrorKind.INVALID_REQUEST) {
                pool.applyFailure(a, e);
            }
        } catch (RuntimeException e) {
            pool.events().healthCheck(PoolEvents.Outcome.FAILED);
            LOG.log(Level.WARNING, "health check of " + instance.id() + "/" + a.name() + " threw", e);
        }
    }

    private static PoolEvents.Outcome outcome(GatewayException e) {
        return e.kind().effect() == dev.switchboard.spi.AccountEffect.REAUTH
                || e.kind().effect() == dev.switchboard.spi.AccountEffect.BAN
                ? PoolEvents.Outcome.REJECTED : PoolEvents.Outcome.FAILED;
    }

    /**
     * Runs the health check of one account now (admin "test"), applying its outcome like a scheduled check.
     *
     * @return {@code {name, ok, state, quota?, error?}}
     */
    public jakarta.json.JsonObject checkNow(PooledAccount a) {
        lastHealth.remove(a.id());
        AccountHealthCheck check = instance.provider().healthCheck().orElse(null);
        var b = Jsons.objectBuilder().add("name", a.name());
        if (check == null) {
            return b.add("ok", false).add("error", "the plugin offers no health check").add("state",
                    a.status().state().wire()).build();
        }
        try {
            QuotaSnapshot q = check.check(a.toAccount());
            instance.pool().events().healthCheck(PoolEvents.Outcome.OK);
            if (q != null) {
                instance.pool().updateQuota(a, q);
                b.add("quota_remaining_fraction", q.remainingFraction());
            }
            PooledAccount.Status s = a.status();
            if (s.state() == AccountState.COOLING || (s.state() == AccountState.REAUTH_REQUIRED)) {
                instance.pool().setState(a, AccountState.ACTIVE, null, null);
            }
            b.add("ok", true);
        } catch (GatewayException e) {
            instance.pool().events().healthCheck(outcome(e));
            if (e.kind().effect() == dev.switchboard.spi.AccountEffect.COUNT_ERROR) {
                instance.pool().setState(a, AccountState.COOLING, HEALTH_REASON + ": " + e.getMessage(),
                        clock.instant().plus(instance.pool().settings().recoveryInterval()));
            } else if (e.kind() != ErrorKind.INVALID_REQUEST) {
                instance.pool().applyFailure(a, e);
            }
            b.add("ok", false).add("error", e.kind().name().toLowerCase(java.util.Locale.ROOT) + ": " + e.getMessage());
        }
        return b.add("state", a.status().state().wire()).build();
    }

    private void syncUsageIfDue(AccountPool pool, PooledAccount a) {
        UsageProbe probe = instance.provider().usageProbe().orElse(null);
        if (probe == null || a.status().state() == AccountState.REAUTH_REQUIRED) {
            return;
        }
        Instant now = clock.instant();
        Instant last = lastUsageSync.get(a.id());
        if (last != null && now.isBefore(last.plus(pool.settings().usageSyncInterval()))) {
            return;
        }
        lastUsageSync.put(a.id(), now);
        try {
            pool.updateQuota(a, probe.probe(a.toAccount()));
        } catch (GatewayException e) {
            LOG.log(Level.INFO, "quota sync of {0}/{1} failed: {2}", new Object[]{instance.id(), a.name(),
                    e.getMessage()});
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "quota probe of " + instance.id() + "/" + a.name() + " threw", e);
        }
    }
}
