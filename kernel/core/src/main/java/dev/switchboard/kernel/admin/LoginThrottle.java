package dev.switchboard.kernel.admin;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed-login throttling per user name and client address, with an increasing backoff instead of a lockout. The
 * first {@code freeAttempts} failures cost nothing; after that each further attempt must wait a backoff that
 * doubles from one second up to {@code maxBackoff}, and only one attempt at a time is let through, so a local
 * process cannot lock the admin out for long and a brute force gains at most one guess per backoff. A success, or
 * twice {@code maxBackoff} without a failure, forgets the history (an attacker who keeps trying stays at the
 * longest backoff).
 *
 * <p>Attempts are counted atomically: {@link #begin} reserves a slot before the password is checked (the slow hash
 * runs outside any lock), so 100 concurrent wrong logins get exactly {@code freeAttempts} password checks and 429s
 * for the rest. Thread-safe.
 */
final class LoginThrottle {
    /** Bound of the map of remembered (user, address) pairs; beyond it, forgotten ones are pruned first. */
    static final int MAX_ENTRIES = 10_000;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);

    private final int freeAttempts;
    private final Duration maxBackoff;
    private final Clock clock;
    private final Map<String, State> states = new ConcurrentHashMap<>();

    LoginThrottle(int freeAttempts, Duration maxBackoff, Clock clock) {
        this.freeAttempts = Math.max(0, freeAttempts);
        this.maxBackoff = maxBackoff.compareTo(FIRST_BACKOFF) < 0 ? FIRST_BACKOFF : maxBackoff;
        this.clock = clock;
    }

    /** Reserves an attempt for {@code key}, or throws 429 with the time to wait. Pair with {@link #end}. */
    void begin(String key) throws GatewayException {
        Instant now = clock.instant();
        if (states.size() >= MAX_ENTRIES) {
            prune(now);
        }
        State s = states.computeIfAbsent(key, k -> new State());
        Duration wait;
        synchronized (s) {
            if (s.forgettable(now, maxBackoff)) {
                s.failures = 0;
                s.notBefore = Instant.MIN;
            }
            boolean backingOff = s.failures + s.pending >= freeAttempts;
            if (now.isBefore(s.notBefore) || (backingOff && s.pending > 0)) {
                wait = now.isBefore(s.notBefore) ? Duration.between(now, s.notBefore) : FIRST_BACKOFF;
            } else {
                s.pending++;
                return;
            }
        }
        throw GatewayException.builder(ErrorKind.CLIENT_RATE_LIMITED).retryAfter(wait)
                .message("too many failed logins; try again in " + Math.max(1, (wait.toMillis() + 999) / 1000) + "s")
                .build();
    }

    /** Ends an attempt begun with {@link #begin}. */
    void end(String key, boolean success) {
        State s = states.get(key);
        if (s == null) {
            return;
        }
        Instant now = clock.instant();
        synchronized (s) {
            s.pending = Math.max(0, s.pending - 1);
            if (success) {
                s.failures = 0;
                s.notBefore = Instant.MIN;
            } else {
                s.failures++;
                s.lastFailure = now;
                int over = s.failures - freeAttempts;
                if (over >= 0) {
                    s.notBefore = now.plus(backoff(over));
                }
            }
        }
    }

    /** 1 s, 2 s, 4 s, ... for the 0th, 1st, 2nd failure past the free ones, capped at the longest backoff. */
    Duration backoff(int overFree) {
        if (overFree >= 40) {
            return maxBackoff;
        }
        Duration d = FIRST_BACKOFF.multipliedBy(1L << overFree);
        return d.compareTo(maxBackoff) > 0 ? maxBackoff : d;
    }

    private void prune(Instant now) {
        states.entrySet().removeIf(e -> {
            State s = e.getValue();
            synchronized (s) {
                return s.pending == 0 && s.forgettable(now, maxBackoff);
            }
        });
    }

    int size() {
        return states.size();
    }

    /** Guarded by its own monitor. */
    private static final class State {
        int failures;
        int pending;
        Instant notBefore = Instant.MIN;
        Instant lastFailure = Instant.MIN;

        boolean forgettable(Instant now, Duration maxBackoff) {
            return pending == 0 && !now.isBefore(notBefore) && !now.isBefore(lastFailure.plus(maxBackoff.multipliedBy(2)));
        }
    }
}
