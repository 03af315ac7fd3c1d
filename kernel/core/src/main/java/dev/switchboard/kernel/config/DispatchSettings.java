package dev.switchboard.kernel.config;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.wire.EffortBudgets;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * {@code dispatch:} — the attempt loop shared by all routes.
 *
 * @param maxAttempts        attempts per request across accounts and route targets, before the first byte (default 3)
 * @param affinityTtl        how long a conversation stays pinned to its account after its last request (default 1 h)
 * @param affinityMaxEntries bound of the affinity map (default 100 000 conversations)
 * @param errorBodyLimit     bytes of an upstream error body read for classification (default 64 KiB)
 * @param reasoningBudgets   the thinking budget an OpenAI client's reasoning effort becomes
 *                           ({@code reasoning-budgets}, default {@link EffortBudgets#DEFAULTS})
 */
public record DispatchSettings(int maxAttempts, Duration affinityTtl, int affinityMaxEntries, int errorBodyLimit,
                               EffortBudgets reasoningBudgets) {
    static final Set<String> KEYS = Set.of("max-attempts", "affinity-ttl", "affinity-max-entries", "error-body-limit",
            "reasoning-budgets");
    private static final Set<String> LEVELS = Set.of("low", "medium", "high", "xhigh");

    /** Settings with the default effort table. */
    public DispatchSettings(int maxAttempts, Duration affinityTtl, int affinityMaxEntries, int errorBodyLimit) {
        this(maxAttempts, affinityTtl, affinityMaxEntries, errorBodyLimit, EffortBudgets.DEFAULTS);
    }

    static DispatchSettings read(PluginConfig c) throws ConfigException {
        int attempts = c.integer("max-attempts", 3);
        if (attempts < 1) {
            throw c.problem("max-attempts", "must be at least 1");
        }
        return new DispatchSettings(attempts,
                c.duration("affinity-ttl", ChronoUnit.SECONDS).orElse(Duration.ofHours(1)),
                c.integer("affinity-max-entries", 100_000), c.integer("error-body-limit", 64 * 1024),
                budgets(c.child("reasoning-budgets").orElse(null)));
    }

    private static EffortBudgets budgets(PluginConfig c) throws ConfigException {
        if (c == null) {
            return EffortBudgets.DEFAULTS;
        }
        c.rejectUnknownKeys(LEVELS);
        EffortBudgets d = EffortBudgets.DEFAULTS;
        try {
            return new EffortBudgets(c.integer("low", d.low()), c.integer("medium", d.medium()),
                    c.integer("high", d.high()), c.integer("xhigh", d.xhigh()));
        } catch (IllegalArgumentException e) {
            throw c.problem(null, e.getMessage());
        }
    }
}
