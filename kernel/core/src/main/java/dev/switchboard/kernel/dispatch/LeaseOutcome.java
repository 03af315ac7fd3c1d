package dev.switchboard.kernel.dispatch;

import dev.switchboard.kernel.pool.Lease;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.model.Usage;

/**
 * What one attempt tells its account: a failure at most once (a stream that failed mid-way must not be counted
 * twice, once when it ended and once when the dispatcher saw the exception), a success only after the request's
 * usage row is durable. No lease (an upstream without accounts) means nothing to tell. Single use, one thread.
 */
final class LeaseOutcome {
    private final Lease lease;
    private boolean failureApplied;

    LeaseOutcome(Lease lease) {
        this.lease = lease;
    }

    /** Applies the error's account effect (the pool's rules decide what it is), once per attempt. */
    void failure(GatewayException e) {
        if (lease != null && !failureApplied) {
            failureApplied = true;
            lease.failure(e);
        }
    }

    /** Credits the account with a request it served, with the tokens it served. */
    void success(Usage u) {
        if (lease != null) {
            lease.success(u.promptTokens(), u.outputTokens());
        }
    }
}
