package dev.switchboard.kernel.pool;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what a pool reports, as {@code affinity:hit}, {@code refresh:ok}, {@code health:failed}, ... */
public final class RecordingPoolEvents implements PoolEvents {
    public final List<String> seen = new CopyOnWriteArrayList<>();

    @Override
    public void affinity(Affinity outcome) {
        seen.add("affinity:" + outcome.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void refresh(Outcome outcome) {
        seen.add("refresh:" + outcome.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void healthCheck(Outcome outcome) {
        seen.add("health:" + outcome.name().toLowerCase(java.util.Locale.ROOT));
    }
}
