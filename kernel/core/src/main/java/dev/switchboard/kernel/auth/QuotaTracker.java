package dev.switchboard.kernel.auth;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Daily and monthly token quotas per client key (UTC windows). The first check of a key in a window loads
 * its total from the usage store; afterwards answered requests add to an in-memory counter, so checks do
 * not hit the database. A key over its quota gets 429 (decision 13) until the window ends. Thread-safe.
 */
public final class QuotaTracker {
    private final Clock clock;
    private final TokenTotals totals;
    private final Map<String, Window> daily = new ConcurrentHashMap<>();
    private final Map<String, Window> monthly = new ConcurrentHashMap<>();

    private record Window(Instant start, AtomicLong used) {
    }

    public QuotaTracker(Clock clock, TokenTotals totals) {
        this.clock = clock;
        this.totals = totals;
    }

    /** Throws when the key already used its daily or monthly quota. */
    public void check(ClientPrincipal p) throws GatewayException {
        Instant now = clock.instant();
        if (p.dailyTokenQuota() > 0) {
            Window w = window(daily, p.name(), dayStart(now), totals::tokensToday);
            if (w.used().get() >= p.dailyTokenQuota()) {
                throw quota("daily", p, w.start().plus(Duration.ofDays(1)), now);
            }
        }
        if (p.monthlyTokenQuota() > 0) {
            Window w = window(monthly, p.name(), monthStart(now), totals::tokensThisMonth);
            if (w.used().get() >= p.monthlyTokenQuota()) {
                Instant next = LocalDate.ofInstant(w.start(), ZoneOffset.UTC).plusMonths(1).atStartOfDay()
                        .toInstant(ZoneOffset.UTC);
                throw quota("monthly", p, next, now);
            }
        }
    }

    /**
     * Adds an answered request's tokens to the key's open windows. Windows exist only for keys with quotas
     * (they are opened by {@link #check}); a window that has rolled over is reloaded on the next check.
     */
    public void add(String keyName, long tokens) {
        if (tokens <= 0 || keyName == null) {
            return;
        }
        Instant now = clock.instant();
        addTo(daily.get(keyName), dayStart(now), tokens);
        addTo(monthly.get(keyName), monthStart(now), tokens);
    }

    private static void addTo(Window w, Instant currentStart, long tokens) {
        if (w != null && w.start().equals(currentStart)) {
            w.used().addAndGet(tokens);
        }
    }

    private static Window window(Map<String, Window> map, String key, Instant start,
                                 java.util.function.ToLongFunction<String> load) {
        return map.compute(key, (k, w) -> w != null && w.start().equals(start) ? w
                : new Window(start, new AtomicLong(load.applyAsLong(k))));
    }

    private static GatewayException quota(String which, ClientPrincipal p, Instant resets, Instant now) {
        return GatewayException.builder(ErrorKind.CLIENT_QUOTA)
                .message("the " + which + " token quota of key '" + p.name() + "' is used up ("
                        + (which.equals("daily") ? p.dailyTokenQuota() : p.monthlyTokenQuota()) + " tokens); it resets at "
                        + resets)
                .retryAfter(Duration.between(now, resets)).build();
    }

    static Instant dayStart(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    static Instant monthStart(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
