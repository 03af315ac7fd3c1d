package dev.switchboard.kernel.store;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.QuotaSnapshot;
import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * One row of {@code accounts} with its credentials decrypted. Immutable snapshot; {@link #toString()} leaves
 * the credentials out.
 *
 * @param stateReason why the state was set (for the admin API), or null
 * @param stateUntil  when a {@code cooling} or {@code exhausted} state ends, or null
 * @param quota       last known quota figures, or null
 * @param lastUsedAt  when the account last served an attempt, or null
 */
public record StoredAccount(long id, String provider, String name, JsonObject credentials, AccountSource source,
                            AccountState state, String stateReason, Instant stateUntil, int tier, int weight,
                            Integer maxConcurrency, QuotaSnapshot quota, AccountStats stats, Instant createdAt,
                            Instant lastUsedAt, Instant updatedAt) {

    /** The snapshot a plugin sees. */
    public Account toSpi() {
        return new Account(id, provider, name, credentials, state, quota);
    }

    @Override
    public String toString() {
        return "StoredAccount[" + id + " " + provider + "/" + name + ", " + state.wire() + ", tier " + tier + "]";
    }
}
