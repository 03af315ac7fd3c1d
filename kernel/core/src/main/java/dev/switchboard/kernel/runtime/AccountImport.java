package dev.switchboard.kernel.runtime;

import dev.switchboard.kernel.store.StoredNames;
import dev.switchboard.kernel.config.AccountEntry;
import dev.switchboard.kernel.pool.AccountStore;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * Adds or replaces one account given as {@code {name, tier?, weight?, max-concurrency?, enabled?, credentials:{...}}}
 * (the admin API's and the export file's shape): the plugin validates it, the store encrypts and keeps it, the
 * pool picks it up. Shared by the admin API and {@code switchboard accounts import}. Stateless.
 */
public final class AccountImport {
    private AccountImport() {
    }

    /**
     * Validates and stores one account.
     *
     * @param where  names the input in messages ("admin request", the import file)
     * @param source {@code admin} or {@code flow}
     * @throws ConfigException naming the bad key
     */
    public static PooledAccount upsert(ProviderInstance i, AccountStore store, JsonObject body, String where,
                                       String source) throws ConfigException {
        return store(i, store, validate(i, body, where), source);
    }

    /** Reads one account and lets the provider's plugin check it; stores nothing. */
    public static AccountEntry validate(ProviderInstance i, JsonObject body, String where) throws ConfigException {
        String bad = StoredNames.problem(Jsons.str(body, "name"));
        if (bad != null) {
            throw new ConfigException(where, "name", "account name " + bad);
        }
        JsonObjectBuilder entry = Jsons.objectBuilder(body);
        JsonObject creds = Jsons.obj(body, "credentials");
        entry.remove("credentials");
        if (creds != null) {
            creds.forEach(entry::add);
        }
        AccountEntry e = AccountEntry.read(new PluginConfig(where, "account", entry.build()));
        i.provider().validateAccount(e.plugin());
        return e;
    }

    /** Stores a validated account (credentials encrypted by the store) and loads it into the pool. */
    public static PooledAccount store(ProviderInstance i, AccountStore store, AccountEntry e, String source) {
        var rec = store.upsert(i.id(), e.name(), e.plugin().json(), source, e.tier(), e.weight(), e.maxConcurrency());
        store.updateSettings(rec.id(), e.tier(), e.weight(), e.maxConcurrency());
        i.pool().reload();
        PooledAccount a = i.pool().find(e.name());
        if (!e.enabled()) {
            i.pool().setState(a, AccountState.DISABLED, "disabled by an admin", null);
        }
        return a;
    }

    /** True when credentials hold a masked value ({@code ***}) from an export without secrets. */
    public static boolean hasMaskedSecrets(JsonObject account) {
        JsonObject creds = Jsons.obj(account, "credentials");
        return creds != null && creds.values().stream().anyMatch(x -> x.equals(Jsons.value("***")));
    }
}
