package dev.switchboard.kernel.cluster;

import dev.switchboard.kernel.auth.RpmLimiter;
import dev.switchboard.kernel.config.GatewayConfig;
import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.PinStore;
import dev.switchboard.kernel.runtime.PoolSharing;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.ProviderRegistry;
import dev.switchboard.kernel.runtime.RefreshGuard;
import dev.switchboard.kernel.store.ChangeFeed;
import dev.switchboard.kernel.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What gateways sharing one PostgreSQL database keep common, beyond what they read and write there anyway (usage,
 * client keys, admin sessions, account counters as increments):
 * <ul>
 *   <li>account state — written at once by whoever changes it, announced, and re-read by the others
 *       ({@link AccountSync}); polled every {@code storage.poll-interval} while announcements do not arrive, and
 *       every {@value #SAFETY_POLL_SECONDS} s as a safety net while they do;</li>
 *   <li>credential refreshes — one at a time per account, across instances ({@link SharedRefreshGuard});</li>
 *   <li>conversation pins — in a table with the in-memory maps as caches ({@link SharedPins}), pruned to the same
 *       TTL and size by one instance at a time;</li>
 *   <li>requests-per-minute buckets ({@link SharedRateLimiter}); token and cost quotas re-read from the shared usage
 *       every {@code storage.quota-sync-interval} (see the gateway's quota tracker).</li>
 * </ul>
 * Built only for a shared database: alone, a gateway keeps all of this in memory as before, at no cost. Thread-safe;
 * one daemon thread does the periodic work.
 */
public final class SharedState implements PoolSharing, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SharedState.class.getName());
    static final long SAFETY_POLL_SECONDS = 30;
    private static final Duration PIN_FLUSH = Duration.ofSeconds(5);
    private static final Duration PIN_PRUNE = Duration.ofMinutes(1);
    static final String PIN_PRUNE_TASK = "affinity-prune";

    private final Store store;
    private final Clock clock;
    private final ChangeFeed feed;
    private final Duration pollInterval;
    private final Duration affinityTtl;
    private final int affinityMaxEntries;
    private final Map<String, SharedPins> pins = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "shared-state");
        t.setDaemon(true);
        return t;
    });
    private volatile AccountSync sync;
    private volatile long lastPoll = System.nanoTime();

    /**
     * @param notifications whether to listen for the other gateways' announcements ({@code storage.notifications});
     *                      without them every change is polled
     */
    public SharedState(Store store, GatewayConfig config, Clock clock) {
        if (!store.shared()) {
            throw new IllegalArgumentException("shared state needs a shared database");
        }
        this.store = store;
        this.clock = clock;
        this.feed = config.storage().notifications() ? store.changes() : ChangeFeed.NONE;
        this.pollInterval = config.storage().pollInterval();
        this.affinityTtl = config.dispatch().affinityTtl();
        this.affinityMaxEntries = config.dispatch().affinityMaxEntries();
    }

    @Override
    public PinStore pins(String provider) {
        return pins.computeIfAbsent(provider, p -> new SharedPins(p, store.affinityPins(), store.changes(), clock,
                affinityTtl));
    }

    @Override
    public RefreshGuard refreshGuard(AccountPool pool) {
        return new SharedRefreshGuard(pool, store.locks());
    }

    /** The requests-per-minute limiter all gateways on the database share. */
    public RpmLimiter rateLimiter() {
        return new SharedRateLimiter(store.rateBuckets(), clock);
    }

    /**
     * Starts following the other gateways: their announcements (account changes, moved pins), a catch-up after
     * every gap, one full comparison now (changes made while this gateway was starting), then the polls.
     */
    public void follow(ProviderRegistry registry) {
        AccountSync s = new AccountSync(store.accounts(), registry);
        this.sync = s;
        feed.subscribe(message -> {
            s.onMessage(message);
            SharedPins.parse(message).ifPresent(m -> {
                ProviderInstance inst = registry.get(m.provider());
                if (inst != null) {
                    inst.pool().affinity().adopt(m.key(), m.accountId());
                }
            });
        });
        feed.onGap(this::pollNow);
        pollNow();
        long tick = Math.max(10, pollInterval.toMillis());
        timer.scheduleWithFixedDelay(this::pollIfDue, tick, tick, TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::flushPins, PIN_FLUSH.toMillis(), PIN_FLUSH.toMillis(), TimeUnit.MILLISECONDS);
        timer.scheduleWithFixedDelay(this::prunePins, PIN_PRUNE.toMillis(), PIN_PRUNE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** While announcements arrive, polling is only a safety net. */
    private void pollIfDue() {
        long since = System.nanoTime() - lastPoll;
        if (!feed.live() || since >= TimeUnit.SECONDS.toNanos(SAFETY_POLL_SECONDS)) {
            pollNow();
        }
    }

    /** Compares every account with the database now. */
    public void pollNow() {
        AccountSync s = sync;
        if (s == null) {
            return;
        }
        try {
            s.poll();
            lastPoll = System.nanoTime();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "shared state: polling the accounts failed", e);
        }
    }

    private void flushPins() {
        pins.values().forEach(SharedPins::flush);
    }

    private void prunePins() {
        try {
            store.locks().runAlone(PIN_PRUNE_TASK, () -> pins.values().forEach(p -> p.prune(affinityMaxEntries)));
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "shared state: pruning conversation pins failed", e);
        }
    }

    /** Account changes this gateway applied because another announced them. */
    public long appliedFromMessages() {
        AccountSync s = sync;
        return s == null ? 0 : s.appliedFromMessages();
    }

    /** {@code listening}, {@code reconnecting} (polling meanwhile) or {@code off} (polling only). */
    public String notifications() {
        return feed.state();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushPins();
    }
}
