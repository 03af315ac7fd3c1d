package dev.switchboard.kernel.store;

import dev.switchboard.kernel.pool.AccountRecord;
import dev.switchboard.kernel.pool.AccountStore;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.QuotaSnapshot;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The pools' {@link AccountStore} with the per-request counters (requests, successes, errors, tokens, last use,
 * last error) kept in memory and added to the database in one transaction every {@code flushInterval} and at
 * {@link #close()}, instead of one transaction per request on the request's thread. Counters are written as
 * increments ({@code n = n + delta}), never as absolute values, so gateways sharing one database add up.
 * Everything else — state changes (cooling, exhausted, reauth-required, disabled), credentials, settings — goes
 * to the database at once, as before. A {@code kill -9} can lose at most the last interval of counters; a
 * failed flush keeps its deltas for the next one.
 *
 * <p>Thread-safe: request threads add to per-account deltas under the delta's monitor; the flusher swaps the map's
 * entries out atomically.
 */
public final class AccountCounterBuffer implements AccountStore, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AccountCounterBuffer.class.getName());

    private final PoolAccountStore delegate;
    private final AccountRepository repository;
    private final Duration flushInterval;
    private final ConcurrentHashMap<Long, AccountRepository.CounterDelta> pending = new ConcurrentHashMap<>();
    private final Thread flusher;
    private volatile boolean closed;

    public AccountCounterBuffer(AccountRepository repository, Duration flushInterval) {
        this.repository = repository;
        this.delegate = new PoolAccountStore(repository);
        this.flushInterval = flushInterval;
        this.flusher = Thread.ofPlatform().daemon().name("account-counters").start(this::run);
    }

    @Override
    public void recordSuccess(long id, long inputTokens, long outputTokens, Instant at) {
        pending.compute(id, (k, d) -> (d == null ? AccountRepository.CounterDelta.ZERO : d)
                .plusSuccess(inputTokens, outputTokens, at));
        flushIfClosed();
    }

    @Override
    public void recordError(long id, String message, Instant at) {
        pending.compute(id, (k, d) -> (d == null ? AccountRepository.CounterDelta.ZERO : d).plusError(message, at));
        flushIfClosed();
    }

    /** After close (a request still finishing during shutdown), counters go straight to the database. */
    private void flushIfClosed() {
        if (closed) {
            flush();
        }
    }

    /** Adds every pending delta to the database in one transaction; on failure they wait for the next flush. */
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<Long, AccountRepository.CounterDelta> taken = new java.util.HashMap<>();
        for (Long id : new ArrayList<>(pending.keySet())) {
            AccountRepository.CounterDelta d = pending.remove(id);
            if (d != null) {
                taken.put(id, d);
            }
        }
        try {
            repository.addCounters(taken);
        } catch (RuntimeException e) {
            LOG.warning(() -> "account counters could not be written (" + SqlErrors.describe(e)
                    + "); keeping them for the next flush");
            taken.forEach((id, d) -> pending.merge(id, d, AccountRepository.CounterDelta::plus));
        }
    }

    /** Deltas not yet flushed (tests). */
    int pendingAccounts() {
        return pending.size();
    }

    private void run() {
        while (!closed) {
            try {
                Thread.sleep(flushInterval);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            }
            flush();
        }
    }

    /** Stops the periodic flush and writes what is pending; later counters are written at once. */
    @Override
    public void close() {
        closed = true;
        flusher.interrupt();
        try {
            flusher.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    // Everything below is not a counter: straight to the database.

    @Override
    public List<AccountRecord> list(String provider) {
        return delegate.list(provider);
    }

    @Override
    public Optional<AccountRecord> find(String provider, String name) {
        return delegate.find(provider, name);
    }

    @Override
    public AccountRecord upsertDeclared(String provider, String name, JsonObject credentials, int tier, int weight,
                                        Integer maxConcurrency, boolean enabled) {
        return delegate.upsertDeclared(provider, name, credentials, tier, weight, maxConcurrency, enabled);
    }

    @Override
    public AccountRecord upsert(String provider, String name, JsonObject credentials, String source, int tier,
                                int weight, Integer maxConcurrency) {
        return delegate.upsert(provider, name, credentials, source, tier, weight, maxConcurrency);
    }

    @Override
    public void updateCredentials(long id, JsonObject credentials) {
        delegate.updateCredentials(id, credentials);
    }

    @Override
    public void updateState(long id, AccountState state, String reason, Instant until) {
        delegate.updateState(id, state, reason, until);
    }

    @Override
    public void updateSettings(long id, int tier, int weight, Integer maxConcurrency) {
        delegate.updateSettings(id, tier, weight, maxConcurrency);
    }

    @Override
    public void updateQuota(long id, QuotaSnapshot quota) {
        delegate.updateQuota(id, quota);
    }

    @Override
    public void delete(long id) {
        pending.remove(id);
        delegate.delete(id);
    }
}
