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
}
