package dev.switchboard.spi;

import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;

/**
 * Persistence of a provider instance's accounts, backed by the kernel's encrypted store: a plugin persists rotated
 * credentials here, never in files of its own.
 * Plugins use it to save rotated tokens (before using them) and to add accounts from flows and imports.
 * Thread-safe.
 */
public interface CredentialStore {

    /**
     * Durably replaces an account's credentials and returns the updated snapshot. Call it before the new
     * credential is used, so a crash never loses a rotated refresh token.
     */
    Account update(Account account, JsonObject credentials);

    /** Creates an account of this instance, or replaces the credentials of the one with that name. */
    Account upsert(String name, JsonObject credentials);

    /** The current snapshot of an account of this instance. */
    Optional<Account> find(String name);

    /** All accounts of this instance. */
    List<Account> list();
}
