package dev.switchboard.kernel.pool;

import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.QuotaSnapshot;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A non-durable {@link AccountStore} for tests and the pool benchmark (which gets it through this module's test
 * jar, so the figures measure selection, not database writes). It lives with the kernel's tests rather than in
 * {@code kernel/testkit} because the testkit must not depend on the kernel: the kernel's tests depend on the
 * testkit. Thread-safe: every change replaces a record atomically with {@code compute}.
 */
public final class MemoryAccountStore implements AccountStore {
    private final Map<Long, AccountRecord> rows = new ConcurrentHashMap<>();
    private final Map<Long, String> fingerprints = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Clock clock;

    public MemoryAccountStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<AccountRecord> list(String provider) {
        List<AccountRecord> out = new ArrayList<>();
        for (AccountRecord r : rows.values()) {
            if (r.provider().equals(provider)) {
                out.add(r);
            }
        }
        out.sort(Comparator.comparingLong(AccountRecord::id));
        return out;
    }

    @Override
    public Optional<AccountRecord> find(String provider, String name) {
        return rows.values().stream().filter(r -> r.provider().equals(provider) && r.name().equals(name)).findFirst();
    }

    @Override
    public synchronized AccountRecord upsertDeclared(String provider, String name, JsonObject credentials, int tier,
                                                     int weight, Integer maxConcurrency, boolean enabled) {
        String fingerprint = new java.util.TreeMap<>(credentials).toString();
        Optional<AccountRecord> existing = find(provider, name);
        if (existing.isEmpty()) {
            long id = ids.incrementAndGet();
            AccountRecord r = new AccountRecord(id, provider, name, credentials, "yaml",
                    enabled ? AccountState.ACTIVE : AccountState.DISABLED, enabled ? null : "disabled in YAML", null,
                    tier, weight, maxConcurrency, null, 0, 0, 0, 0, null, clock.instant(), null);
            rows.put(id, r);
            fingerprints.put(id, fingerprint);
            return r;
        }
        AccountRecord r = existing.get();
        boolean seedChanged = !Objects.equals(fingerprints.get(r.id()), fingerprint);
        AccountState state = seedChanged ? AccountState.ACTIVE : r.state();
        String reason = seedChanged ? null : r.stateReason();
        Instant until = seedChanged ? null : r.stateUntil();
        if (!enabled) {
            state = AccountState.DISABLED;
            reason = "disabled in YAML";
        } else if (state == AccountState.DISABLED && "disabled in YAML".equals(r.stateReason())) {
            state = AccountState.ACTIVE;
            reason = null;
        }
        AccountRecord updated = new AccountRecord(r.id(), provider, name, seedChanged ? credentials : r.credentials(),
                r.source(), state, reason, until, tier, weight, maxConcurrency, r.quota(), r.requestCount(),
                r.inputTokens(), r.outputTokens(), r.errorCount(), r.lastError(), r.createdAt(), r.lastUsedAt());
        rows.put(r.id(), updated);
        fingerprints.put(r.id(), fingerprint);
        return updated;
    }

    @Override
    public synchronized AccountRecord upsert(String provider, String name, JsonObject credentials, String source,
                                             int tier, int weight, Integer maxConcurrency) {
        Optional<AccountRecord> existing = find(provider, name);
        long id = existing.map(AccountRecord::id).orElseGet(ids::incrementAndGet);
        AccountRecord r = existing.map(e -> new AccountRecord(e.id(), provider, name, credentials, e.source(),
                        AccountState.ACTIVE, null, null, tier, weight, maxConcurrency, e.quota(), e.requestCount(),
                        e.inputTokens(), e.outputTokens(), e.errorCount(), e.lastError(), e.createdAt(), e.lastUsedAt()))
                .orElse(new AccountRecord(id, provider, name, credentials, source, AccountState.ACTIVE, null, null,
                        tier, weight, maxConcurrency, null, 0, 0, 0, 0, null, clock.instant(), null));
        rows.put(id, r);
        return r;
    }

    private void change(long id, java.util.function.UnaryOperator<AccountRecord> f) {
        rows.computeIfPresent(id, (k, r) -> f.apply(r));
    }

    @Override
    public void updateCredentials(long id, JsonObject c) {
        change(id, r -> new AccountRecord(r.id(), r.provider(), r.name(), c, r.source(), r.state(), r.stateReason(),
                r.stateUntil(), r.tier(), r.weight(), r.maxConcurrency(), r.quota(), r.requestCount(), r.inputTokens(),
                r.outputTokens(), r.errorCount(), r.lastError(), r.createdAt(), r.lastUsedAt()));
    }

    @Override
    public void updateState(long id, AccountState s, String reason, Instant until) {
        change(id, r -> new AccountRecord(r.id(), r.provider(), r.name(), r.credentials(), r.source(), s, reason,
                until, r.tier(), r.weight(), r.maxConcurrency(), r.quota(), r.requestCount(), r.inputTokens(),
                r.outputTokens(), r.errorCount(), r.lastError(), r.createdAt(), r.lastUsedAt()));
    }

    @Override
    public void updateSettings(long id, int tier, int weight, Integer maxConcurrency) {
        change(id, r -> new AccountRecord(r.id(), r.provider(), r.name(), r.credentials(), r.source(), r.state(),
                r.stateReason(), r.stateUntil(), tier, weight, maxConcurrency, r.quota(), r.requestCount(),
                r.inputTokens(), r.outputTokens(), r.errorCount(), r.lastError(), r.createdAt(), r.lastUsedAt()));
    }

    @Override
    public void recordSuccess(long id, long in, long out, Instant at) {
        change(id, r -> new AccountRecord(r.id(), r.provider(), r.name(), r.credentials(), r.source(), r.state(),
                r.stateReason(), r.stateUntil(), r.tier(), r.weight(), r.maxConcurrency(), r.quota(),
                r.requestCount() + 1, r.inputTokens() + in, r.outputTokens() + out, r.errorCount(), r.lastError(),
                r.createdAt(), at));
    }

    @Override
    public void recordError(long id, String message, Instant at) {
        change(id, r -> new AccountRecord(r.id(), r.provider(), r.name(), r.credentials(), r.source(), r.state(),
                r.stateReason(), r.stateUntil(), r.tier(), r.weight(), r.maxConcurrency(), r.quota(),
                r.requestCount(), r.inputTokens(), r.outputTokens(), r.errorCount() + 1, message, r.createdAt(),
                r.lastUsedAt()));
    }

    @Override
    public void updateQuota(long id, QuotaSnapshot q) {
        change(id, r -> new AccountRecord(r.id(), r.provider(), r.name(), r.credentials(), r.source(), r.state(),
                r.stateReason(), r.stateUntil(), r.tier(), r.weight(), r.maxConcurrency(), q, r.requestCount(),
                r.inputTokens(), r.outputTokens(), r.errorCount(), r.lastError(), r.createdAt(), r.lastUsedAt()));
    }

    @Override
    public void delete(long id) {
        rows.remove(id);
        fingerprints.remove(id);
    }
}
