package dev.switchboard.spi;

import jakarta.json.JsonObject;
import java.util.Objects;

/**
 * A pooled upstream account as a plugin sees it: a snapshot, decrypted, immutable. Plugins read their
 * own credential fields from {@code credentials} (kebab-case keys such as {@code api-key},
 * {@code refresh-token}, {@code expires-at}); they change them only through {@link CredentialStore}.
 *
 * @param id          kernel id (stable across restarts)
 * @param provider    provider instance id
 * @param name        account name, unique within the instance; safe to log
 * @param credentials the plugin's credential and per-account settings; secret — never log it
 * @param state       kernel state at the time of the snapshot
 * @param quota       last known quota figures, or null
 */
public record Account(long id, String provider, String name, JsonObject credentials, AccountState state,
                      QuotaSnapshot quota) {
    public Account {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(credentials, "credentials");
        state = state == null ? AccountState.ACTIVE : state;
    }

    /** A credential string field, or null. */
    public String credential(String key) {
        return credentials.containsKey(key) && !credentials.isNull(key) ? credentials.getString(key, null) : null;
    }

    public Account withCredentials(JsonObject c) {
        return new Account(id, provider, name, c, state, quota);
    }

    @Override
    public String toString() {
        return "Account[" + provider + "/" + name + ", " + state.wire() + "]";
    }
}
