package dev.switchboard.kernel.schedule;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.kernel.config.PoolSettings;
import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.PoolEvents;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HealthReport;
import dev.switchboard.spi.UsageProbe;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One maintenance pass over one provider instance's accounts, run by {@link Scheduler} at the pool's
 * shortest interval. Which account is due for what is decided with the injectable clock, so
 * tests drive passes directly. Thread-safe: passes of one instance never overlap (the scheduler runs them
 * one at a time), and per-account work only touches the pool's thread-safe API.
 */
public final class PoolMaintenance {
    private static final Logger LOG = Logger.getLogger(PoolMaintenance.class.getName());
    /** The reason earlier versions gave a health-check cooling; such states still recover on a healthy check. */
    static final String HEALTH_REASON = "health check failed";

    private final ProviderInstance instance;
    private final Clock clock;
    private final Map<Long, Instant> lastHealth = new ConcurrentHashMap<>();
    private final Map<Long, Instant> lastUsageSync = new ConcurrentHashMap<>();
    private final Map<Long, LastReport> reports = new ConcurrentHashMap<>();

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
        HealthReport report = run(check, a);
        if (report.verdict() == HealthReport.Verdict.HEALTHY) {
            PooledAccount.Status s = a.status();
            if (s.state() == AccountState.COOLING && s.reason() != null
                    && (s.reason().startsWith(HEALTH_REASON) || s.reason().contains("upstream errors"))) {
                pool.setState(a, AccountState.ACTIVE, null, null);
            }
        }
    }

    /**
     * Runs the health check of one account now (admin "test"), applying its outcome like a scheduled check; a
     * healthy verdict also brings back an account that was cooling or needed re-authentication.
     *
     * @return {@code {name, health, ok, state, quota_remaining_fraction?, error?}}
     */
    public jakarta.json.JsonObject checkNow(PooledAccount a) {
        lastHealth.put(a.id(), clock.instant());
        AccountHealthCheck check = instance.provider().healthCheck().orElse(null);
        var b = Jsons.objectBuilder().add("name", a.name());
        if (check == null) {
            return b.add("health", HealthReport.Verdict.UNKNOWN.wire()).add("ok", false)
                    .add("error", "the plugin offers no health check").add("state", a.status().state().wire()).build();
        }
        HealthReport report = run(check, a);
        if (report.verdict() == HealthReport.Verdict.HEALTHY) {
            PooledAccount.Status s = a.status();
            if (s.state() == AccountState.COOLING || s.state() == AccountState.REAUTH_REQUIRED) {
                instance.pool().setState(a, AccountState.ACTIVE, null, null);
            }
        }
        b.add("health", report.verdict().wire()).add("ok", report.verdict() == HealthReport.Verdict.HEALTHY);
        if (report.quota() != null) {
            b.add("quota_remaining_fraction", report.quota().remainingFraction());
        }
        if (report.detail() != null) {
            b.add("error", report.detail());
        }
        return b.add("state", a.status().state().wire()).build();
    }

    /**
     * Runs a check and applies what it proved: quota figures are stored, an unhealthy verdict applies its
     * failure's account effect (reauth, exhausted, banned, or cooling capped at max-cooldown), an unknown one only
     * is logged. The verdict is remembered for the admin view.
     */
    private HealthReport run(AccountHealthCheck check, PooledAccount a) {
        HealthReport report;
        try {
            report = check.check(a.toAccount());
            if (report == null) {
                throw new IllegalStateException("the health check returned no report");
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "health check of " + instance.id() + "/" + a.name() + " threw", e);
            report = HealthReport.unknown("the health check failed: " + e.getClass().getSimpleName());
        }
        AccountPool pool = instance.pool();
        if (report.quota() != null) {
            pool.updateQuota(a, report.quota());
        }
        pool.events().healthCheck(switch (report.verdict()) {
            case HEALTHY -> PoolEvents.Outcome.OK;
            case UNHEALTHY -> PoolEvents.Outcome.REJECTED;
            case UNKNOWN -> PoolEvents.Outcome.FAILED;
        });
        switch (report.verdict()) {
            case HEALTHY -> LOG.log(Level.FINE, "health check of {0}/{1}: healthy", new Object[]{instance.id(), a.name()});
            case UNHEALTHY -> {
                LOG.log(Level.INFO, "health check of {0}/{1}: unhealthy ({2})", new Object[]{instance.id(), a.name(),
                        report.detail()});
                pool.applyFailure(a, report.failure());
            }
            case UNKNOWN -> LOG.log(Level.INFO, "health check of {0}/{1} was inconclusive, the account is left as it "
                    + "is: {2}", new Object[]{instance.id(), a.name(), report.detail()});
        }
        reports.put(a.id(), new LastReport(report.verdict(), report.detail(), clock.instant()));
        return report;
    }

    /**
     * The last health verdict of an account, for the admin view: {@code {status, checked_at, detail?}}, or null
     * when none ran since the start.
     */
    public jakarta.json.JsonObject lastReport(long accountId) {
        LastReport r = reports.get(accountId);
        if (r == null) {
            return null;
        }
        var b = Jsons.objectBuilder().add("status", r.verdict().wire()).add("checked_at", r.at().toString());
        if (r.detail() != null) {
            b.add("detail", r.detail());
        }
        return b.build();
    }

    private record LastReport(HealthReport.Verdict verdict, String detail, Instant at) {
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
