package dev.switchboard.plugin.factory.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Backoff after transient refresh failures (from 30 s, doubling, up to 15 min), per
 * account, so a WorkOS outage is not hammered by every request and scheduler tick while the old access
 * token stays in use. Thread-safe.
 */
final class RefreshBackoff {
    static final Duration FIRST = Duration.ofSeconds(30);
    static final Duration MAX = Duration.ofMinutes(15);

    private record State(int failures, Instant next) {
    }

    private final Clock clock;
    private final Map<Long, State> states = new ConcurrentHashMap<>();

    RefreshBackoff(Clock clock) {
        this.clock = clock;
    }

    /** When the account may try again, or null when it may try now. */
    Instant blockedUntil(long accountId) {
        State s = states.get(accountId);
        return s == null || !clock.instant().isBefore(s.next) ? null : s.next;
    }

    /** Records a transient failure and returns the wait before the next try. */
    Duration failed(long accountId) {
        State s = states.merge(accountId, new State(1, clock.instant().plus(FIRST)), (old, fresh) -> {
            int n = old.failures + 1;
            Duration wait = FIRST.multipliedBy(1L << Math.min(n - 1, 10));
            return new State(n, clock.instant().plus(wait.compareTo(MAX) > 0 ? MAX : wait));
        });
        return Duration.between(clock.instant(), s.next);
    }

    void succeeded(long accountId) {
        states.remove(accountId);
    }
}
