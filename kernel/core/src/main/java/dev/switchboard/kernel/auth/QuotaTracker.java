package dev.switchboard.kernel.auth;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToLongFunction;

/**
 * Daily and monthly token quotas and cost limits per client key (UTC windows). The first check of a key in a
 * window loads its total from the usage store; afterwards answered requests add to an in-memory counter, so checks
 * do not hit the database. A key over a quota or limit gets 429 (the dialect's quota error) until the window
 * ends. Limits are checked before a request, so the request that crosses one still completes: a key can overshoot
 * by one request. With several gateways on one database each also re-reads the totals every {@code resync}, since
 * the others' requests count too: a key can then overshoot by what the other instances answer within one resync
 * interval, plus one request each.
 * Costs are counted in billionths of the currency unit (the precision of the usage rows). Thread-safe.
 */
public final class QuotaTracker {
    private static final int COST_SCALE = 9;

    private final Clock clock;
    private final TokenTotals totals;
    private final String currency;
    private final Map<String, Window> dailyTokens = new ConcurrentHashMap<>();
    private final Map<String, Window> monthlyTokens = new ConcurrentHashMap<>();
    private final Map<String, Window> dailyCost = new ConcurrentHashMap<>();
    private final Map<String, Window> monthlyCost = new ConcurrentHashMap<>();

    private final Duration resync;

    /** A key's total in one window, as loaded at {@code loadedAt} plus this gateway's requests since. */
    private record Window(Instant start, AtomicLong used, Instant loadedAt) {
    }

    /**
     * @param currency the price table's currency, named in the messages of cost limits
     */
    public QuotaTracker(Clock clock, TokenTotals totals, String currency) {
        this(clock, totals, currency, null);
    }

    /**
     * @param resync how often a window's total is re-read from the usage store (gateways sharing a database), or
     *               null to load it once per window (one gateway: it sees every request itself)
     */
    public QuotaTracker(Clock clock, TokenTotals totals, String currency, Duration resync) {
        this.clock = clock;
        this.totals = totals;
        this.currency = currency;
        this.resync = resync;
    }

    /** Throws when the key already used its daily or monthly token quota or cost limit. */
    public void check(ClientPrincipal p) throws GatewayException {
        Instant now = clock.instant();
        Instant day = dayStart(now);
        Instant month = monthStart(now);
        if (p.dailyTokenQuota() > 0
                && window(dailyTokens, p.name(), day, totals::tokensToday) >= p.dailyTokenQuota()) {
            throw exceeded("daily token quota", p, p.dailyTokenQuota() + " tokens", nextDay(day), now);
        }
        if (p.monthlyTokenQuota() > 0
                && window(monthlyTokens, p.name(), month, totals::tokensThisMonth) >= p.monthlyTokenQuota()) {
            throw exceeded("monthly token quota", p, p.monthlyTokenQuota() + " tokens", nextMonth(month), now);
        }
        if (p.dailyCostLimit() != null && window(dailyCost, p.name(), day, k -> units(totals.costToday(k)))
                >= units(p.dailyCostLimit())) {
            throw exceeded("daily cost limit", p, p.dailyCostLimit().toPlainString() + " " + currency, nextDay(day),
                    now);
        }
        if (p.monthlyCostLimit() != null && window(monthlyCost, p.name(), month, k -> units(totals.costThisMonth(k)))
                >= units(p.monthlyCostLimit())) {
            throw exceeded("monthly cost limit", p, p.monthlyCostLimit().toPlainString() + " " + currency,
                    nextMonth(month), now);
        }
    }

    /**
     * Adds an answered request's tokens and cost to the key's open windows. Windows exist only for keys with
     * quotas or limits (they are opened by {@link #check}); a window that has rolled over is reloaded on the next
     * check.
     *
     * @param cost the request's cost, or null when it was not priced
     */
    public void add(String keyName, long tokens, BigDecimal cost) {
        if (keyName == null) {
            return;
        }
        Instant now = clock.instant();
        if (tokens > 0) {
            addTo(dailyTokens.get(keyName), dayStart(now), tokens);
            addTo(monthlyTokens.get(keyName), monthStart(now), tokens);
        }
        if (cost != null && cost.signum() > 0) {
            long units = units(cost);
            addTo(dailyCost.get(keyName), dayStart(now), units);
            addTo(monthlyCost.get(keyName), monthStart(now), units);
        }
    }

    private static void addTo(Window w, Instant currentStart, long amount) {
        if (w != null && w.start().equals(currentStart)) {
            w.used().addAndGet(amount);
        }
    }

    private long window(Map<String, Window> map, String key, Instant start, ToLongFunction<String> load) {
        Instant now = clock.instant();
        return map.compute(key, (k, w) -> w != null && w.start().equals(start) && fresh(w, now) ? w
                : new Window(start, new AtomicLong(load.applyAsLong(k)), now)).used().get();
    }

    private boolean fresh(Window w, Instant now) {
        return resync == null || now.isBefore(w.loadedAt().plus(resync));
    }

    private static long units(BigDecimal amount) {
        return amount.setScale(COST_SCALE, RoundingMode.HALF_UP).unscaledValue().longValueExact();
    }

    private static GatewayException exceeded(String which, ClientPrincipal p, String limit, Instant resets,
                                             Instant now) {
        return GatewayException.builder(ErrorKind.CLIENT_QUOTA)
                .message("the " + which + " of key '" + p.name() + "' is used up (" + limit + "); it resets at "
                        + resets)
                .retryAfter(Duration.between(now, resets)).build();
    }

    private static Instant nextDay(Instant dayStart) {
        return dayStart.plus(Duration.ofDays(1));
    }

    private static Instant nextMonth(Instant monthStart) {
        return LocalDate.ofInstant(monthStart, ZoneOffset.UTC).plusMonths(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    static Instant dayStart(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    static Instant monthStart(Instant now) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }
}
