package dev.switchboard.kernel.runtime;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.PoolEvents;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.CredentialRefresher;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs a plugin's {@link CredentialRefresher} single-flight per account: concurrent callers for the same
 * account share one upstream refresh, and with several gateways on one database the {@link RefreshGuard} makes that
 * one refresh across all of them (the losers read the rotated credential). The rotated credentials are persisted
 * before anyone uses them. A permanent rejection makes the account reauth-required; a transient failure keeps the
 * old credential in use while it is still valid. Thread-safe.
 */
public final class RefreshCoordinator {
    private static final Logger LOG = Logger.getLogger(RefreshCoordinator.class.getName());

    private final CredentialRefresher refresher;
    private final AccountPool pool;
    private final Clock clock;
    private final RefreshGuard guard;
    private final Map<Long, CompletableFuture<Account>> inFlight = new ConcurrentHashMap<>();

    public RefreshCoordinator(CredentialRefresher refresher, AccountPool pool, Clock clock) {
        this(refresher, pool, clock, RefreshGuard.LOCAL);
    }

    public RefreshCoordinator(CredentialRefresher refresher, AccountPool pool, Clock clock, RefreshGuard guard) {
        this.refresher = refresher;
        this.pool = pool;
        this.clock = clock;
        this.guard = guard;
    }

    public CredentialRefresher refresher() {
        return refresher;
    }

    /** True when the account's credential expires within the plugin's margin and can be refreshed. */
    public boolean due(Account account) {
        if (!refresher.canRefresh(account)) {
            return false;
        }
        Optional<Instant> exp = refresher.expiresAt(account);
        return exp.isPresent() && !clock.instant().isBefore(exp.get().minus(refresher.margin()));
    }

    /**
     * Returns a usable account: refreshed when due (or when {@code force}), otherwise unchanged.
     *
     * @throws GatewayException when the refresh failed and the old credential cannot be used any more
     */
    public Account ensureFresh(PooledAccount pooled, Account current, boolean force) throws GatewayException {
        if (!force && !due(current)) {
            return current;
        }
        if (!refresher.canRefresh(current)) {
            throw new GatewayException(ErrorKind.UPSTREAM_AUTH, "account '" + current.name()
                    + "' has no refresh credential");
        }
        CompletableFuture<Account> mine = new CompletableFuture<>();
        CompletableFuture<Account> running = inFlight.putIfAbsent(pooled.id(), mine);
        if (running != null) {
            return await(running);
        }
        try {
            Account refreshed = guard.exclusive(pooled, () -> {
                // Another caller — here or on another gateway — may have finished a refresh after this one read its
                // snapshot: use that result rather than refreshing twice (a second refresh can even invalidate a
                // rotated token).
                Account latest = guard.latest(pooled);
                if (!latest.credentials().equals(current.credentials()) && (force || !due(latest))) {
                    return latest;
                }
                return doRefresh(pooled, latest);
            });
            mine.complete(refreshed);
            return refreshed;
        } catch (GatewayException e) {
            mine.completeExceptionally(e);
            throw e;
        } catch (RuntimeException e) {
            GatewayException g = new GatewayException(ErrorKind.INTERNAL, "credential refresh failed: "
                    + e.getClass().getSimpleName(), e);
            mine.completeExceptionally(g);
            throw g;
        } finally {
            inFlight.remove(pooled.id(), mine);
        }
    }

    private Account doRefresh(PooledAccount pooled, Account current) throws GatewayException {
        try {
            JsonObject fresh = refresher.refresh(current);
            pool.updateCredentials(pooled, fresh); // durable before first use
            pool.events().refresh(PoolEvents.Outcome.OK);
            LOG.info(() -> "refreshed credentials of " + current.provider() + "/" + current.name());
            return pooled.toAccount();
        } catch (GatewayException e) {
            pool.events().refresh(e.kind() == ErrorKind.UPSTREAM_AUTH ? PoolEvents.Outcome.REJECTED
                    : PoolEvents.Outcome.FAILED);
            if (e.kind() == ErrorKind.UPSTREAM_AUTH) {
                pool.setState(pooled, AccountState.REAUTH_REQUIRED, "refresh rejected: " + e.getMessage(), null);
                throw e;
            }
            Optional<Instant> exp = refresher.expiresAt(current);
            if (exp.isPresent() && clock.instant().isBefore(exp.get())) {
                LOG.log(Level.WARNING, "refresh of {0}/{1} failed ({2}); the current credential stays in use until {3}",
                        new Object[]{current.provider(), current.name(), e.getMessage(), exp.get()});
                return current;
            }
            throw e;
        }
    }

    private static Account await(CompletableFuture<Account> f) throws GatewayException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GatewayException(ErrorKind.INTERNAL, "interrupted while waiting for a credential refresh");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GatewayException g) {
                throw g;
            }
            throw new GatewayException(ErrorKind.INTERNAL, "credential refresh failed", e.getCause());
        }
    }
}
