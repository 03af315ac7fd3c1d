package dev.switchboard.kernel.pool;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.GatewayException;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One request's hold on one account: it carries the account to the end of the attempt and applies the
 * outcome (success counters and affinity, or the error's account effect) to that account only. Closing it
 * frees the concurrency slot; closing twice is harmless. Used by the request's own thread.
 */
public final class Lease implements AutoCloseable {
    private final AccountPool pool;
    private final PooledAccount account;
    private final String conversationKey;
    private final Instant acquiredAt;
    private final String leftPinnedBecause;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Account snapshot;

    Lease(AccountPool pool, PooledAccount account, String conversationKey, Instant acquiredAt,
          String leftPinnedBecause) {
        this.pool = pool;
        this.account = account;
        this.conversationKey = conversationKey;
        this.acquiredAt = acquiredAt;
        this.leftPinnedBecause = leftPinnedBecause;
        this.snapshot = account.toAccount();
    }

    /**
     * The account as it was leased. A credential refreshed during the attempt is the one
     * {@code RefreshCoordinator.ensureFresh} returns, which the attempt uses from then on.
     */
    public Account account() {
        return snapshot;
    }

    public PooledAccount pooled() {
        return account;
    }

    public AccountPool pool() {
        return pool;
    }

    public String conversationKey() {
        return conversationKey;
    }

    public Instant acquiredAt() {
        return acquiredAt;
    }

    /**
     * Why the conversation's pinned account did not get this lease, or null when this lease is on the pinned
     * account (or the conversation had none). When such a lease succeeds, the conversation moves here.
     */
    public String leftPinnedBecause() {
        return leftPinnedBecause;
    }

    /** Records a served request. */
    public void success(long inputTokens, long outputTokens) {
        pool.onSuccess(this, inputTokens, outputTokens);
    }

    /** Applies a failure's account effect. */
    public void failure(GatewayException e) {
        pool.onFailure(this, e);
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            account.release();
        }
    }
}
