package dev.switchboard.kernel.store;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.CredentialStore;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The SPI {@link CredentialStore} of one provider instance, over {@link AccountRepository}: plugins persist
 * rotated tokens and flow results through it, encrypted at rest (decision 11). An account created here is
 * recorded with source {@code flow}. Thread-safe.
 */
public final class ProviderCredentialStore implements CredentialStore {

    private final String provider;
    private final AccountRepository accounts;

    public ProviderCredentialStore(String provider, AccountRepository accounts) {
        this.provider = Objects.requireNonNull(provider, "provider");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
    }

    @Override
    public Account update(Account account, JsonObject credentials) {
        if (!provider.equals(account.provider())) {
            throw new IllegalArgumentException("account " + account.provider() + "/" + account.name()
                    + " does not belong to provider " + provider);
        }
        if (!accounts.updateCredentials(account.id(), credentials)) {
            throw new StorageException("account " + provider + "/" + account.name() + " no longer exists");
        }
        return accounts.find(account.id()).map(StoredAccount::toSpi)
                .orElseThrow(() -> new StorageException("account " + provider + "/" + account.name() + " no longer exists"));
    }

    @Override
    public Account upsert(String name, JsonObject credentials) {
        return accounts.upsertCredentials(provider, name, credentials, AccountSource.FLOW).toSpi();
    }

    @Override
    public Optional<Account> find(String name) {
        return accounts.find(provider, name).map(StoredAccount::toSpi);
    }

    @Override
    public List<Account> list() {
        return accounts.list(provider).stream().map(StoredAccount::toSpi).toList();
    }
}
