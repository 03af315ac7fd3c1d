package dev.switchboard.spi;

/**
 * A plugin-supplied probe the kernel runs on its schedule (and when an admin tests an account) to see whether an
 * account works, ideally without spending quota. It reports {@link HealthReport.Verdict healthy, unhealthy or
 * unknown}; build failures with {@link HealthReport#failed}, which decides what counts as evidence about the
 * credential. Thread-safe.
 */
public interface AccountHealthCheck {

    /**
     * Checks one account. Never throws for upstream trouble: a classified failure becomes
     * {@link HealthReport#failed}, an answer that proves nothing {@link HealthReport#unknown}.
     */
    HealthReport check(Account account);
}
