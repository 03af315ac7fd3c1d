package dev.switchboard.kernel.auth;

import dev.switchboard.kernel.routing.Glob;
import dev.switchboard.kernel.store.ClientKey;
import dev.switchboard.kernel.store.ClientKeyRepository;
import dev.switchboard.kernel.store.KeyCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client keys from the database (YAML keys are upserted there at start, admin keys created there). Whether any
 * key exists is cached for a few seconds and invalidated by admin changes, so loopback-only mode costs no query
 * per request; {@code last_used} is written at most once a minute per key. Thread-safe.
 */
public final class StoredClientKeys {
    private static final Duration ANY_KEYS_TTL = Duration.ofSeconds(5);
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final ClientKeyRepository repo;
    private final Clock clock;
    private volatile Instant anyKeysCheckedAt = Instant.MIN;
    private volatile boolean anyKeys;
    private final Map<Long, Instant> touched = new ConcurrentHashMap<>();

    public StoredClientKeys(ClientKeyRepository repo, Clock clock) {
        this.repo = repo;
        this.clock = clock;
    }

    /** The outcome of checking a presented key. */
    public KeyCheck check(String presentedKey) {
        KeyCheck c = repo.verify(presentedKey);
        if (c.valid()) {
            Instant now = clock.instant();
            Instant last = touched.get(c.key().id());
            if (last == null || now.isAfter(last.plus(TOUCH_EVERY))) {
                touched.put(c.key().id(), now);
                repo.touch(c.key().id());
            }
        }
        return c;
    }

    /** The principal of a valid key, or empty. */
    public Optional<ClientPrincipal> verify(String presentedKey) {
        KeyCheck c = check(presentedKey);
        return c.valid() ? Optional.of(principal(c.key())) : Optional.empty();
    }

    static ClientPrincipal principal(ClientKey k) {
        List<Glob> models = k.models() == null ? List.of() : k.models().stream().map(Glob::of).toList();
        return new ClientPrincipal(k.name(), k.id(), models, k.rpm() == null ? 0 : k.rpm(),
                k.dailyTokenQuota() == null ? 0 : k.dailyTokenQuota(),
                k.monthlyTokenQuota() == null ? 0 : k.monthlyTokenQuota(), false, k.dailyCostLimit(),
                k.monthlyCostLimit());
    }

    /** Whether any key exists, even revoked (decides loopback-only mode). */
    public boolean anyKeys() {
        Instant now = clock.instant();
        if (now.isAfter(anyKeysCheckedAt.plus(ANY_KEYS_TTL)) || now.isBefore(anyKeysCheckedAt)) {
            anyKeys = repo.anyExists();
            anyKeysCheckedAt = now;
        }
        return anyKeys;
    }

    /** Forces the next {@link #anyKeys()} to ask the database (after an admin change). */
    public void invalidate() {
        anyKeysCheckedAt = Instant.MIN;
    }
}
