package dev.switchboard.spi;

import java.time.Duration;

/**
 * Waiting, made injectable (like every timer) so polling and backoff are tested in milliseconds. The kernel
 * passes a real sleeper in production and a fake that advances a test clock in tests. Thread-safe.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps on the calling (virtual) thread. */
    static Sleeper system() {
        return d -> {
            if (!d.isNegative() && !d.isZero()) {
                Thread.sleep(d);
            }
        };
    }
}
