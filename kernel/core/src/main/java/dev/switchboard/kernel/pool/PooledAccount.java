package dev.switchboard.kernel.pool;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.QuotaSnapshot;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An account's live state inside a pool: its stored record plus the counters strategies read. Counters are
 * atomics and the state is one volatile immutable snapshot, so selection reads without locking. Only the
 * error window is guarded (by this object's monitor) and it is touched on failures only.
 */
public final class PooledAccount {
    private volatile AccountRecord record;
    private volatile Status status;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong requests;
    private final AtomicLong tokens;
    private final AtomicLong successes = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile Instant lastUsed;
    private final Deque<Instant> recentErrors = new ArrayDeque<>();

    /**
     * The account's state as one immutable value.
     *
     * @param state  kernel state
     * @param until  end of cooling/exhaustion, or null
     * @param reason why (for admins), or null
     */
    public record Status(AccountState state, Instant until, String reason) {
    }

    PooledAccount(AccountRecord record) {
        this.record = record;
        this.status = new Status(record.state(), record.stateUntil(), record.stateReason());
        this.requests = new AtomicLong(record.requestCount());
        this.tokens = new AtomicLong(record.inputTokens() + record.outputTokens());
        this.lastUsed = record.lastUsedAt();
    }

    public long id() {
        return record.id();
    }

    public String name() {
        return record.name();
    }

    public AccountRecord record() {
        return record;
    }

    void record(AccountRecord r) {
        this.record = r;
    }

    public Status status() {
        return status;
    }

    void status(Status s) {
        this.status = s;
    }

    public int tier() {
        return record.tier();
    }

    public int weight() {
        return record.weight();
    }

    public Instant createdAt() {
        return record.createdAt();
    }

    public int inFlight() {
        return inFlight.get();
    }

    public long requests() {
        return requests.get();
    }

    public long tokens() {
        return tokens.get();
    }

    public Instant lastUsed() {
        return lastUsed;
    }

    public QuotaSnapshot quota() {
        return record.quota();
    }

    /** Share of recent outcomes that succeeded, in (0,1]; 1 for an account with no history. */
    public double healthScore() {
        long s = successes.get();
        long f = failures.get();
        return (s + 1.0) / (s + f + 1.0);
    }

    /** Claims an in-flight slot unless {@code limit} (> 0) is reached. Lock-free. */
    boolean tryClaim(int limit) {
        while (true) {
            int cur = inFlight.get();
            if (limit > 0 && cur >= limit) {
                return false;
            }
            if (inFlight.compareAndSet(cur, cur + 1)) {
                return true;
            }
        }
    }

    void release() {
        inFlight.decrementAndGet();
    }

    void markUsed(Instant at) {
        requests.incrementAndGet();
        lastUsed = at;
    }

    void addTokens(long n) {
        tokens.addAndGet(n);
    }

    void noteSuccess() {
        successes.incrementAndGet();
        synchronized (this) {
            recentErrors.clear();
        }
    }

    /** Records an upstream fault and returns how many fell within {@code windowStart}..now. */
    int noteError(Instant now, Instant windowStart) {
        failures.incrementAndGet();
        synchronized (this) {
            recentErrors.addLast(now);
            while (!recentErrors.isEmpty() && recentErrors.peekFirst().isBefore(windowStart)) {
                recentErrors.removeFirst();
            }
            return recentErrors.size();
        }
    }

    synchronized void clearErrors() {
        recentErrors.clear();
    }

    /** The account as plugins see it. */
    public Account toAccount() {
        AccountRecord r = record;
        return new Account(r.id(), r.provider(), r.name(), r.credentials(), status.state(), r.quota());
    }

    @Override
    public String toString() {
        return "PooledAccount[" + record.provider() + "/" + record.name() + ", " + status.state().wire() + "]";
    }
}
