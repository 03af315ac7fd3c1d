package dev.switchboard.kernel.runtime;

import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.AccountStore;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.CredentialStore;
import jakarta.json.JsonObject;
import java.util.List;
import dev.switchboard.kernel.store.StoredNames;
import java.util.Optional;

/**
 * The plugin-facing {@link CredentialStore} of one provider instance: writes go to the encrypted store
 * first and then into the live pool, so a rotated token is durable before it is used. Thread-safe.
 */
final class PoolCredentialStore implements CredentialStore {
    private final String provider;
    private final AccountStore store;
    private final AccountPool pool;

    PoolCredentialStore(String provider, AccountStore store, AccountPool pool) {
        this.provider = provider;
        this.store = store;
        this.pool = pool;
    }

    @Override
    public Account update(Account account, JsonObject credentials) {
        PooledAccount pooled = pool.byId(account.id());
        if (pooled == null) {
            throw new IllegalArgumentException("account " + provider + "/" + account.name() + " is not in the pool");
        }
        pool.updateCredentials(pooled, credentials);
        return pooled.toAccount();
    }

    @Override
    public Account upsert(String name, JsonObject credentials) {
        StoredNames.require("name", name);
        store.upsert(provider, name, credentials, "flow", 1, 1, null);
        pool.reload();
        return pool.find(name).toAccount();
    }

    @Override
    public Optional<Account> find(String name) {
        PooledAccount a = pool.find(name);
        return a == null ? Optional.empty() : Optional.of(a.toAccount());
    }

    @Override
    public List<Account> list() {
        return pool.accounts().stream().map(PooledAccount::toAccount).toList();
    }
}
