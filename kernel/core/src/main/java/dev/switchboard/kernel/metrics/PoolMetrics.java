package dev.switchboard.kernel.metrics;

import dev.switchboard.kernel.pool.PoolEvents;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.QuotaSnapshot;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Pool meters. Gauges are computed when scraped, from the pools' own lock-free state: accounts per provider and
 * state, requests in flight on pooled accounts, quota fractions the plugins read, the last hour's cache-read
 * ratios, and the usage writer's backlog. Event counters (affinity, refreshes, health checks) are fed by each
 * pool's {@link PoolEvents}, with their label values bound once per provider. Thread-safe.
 */
final class PoolMetrics {
    private final Counter affinity;
    private final Counter refreshes;
    private final Counter healthChecks;

    PoolMetrics(PrometheusRegistry registry, List<ProviderInstance> providers, CacheTelemetry cache,
                LongSupplier backlog) {
        GaugeWithCallback.builder().name("switchboard_accounts")
                .help("Accounts per provider and state")
                .labelNames("provider", "state")
                .callback(cb -> {
                    for (ProviderInstance i : providers) {
                        Map<AccountState, Integer> counts = new EnumMap<>(AccountState.class);
                        for (AccountState s : AccountState.values()) {
                            counts.put(s, 0);
                        }
                        for (PooledAccount a : i.pool().all()) {
                            counts.merge(a.status().state(), 1, Integer::sum);
                        }
                        counts.forEach((s, n) -> cb.call(n, i.id(), s.wire()));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("switchboard_in_flight")
                .help("Requests in flight on the provider's pooled accounts")
                .labelNames("provider")
                .callback(cb -> {
                    for (ProviderInstance i : providers) {
                        long n = 0;
                        for (PooledAccount a : i.pool().all()) {
                            n += a.inFlight();
                        }
                        cb.call(n, i.id());
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("switchboard_account_quota_remaining_ratio")
                .help("Remaining share of an account's upstream quota, where the plugin reads it (0..1)")
                .labelNames("provider", "account")
                .callback(cb -> {
                    for (ProviderInstance i : providers) {
                        for (PooledAccount a : i.pool().all()) {
                            QuotaSnapshot q = a.quota();
                            if (q != null && q.used() != null && q.limit() != null && q.limit() > 0) {
                                cb.call(q.remainingFraction(), i.id(), a.name());
                            }
                        }
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("switchboard_cache_read_ratio")
                .help("Share of a provider's prompt tokens read from the upstream's prompt cache in the last hour")
                .labelNames("provider")
                .callback(cb -> cache.providers().forEach(r -> cb.call(r.ratio(), r.provider())))
                .register(registry);
        GaugeWithCallback.builder().name("switchboard_account_cache_read_ratio")
                .help("Share of an account's prompt tokens read from the upstream's prompt cache in the last hour")
                .labelNames("provider", "account")
                .callback(cb -> cache.accounts().forEach(r -> cb.call(r.ratio(), r.provider(), r.account())))
                .register(registry);
        GaugeWithCallback.builder().name("switchboard_usage_writer_backlog")
                .help("Usage rows handed to the usage writer and not yet durable")
                .callback(cb -> cb.call(backlog.getAsLong())).register(registry);
        affinity = Counter.builder().name("switchboard_affinity_total")
                .help("Account selections of conversations: hit (its account served it), miss (no account yet), "
                        + "moved (another account took it over; its prompt cache starts over)")
                .labelNames("provider", "outcome").withoutExemplars().register(registry);
        refreshes = Counter.builder().name("switchboard_credential_refreshes_total")
                .help("Credential refreshes by outcome (ok, rejected: the account needs a new login, failed)")
                .labelNames("provider", "outcome").withoutExemplars().register(registry);
        healthChecks = Counter.builder().name("switchboard_health_checks_total")
                .help("Account health checks by outcome (ok, rejected: credential or account refused, failed)")
                .labelNames("provider", "outcome").withoutExemplars().register(registry);
    }

    /** The events sink of one provider's pool. */
    PoolEvents events(String provider) {
        Map<PoolEvents.Affinity, CounterDataPoint> a = new EnumMap<>(PoolEvents.Affinity.class);
        for (PoolEvents.Affinity o : PoolEvents.Affinity.values()) {
            a.put(o, affinity.labelValues(provider, label(o)));
        }
        Map<PoolEvents.Outcome, CounterDataPoint> r = new EnumMap<>(PoolEvents.Outcome.class);
        Map<PoolEvents.Outcome, CounterDataPoint> h = new EnumMap<>(PoolEvents.Outcome.class);
        for (PoolEvents.Outcome o : PoolEvents.Outcome.values()) {
            r.put(o, refreshes.labelValues(provider, label(o)));
            h.put(o, healthChecks.labelValues(provider, label(o)));
        }
        return new PoolEvents() {
            @Override
            public void affinity(Affinity outcome) {
                a.get(outcome).inc();
            }

            @Override
            public void refresh(Outcome outcome) {
                r.get(outcome).inc();
            }

            @Override
            public void healthCheck(Outcome outcome) {
                h.get(outcome).inc();
            }
        };
    }

    private static String label(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }
}
