package dev.switchboard.kernel.store;

import dev.switchboard.kernel.pool.AccountRecord;
import dev.switchboard.kernel.pool.AccountStore;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.QuotaSnapshot;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The pools' {@link AccountStore} on the encrypted {@link AccountRepository}. Thread-safe like the repository.
 */
public final class PoolAccountStore implements AccountStore {
    static final String DISABLED_IN_YAML = "disabled in YAML";

    private final AccountRepository repo;

    public PoolAccountStore(AccountRepository repo) {
        this.repo = repo;
    }

    /** The pool's view of a stored account. */
    public static AccountRecord toRecord(StoredAccount a) {
        AccountStats s = a.stats();
        return new AccountRecord(a.id(), a.provider(), a.name(), a.credentials(), a.source().name().toLowerCase(
                java.util.Locale.ROOT), a.state(), a.stateReason(), a.stateUntil(), a.tier(), a.weight(),
                a.maxConcurrency(), a.quota(), s.requestCount(), s.inputTokens(), s.outputTokens(), s.errorCount(),
                s.lastError(), a.createdAt(), a.lastUsedAt());
    }

    @Override
    public List<AccountRecord> list(String provider) {
        return repo.list(provider).stream().map(PoolAccountStore::toRecord).toList();
    }

    @Override
    public Optional<AccountRecord> find(String provider, String name) {
        return repo.find(provider, name).map(PoolAccountStore::toRecord);
    }

    @Override
    public AccountRecord upsertDeclared(String provider, String name, JsonObject credentials, int tier, int weight,
                                        Integer maxConcurrency, boolean enabled) {
        StoredAccount a = repo.upsertDeclared(new AccountSpec(provider, name, credentials, tier, weight,
                maxConcurrency)).account();
        if (!enabled && a.state() != AccountState.DISABLED) {
            repo.setState(a.id(), AccountState.DISABLED, DISABLED_IN_YAML, null);
        } else if (enabled && a.state() == AccountState.DISABLED && DISABLED_IN_YAML.equals(a.stateReason())) {
            repo.setState(a.id(), AccountState.ACTIVE, null, null);
        }
        return toRecord(repo.find(a.id()).orElseThrow());
    }

    @Override
    public AccountRecord upsert(String provider, String name, JsonObject credentials, String source, int tier,
                                int weight, Integer maxConcurrency) {
        AccountSource src = "admin".equals(source) ? AccountSource.ADMIN : AccountSource.FLOW;
        Optional<StoredAccount> existing = repo.find(provider, name);
        if (existing.isPresent()) {
            StoredAccount a = repo.upsertCredentials(provider, name, credentials, src);
            repo.setState(a.id(), AccountState.ACTIVE, null, null);
            return toRecord(repo.find(a.id()).orElseThrow());
        }
        return toRecord(repo.insert(new AccountSpec(provider, name, credentials, tier, weight, maxConcurrency), src));
    }

    @Override
    public void updateCredentials(long id, JsonObject credentials) {
        repo.updateCredentials(id, credentials);
    }

    @Override
    public void updateState(long id, AccountState state, String reason, Instant until) {
        repo.setState(id, state, reason, until);
    }

    @Override
    public void updateSettings(long id, int tier, int weight, Integer maxConcurrency) {
        repo.updateSettings(id, tier, weight, maxConcurrency);
    }

    @Override
    public void recordSuccess(long id, long inputTokens, long outputTokens, Instant at) {
        repo.recordSuccess(id, inputTokens, outputTokens);
    }

    @Override
    public void recordError(long id, String message, Instant at) {
        repo.recordError(id, message);
    }

    @Override
    public void updateQuota(long id, QuotaSnapshot quota) {
        repo.updateQuota(id, quota);
    }

    @Override
    public void delete(long id) {
        repo.delete(id);
    }
}
