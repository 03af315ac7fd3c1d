package dev.switchboard.kernel.store;

import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import java.time.Instant;

/** Builds usage rows for tests. */
final class UsageRows {

    private UsageRows() {
    }

    static UsageRecord row(Instant ts, String key, String provider, String account, String model, long in, long out,
                           UsageOutcome outcome) {
        return new UsageRecord(ts, key == null ? null : (long) key.hashCode(), key, provider, account, model,
                model == null ? null : model + "-upstream", new Usage(in, out, 1, 2, UsageSource.UPSTREAM),
                120L, 30L, outcome == UsageOutcome.OK ? 200 : 502, outcome, Dialect.ANTHROPIC, true);
    }

    /** The row with a cost and metered credits. */
    static UsageRecord priced(UsageRecord r, String cost, double credits) {
        return new UsageRecord(r.ts(), r.clientKeyId(), r.clientKeyName(), r.provider(), r.accountName(), r.routeModel(),
                r.upstreamModel(), r.usage().withCredits(credits), r.latencyMs(), r.ttftMs(), r.status(), r.outcome(),
                r.dialect(), r.stream(), cost == null ? null : new java.math.BigDecimal(cost));
    }
}
