package dev.switchboard.kernel.pool;

import dev.switchboard.kernel.config.PoolSettings;
import dev.switchboard.spi.AccountEffect;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.QuotaSnapshot;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The accounts of one provider instance: tiers tried in priority order, a strategy within each tier, a
 * concurrency limit per account, conversation affinity, and the account state machine
 * (docs/architecture.md#account-states).
 *
 * <p>Thread-safe. Selection reads a copy-on-write tier snapshot and claims slots with CAS; only membership
 * changes (admin edits, reloads) take this object's monitor.
 */
public final class AccountPool {
    private static final Logger LOG = Logger.getLogger(AccountPool.class.getName());

    private final String provider;
    private final PoolSettings settings;
    private final AccountStore store;
    private final Clock clock;
    private final ConversationAffinity affinity;
    private final Map<Long, PooledAccount> accounts = new ConcurrentHashMap<>();
    private final Map<Integer, SelectionStrategy> strategies = new ConcurrentHashMap<>();
    private volatile List<Tier> tiers = List.of();
    private volatile String strategy;
    private volatile PoolEvents events = PoolEvents.NONE;

    private record Tier(int number, List<PooledAccount> accounts, SelectionStrategy strategy) {
    }

    public AccountPool(String provider, PoolSettings settings, AccountStore store, Clock clock,
                       ConversationAffinity affinity) {
        this.provider = provider;
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.affinity = affinity;
        this.strategy = Strategies.canonical(settings.strategy());
        Strategies.create(settings.strategy()); // fail fast on an unknown name
    }

    /** The strategy in use (canonical name). */
    public String strategy() {
        return strategy;
    }

    /**
     * Switches the strategy at run time (admin API). Not persisted: the YAML stays the source of truth and
     * wins at the next start.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public synchronized void changeStrategy(String name) {
        Strategies.create(name);
        this.strategy = Strategies.canonical(name);
        strategies.clear();
        rebuildTiers();
    }

    public String provider() {
        return provider;
    }

    /** Where this pool reports affinity, refresh and health-check outcomes (metrics). */
    public void events(PoolEvents e) {
        this.events = e == null ? PoolEvents.NONE : e;
    }

    public PoolEvents events() {
        return events;
    }

    public PoolSettings settings() {
        return settings;
    }

    public Clock clock() {
        return clock;
    }

    /** Loads (or re-loads) membership from the store. */
    public synchronized void reload() {
        List<AccountRecord> rows = store.list(provider);
        Set<Long> seen = new java.util.HashSet<>();
        for (AccountRecord r : rows) {
            seen.add(r.id());
            PooledAccount existing = accounts.get(r.id());
            if (existing == null) {
                accounts.put(r.id(), new PooledAccount(r));
            } else {
                existing.record(r);
                existing.status(new PooledAccount.Status(r.state(), r.stateUntil(), r.stateReason()));
            }
        }
        accounts.keySet().removeIf(id -> {
            if (!seen.contains(id)) {
                affinity.forgetAccount(id);
                return true;
            }
            return false;
        });
        Instant latest = clock.instant().plus(settings.maxCooldown());
        for (PooledAccount a : accounts.values()) {
            PooledAccount.Status s = a.status();
            if (s.state() == AccountState.COOLING && s.until() != null && s.until().isAfter(latest)) {
                // Stored before max-cooldown applied (or with a larger one): shorten it rather than wait for it.
                transition(a, s, AccountState.COOLING, s.reason(), latest);
            }
        }
        rebuildTiers();
    }

    /**
     * Takes an account's stored row as it is now (another gateway sharing the database changed it): credentials,
     * settings, quota and state. Its in-flight count and this gateway's error window stay. An account this pool
     * does not have yet is loaded with the rest of the provider's accounts.
     */
    public synchronized void applyStored(AccountRecord r) {
        PooledAccount a = accounts.get(r.id());
        if (a == null) {
            reload();
            return;
        }
        boolean tierChanged = a.tier() != r.tier();
        a.record(r);
        PooledAccount.Status now = new PooledAccount.Status(r.state(), r.stateUntil(), r.stateReason());
        PooledAccount.Status was = a.status();
        if (!now.equals(was)) {
            a.status(now);
            if (now.state() == AccountState.ACTIVE) {
                a.clearErrors();
            }
            LOG.fine(() -> "account " + provider + "/" + a.name() + " " + was.state().wire() + " -> "
                    + now.state().wire() + " (changed by another gateway)");
        }
        if (tierChanged) {
            rebuildTiers();
        }
    }

    /** Drops an account another gateway deleted. */
    public synchronized void forget(long id) {
        if (accounts.remove(id) != null) {
            affinity.forgetAccount(id);
            rebuildTiers();
        }
    }

    /** Re-reads one account from the store (its credential may have been rotated by another gateway). */
    public PooledAccount resync(PooledAccount a) {
        store.find(provider, a.name()).filter(r -> r.id() == a.id()).ifPresent(this::applyStored);
        return a;
    }

    /** The conversation pins of this pool. */
    public ConversationAffinity affinity() {
        return affinity;
    }

    private void rebuildTiers() {
        Map<Integer, List<PooledAccount>> byTier = new TreeMap<>();
        for (PooledAccount a : accounts.values()) {
            byTier.computeIfAbsent(a.tier(), t -> new ArrayList<>()).add(a);
        }
        List<Tier> out = new ArrayList<>();
        byTier.forEach((t, list) -> {
            list.sort(Comparator.comparingLong(PooledAccount::id));
            out.add(new Tier(t, List.copyOf(list),
                    strategies.computeIfAbsent(t, k -> Strategies.create(strategy))));
        });
        tiers = List.copyOf(out);
    }

    /** All accounts, by id. */
    public List<PooledAccount> accounts() {
        List<PooledAccount> out = new ArrayList<>(accounts.values());
        out.sort(Comparator.comparingLong(PooledAccount::id));
        return out;
    }

    public PooledAccount find(String name) {
        for (PooledAccount a : accounts.values()) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return null;
    }

    public PooledAccount byId(long id) {
        return accounts.get(id);
    }

    /**
     * Leases an account for one attempt.
     *
     * @param excluded        accounts already tried for this request
     * @param conversationKey the affinity key, or null
     * @return the lease, or the shortage that prevented one
     */
    public Result acquire(Set<Long> excluded, String conversationKey) {
        Instant now = clock.instant();
        String leftBecause = null;
        if (settings.affinity() && conversationKey != null) {
            Long pinned = affinity.get(conversationKey);
            PooledAccount a = pinned == null ? null : accounts.get(pinned);
            if (claimPinned(a, excluded, now)) {
                events.affinity(PoolEvents.Affinity.HIT);
                return Result.of(newLease(a, conversationKey, now, null));
            }
            // With gateways sharing the pins, another one may have moved the conversation already: follow it.
            Long stored = pinned == null ? null : affinity.reload(conversationKey);
            if (stored != null && !stored.equals(pinned)) {
                pinned = stored;
                a = accounts.get(stored);
                if (claimPinned(a, excluded, now)) {
                    events.affinity(PoolEvents.Affinity.HIT);
                    return Result.of(newLease(a, conversationKey, now, null));
                }
            }
            if (pinned == null) {
                events.affinity(PoolEvents.Affinity.MISS);
            } else {
                leftBecause = whyNot(a, excluded);
            }
        }
        boolean busy = false;
        for (Tier tier : tiers) {
            List<PooledAccount> candidates = new ArrayList<>(tier.accounts.size());
            for (PooledAccount a : tier.accounts) {
                if (!excluded.contains(a.id()) && available(a, now)) {
                    candidates.add(a);
                }
            }
            if (candidates.isEmpty()) {
                continue;
            }
            for (PooledAccount a : tier.strategy.order(candidates)) {
                if (a.tryClaim(limit(a))) {
                    return Result.of(newLease(a, conversationKey, now, leftBecause));
                }
            }
            busy = true; // every available account of this tier is at its concurrency limit
        }
        return Result.none(shortage(excluded, now, busy));
    }

    private boolean claimPinned(PooledAccount a, Set<Long> excluded, Instant now) {
        return a != null && !excluded.contains(a.id()) && available(a, now) && a.tryClaim(limit(a));
    }

    private Lease newLease(PooledAccount a, String conversationKey, Instant now, String leftPinnedBecause) {
        a.markUsed(now);
        return new Lease(this, a, conversationKey, now, leftPinnedBecause);
    }

    /** Why a conversation's pinned account could not serve it (for the move warning). */
    private static String whyNot(PooledAccount pinned, Set<Long> excluded) {
        if (pinned == null) {
            return "its account was removed from the pool";
        }
        String name = "account " + pinned.name();
        if (excluded.contains(pinned.id())) {
            return name + " failed an attempt of this request";
        }
        PooledAccount.Status s = pinned.status();
        if (s.state() != AccountState.ACTIVE) {
            return name + " is " + s.state().wire() + (s.until() != null ? " until " + s.until() : "")
                    + (s.reason() != null ? " (" + s.reason() + ")" : "");
        }
        return name + " is at its concurrency limit";
    }

    private int limit(PooledAccount a) {
        Integer own = a.record().maxConcurrency();
        return own != null ? own : settings.maxConcurrency();
    }

    private NoAccountAvailable shortage(Set<Long> excluded, Instant now, boolean busy) {
        Instant soonest = null;
        int total = 0;
        for (PooledAccount a : accounts.values()) {
            if (excluded.contains(a.id())) {
                continue;
            }
            total++;
            PooledAccount.Status s = a.status();
            if ((s.state() == AccountState.COOLING || s.state() == AccountState.EXHAUSTED) && s.until() != null) {
                if (soonest == null || s.until().isBefore(soonest)) {
                    soonest = s.until();
                }
            }
        }
        if (busy) {
            return new NoAccountAvailable(Duration.ofSeconds(1),
                    "every available account of '" + provider + "' is at its concurrency limit");
        }
        if (soonest != null) {
            Duration wait = Duration.between(now, soonest);
            return new NoAccountAvailable(wait.isNegative() ? Duration.ZERO : wait,
                    "every account of '" + provider + "' is cooling down or out of quota");
        }
        return new NoAccountAvailable(null, total == 0 && excluded.isEmpty()
                ? "provider '" + provider + "' has no accounts"
                : "provider '" + provider + "' has no usable account");
    }

    /** Whether an account can be selected now; recovers cooling/exhausted accounts whose time is up. */
    private boolean available(PooledAccount a, Instant now) {
        PooledAccount.Status s = a.status();
        if (s.state() == AccountState.ACTIVE) {
            return true;
        }
        if ((s.state() == AccountState.COOLING || s.state() == AccountState.EXHAUSTED) && s.until() != null
                && !now.isBefore(s.until())) {
            transition(a, s, AccountState.ACTIVE, null, null);
            return a.status().state() == AccountState.ACTIVE;
        }
        return false;
    }

    /** Applies a state change if the account is still in {@code from}; persists it. */
    private void transition(PooledAccount a, PooledAccount.Status from, AccountState to, String reason, Instant until) {
        synchronized (a) {
            if (a.status() != from) {
                return; // someone else changed it meanwhile
            }
            a.status(new PooledAccount.Status(to, until, reason));
        }
        if (to == AccountState.ACTIVE) {
            a.clearErrors();
        }
        store.updateState(a.id(), to, reason, until);
        LOG.info(() -> "account " + provider + "/" + a.name() + " " + from.state().wire() + " -> " + to.wire()
                + (until != null ? " until " + until : "") + (reason != null ? " (" + reason + ")" : ""));
    }

    /** Forces a state (admin action, health check, refresh outcome). */
    public void setState(PooledAccount a, AccountState to, String reason, Instant until) {
        transition(a, a.status(), to, reason, until);
    }

    void onSuccess(Lease lease, long inputTokens, long outputTokens) {
        PooledAccount a = lease.pooled();
        a.addTokens(inputTokens + outputTokens);
        a.noteSuccess();
        store.recordSuccess(a.id(), inputTokens, outputTokens, clock.instant());
        if (settings.affinity() && lease.conversationKey() != null) {
            affinity.put(lease.conversationKey(), a.id());
            if (lease.leftPinnedBecause() != null) {
                events.affinity(PoolEvents.Affinity.MOVED);
                LOG.warning(() -> "conversation " + ConversationTag.of(lease.conversationKey()) + " on " + provider
                        + " moved to account " + a.name() + ": " + lease.leftPinnedBecause()
                        + "; its prompt cache starts over");
            }
        }
    }

    /**
     * Applies the account effect of the error's kind. Client mistakes ({@link AccountEffect#NONE}) leave the
     * account untouched.
     */
    void onFailure(Lease lease, GatewayException e) {
        applyFailure(lease.pooled(), e);
    }

    /** Applies an error's account effect outside a request (health checks, refreshes). */
    public void applyFailure(PooledAccount a, GatewayException e) {
        Instant now = clock.instant();
        AccountEffect effect = e.kind().effect();
        switch (effect) {
            case NONE -> {
            }
            case COOLDOWN -> transition(a, a.status(), AccountState.COOLING, "upstream rate limit", cooldownEnd(e, now));
            case COUNT_ERROR -> {
                store.recordError(a.id(), e.getMessage(), now);
                int n = a.noteError(now, now.minus(settings.errorWindow()));
                if (n >= settings.errorThreshold()) {
                    transition(a, a.status(), AccountState.COOLING,
                            n + " upstream errors within " + settings.errorWindow().toSeconds() + "s",
                            now.plus(settings.errorCooldown()));
                }
            }
            case EXHAUST -> transition(a, a.status(), AccountState.EXHAUSTED, e.getMessage(), e.until());
            case REAUTH -> transition(a, a.status(), AccountState.REAUTH_REQUIRED, e.getMessage(), null);
            case BAN -> transition(a, a.status(), AccountState.BANNED, e.getMessage(), null);
        }
    }

    /**
     * When a rate-limited account may be used again: what the upstream asked for, else the pool's {@code cooldown},
     * never later than {@code max-cooldown} from now — a {@code Retry-After: 999999999} must not take an account out
     * for decades. (Quota exhaustion is not a cooldown: it keeps its reset time.)
     */
    private Instant cooldownEnd(GatewayException e, Instant now) {
        Instant latest = now.plus(settings.maxCooldown());
        Instant asked = e.until() != null ? e.until() : e.retryAfter() != null ? safePlus(now, e.retryAfter()) : null;
        Instant until = asked != null ? asked : now.plus(settings.cooldown());
        return until.isAfter(latest) ? latest : until;
    }

    private static Instant safePlus(Instant now, Duration d) {
        try {
            return now.plus(d);
        } catch (ArithmeticException | java.time.DateTimeException overflow) {
            return Instant.MAX;
        }
    }

    /**
     * The error as the client should see it: its Retry-After capped at {@code max-cooldown}, so a client is never
     * told to wait longer than the pool would.
     */
    public GatewayException capRetryAfter(GatewayException e) {
        Duration capped = settings.capRetryAfter(e.retryAfter());
        return capped == e.retryAfter() ? e : e.withRetryAfter(capped);
    }

    /** Persists new credentials and makes them the account's current ones. */
    public void updateCredentials(PooledAccount a, JsonObject credentials) {
        store.updateCredentials(a.id(), credentials);
        AccountRecord r = a.record();
        a.record(new AccountRecord(r.id(), r.provider(), r.name(), credentials, r.source(), r.state(), r.stateReason(),
                r.stateUntil(), r.tier(), r.weight(), r.maxConcurrency(), r.quota(), r.requestCount(), r.inputTokens(),
                r.outputTokens(), r.errorCount(), r.lastError(), r.createdAt(), r.lastUsedAt()));
    }

    /** Stores quota figures; an exhausted quota takes the account out until the reset. */
    public void updateQuota(PooledAccount a, QuotaSnapshot quota) {
        store.updateQuota(a.id(), quota);
        AccountRecord r = a.record();
        a.record(new AccountRecord(r.id(), r.provider(), r.name(), r.credentials(), r.source(), r.state(),
                r.stateReason(), r.stateUntil(), r.tier(), r.weight(), r.maxConcurrency(), quota, r.requestCount(),
                r.inputTokens(), r.outputTokens(), r.errorCount(), r.lastError(), r.createdAt(), r.lastUsedAt()));
        PooledAccount.Status s = a.status();
        if (quota != null && quota.exhausted() && s.state() == AccountState.ACTIVE) {
            transition(a, s, AccountState.EXHAUSTED, "quota used up", quota.resetsAt());
        } else if (quota != null && !quota.exhausted() && s.state() == AccountState.EXHAUSTED) {
            transition(a, s, AccountState.ACTIVE, null, null);
        }
    }

    /** Time until the first cooling or exhausted account recovers by itself, or null when none will. */
    public Duration soonestRecovery() {
        Instant now = clock.instant();
        Instant soonest = null;
        for (PooledAccount a : accounts.values()) {
            PooledAccount.Status s = a.status();
            if ((s.state() == AccountState.COOLING || s.state() == AccountState.EXHAUSTED) && s.until() != null
                    && (soonest == null || s.until().isBefore(soonest))) {
                soonest = s.until();
            }
        }
        if (soonest == null) {
            return null;
        }
        Duration d = Duration.between(now, soonest);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Counts accounts per state, for health and admin views. */
    public Map<String, Integer> stateCounts() {
        Map<String, Integer> out = new TreeMap<>();
        for (PooledAccount a : accounts.values()) {
            out.merge(a.status().state().wire(), 1, Integer::sum);
        }
        return out;
    }

    /** True when at least one account could serve right now (ignoring concurrency). */
    public boolean hasUsableAccount() {
        Instant now = clock.instant();
        for (PooledAccount a : accounts.values()) {
            PooledAccount.Status s = a.status();
            if (s.state() == AccountState.ACTIVE || (s.until() != null && !now.isBefore(s.until())
                    && (s.state() == AccountState.COOLING || s.state() == AccountState.EXHAUSTED))) {
                return true;
            }
        }
        return false;
    }

    public Collection<PooledAccount> all() {
        return accounts.values();
    }

    /** The outcome of {@link #acquire}: exactly one of the two is set. */
    public record Result(Lease lease, NoAccountAvailable shortage) {
        static Result of(Lease l) {
            return new Result(l, null);
        }

        static Result none(NoAccountAvailable s) {
            return new Result(null, s);
        }
    }
}
