package dev.switchboard.kernel.cli;

import dev.switchboard.kernel.pool.AccountRecord;
import dev.switchboard.kernel.pool.AccountStore;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.QuotaSnapshot;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The accounts {@code config check} builds its providers over. The check must not open the database (a running
 * gateway holds it), yet building the providers as startup does adds accounts: the YAML's declared ones, and those
 * a plugin adds while it is created (the factory plugin stores its environment key). So this store keeps exactly
 * those additions, for the one check, and forgets them after. Nothing leases, refreshes or meters an account
 * during a check, so every other change is refused: one that happens anyway is a bug that should surface, not be
 * recorded somewhere nobody reads. One thread, one check.
 */
final class CheckOnlyAccountStore implements AccountStore {
    private final List<AccountRecord> rows = new ArrayList<>();
    private final Clock clock;

    CheckOnlyAccountStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public List<AccountRecord> list(String provider) {
        return rows.stream().filter(r -> r.provider().equals(provider)).toList();
    }

    @Override
    public Optional<AccountRecord> find(String provider, String name) {
        return rows.stream().filter(r -> r.provider().equals(provider) && r.name().equals(name)).findFirst();
    }

    @Override
    public AccountRecord upsertDeclared(String provider, String name, JsonObject credentials, int tier, int weight,
                                        Integer maxConcurrency, boolean enabled) {
        // The store starts empty, so no stored state can win over the YAML's: every declared account is new.
        return add(provider, name, credentials, "yaml", enabled ? AccountState.ACTIVE : AccountState.DISABLED,
                enabled ? null : "disabled in YAML", tier, weight, maxConcurrency);
    }

    @Override
    public AccountRecord upsert(String provider, String name, JsonObject credentials, String source, int tier,
                                int weight, Integer maxConcurrency) {
        return add(provider, name, credentials, source, AccountState.ACTIVE, null, tier, weight, maxConcurrency);
    }

    private AccountRecord add(String provider, String name, JsonObject credentials, String source,
                              AccountState state, String reason, int tier, int weight, Integer maxConcurrency) {
        Optional<AccountRecord> old = find(provider, name);
        long id = old.map(AccountRecord::id).orElse((long) rows.size() + 1);
        AccountRecord r = new AccountRecord(id, provider, name, credentials, source, state, reason, null, tier, weight,
                maxConcurrency, null, 0, 0, 0, 0, null, clock.instant(), null);
        if (old.isPresent()) {
            rows.set(rows.indexOf(old.get()), r);
        } else {
            rows.add(r);
        }
        return r;
    }

    private static UnsupportedOperationException refused(String what) {
        return new UnsupportedOperationException("config check changes no account (" + what + ")");
    }

    @Override
    public void updateCredentials(long id, JsonObject credentials) {
        throw refused("credentials");
    }

    @Override
    public void updateState(long id, AccountState state, String reason, Instant until) {
        throw refused("state");
    }

    @Override
    public void updateSettings(long id, int tier, int weight, Integer maxConcurrency) {
        throw refused("settings");
    }

    @Override
    public void recordSuccess(long id, long inputTokens, long outputTokens, Instant at) {
        throw refused("success");
    }

    @Override
    public void recordError(long id, String message, Instant at) {
        throw refused("error");
    }

    @Override
    public void updateQuota(long id, QuotaSnapshot quota) {
        throw refused("quota");
    }

    @Override
    public void delete(long id) {
        throw refused("delete");
    }
}
