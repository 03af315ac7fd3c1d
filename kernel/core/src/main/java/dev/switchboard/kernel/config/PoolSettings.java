package dev.switchboard.kernel.config;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * Kernel-owned pool keys of a provider instance: the same for every plugin, which owns only its wire keys.
 *
 * @param strategy               selection strategy within a tier (default {@code round-robin}; aliases accepted)
 * @param affinity               keep a conversation on the account that served it (default true)
 * @param cooldown               cooling time after an upstream 429 without Retry-After (default 60 s)
 * @param errorThreshold         upstream errors (5xx, timeouts, resets) within {@code errorWindow} before an
 *                               account cools (default 3)
 * @param errorWindow            window for {@code errorThreshold} (default 60 s)
 * @param errorCooldown          cooling time after the threshold is reached (default 30 s)
 * @param maxConcurrency         default in-flight limit per account, 0 = unlimited (default 0)
 * @param healthCheck            run the plugin's health check on a schedule (default true when it has one)
 * @param healthInterval         interval for active accounts (default 10 min)
 * @param recoveryInterval       interval for cooling/unhealthy accounts, to recover them (default 2 min)
 * @param usageSyncInterval      quota probe interval (default 10 min)
 * @param refreshCheckInterval   how often expiring credentials are looked for (default 60 s)
 * @param maxCooldown            the longest an upstream's {@code Retry-After} (or rate-limit reset header) may cool
 *                               an account, and the longest Retry-After a client is told (default 1 h); quota
 *                               exhaustion keeps its own reset time
 */
public record PoolSettings(String strategy, boolean affinity, Duration cooldown, int errorThreshold,
                           Duration errorWindow, Duration errorCooldown, int maxConcurrency, boolean healthCheck,
                           Duration healthInterval, Duration recoveryInterval, Duration usageSyncInterval,
                           Duration refreshCheckInterval, Duration maxCooldown) {
    static final Set<String> KEYS = Set.of("strategy", "affinity", "cooldown", "error-threshold", "error-window",
            "error-cooldown", "max-concurrency", "health-check", "health-interval", "recovery-interval",
            "usage-sync-interval", "refresh-check-interval", "max-cooldown");
    static final Duration DEFAULT_MAX_COOLDOWN = Duration.ofHours(1);

    /** The settings with the default {@code max-cooldown}. */
    public PoolSettings(String strategy, boolean affinity, Duration cooldown, int errorThreshold, Duration errorWindow,
                        Duration errorCooldown, int maxConcurrency, boolean healthCheck, Duration healthInterval,
                        Duration recoveryInterval, Duration usageSyncInterval, Duration refreshCheckInterval) {
        this(strategy, affinity, cooldown, errorThreshold, errorWindow, errorCooldown, maxConcurrency, healthCheck,
                healthInterval, recoveryInterval, usageSyncInterval, refreshCheckInterval, DEFAULT_MAX_COOLDOWN);
    }

    /** {@code retryAfter} capped at {@link #maxCooldown()}; null stays null. */
    public Duration capRetryAfter(Duration retryAfter) {
        return retryAfter == null || retryAfter.compareTo(maxCooldown) <= 0 ? retryAfter : maxCooldown;
    }

    /** The pool keys allowed on a provider instance. */
    public static Set<String> keys() {
        return KEYS;
    }

    public static PoolSettings defaults() {
        return new PoolSettings("round-robin", true, Duration.ofSeconds(60), 3, Duration.ofSeconds(60),
                Duration.ofSeconds(30), 0, true, Duration.ofMinutes(10), Duration.ofMinutes(2),
                Duration.ofMinutes(10), Duration.ofSeconds(60));
    }

    static PoolSettings read(PluginConfig c) throws ConfigException {
        PoolSettings d = defaults();
        int threshold = c.integer("error-threshold", d.errorThreshold);
        if (threshold < 1) {
            throw c.problem("error-threshold", "must be at least 1");
        }
        int maxConc = c.integer("max-concurrency", d.maxConcurrency);
        if (maxConc < 0) {
            throw c.problem("max-concurrency", "must be 0 (unlimited) or more");
        }
        Duration maxCooldown = c.duration("max-cooldown", ChronoUnit.SECONDS).orElse(d.maxCooldown);
        if (maxCooldown.isNegative() || maxCooldown.isZero()) {
            throw c.problem("max-cooldown", "must be longer than 0");
        }
        Duration cooldown = c.duration("cooldown", ChronoUnit.SECONDS).orElse(d.cooldown);
        if (cooldown.compareTo(maxCooldown) > 0) {
            throw c.problem("cooldown", "must not be longer than max-cooldown (" + maxCooldown.toSeconds() + "s)");
        }
        return new PoolSettings(c.string("strategy", d.strategy), c.bool("affinity", d.affinity), cooldown, threshold,
                c.duration("error-window", ChronoUnit.SECONDS).orElse(d.errorWindow),
                c.duration("error-cooldown", ChronoUnit.SECONDS).orElse(d.errorCooldown), maxConc,
                c.bool("health-check", d.healthCheck),
                c.duration("health-interval", ChronoUnit.SECONDS).orElse(d.healthInterval),
                c.duration("recovery-interval", ChronoUnit.SECONDS).orElse(d.recoveryInterval),
                c.duration("usage-sync-interval", ChronoUnit.SECONDS).orElse(d.usageSyncInterval),
                c.duration("refresh-check-interval", ChronoUnit.SECONDS).orElse(d.refreshCheckInterval), maxCooldown);
    }
}
