package dev.switchboard.kernel.pool;

import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.QuotaSnapshot;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable account storage as the pools need it. The production implementation encrypts credentials at
 * rest (H2 through Jdbi); tests use an in-memory one. Thread-safe; counters are atomic
 * increments, never read-then-write.
 */
public interface AccountStore {

    List<AccountRecord> list(String provider);

    Optional<AccountRecord> find(String provider, String name);

    /**
     * Upserts an account declared in YAML by (provider, name): the stored credentials and state
     * win unless the declared secret changed since the last start (compared by fingerprint); tier, weight and
     * concurrency always follow the YAML. {@code enabled = false} stores it disabled.
     */
    AccountRecord upsertDeclared(String provider, String name, JsonObject credentials, int tier, int weight,
                                 Integer maxConcurrency, boolean enabled);

    /** Creates or replaces an account added through the admin API or a flow ({@code source}: admin or flow). */
    AccountRecord upsert(String provider, String name, JsonObject credentials, String source, int tier, int weight,
                         Integer maxConcurrency);

    void updateCredentials(long id, JsonObject credentials);

    void updateState(long id, AccountState state, String reason, Instant until);

    void updateSettings(long id, int tier, int weight, Integer maxConcurrency);

    void recordSuccess(long id, long inputTokens, long outputTokens, Instant at);

    void recordError(long id, String message, Instant at);

    void updateQuota(long id, QuotaSnapshot quota);

    void delete(long id);
}
