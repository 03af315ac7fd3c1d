package dev.switchboard.kernel.pool;

import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.QuotaSnapshot;
import jakarta.json.JsonObject;
import java.time.Instant;

/**
 * A stored account as the kernel persists it (credentials decrypted in memory only).
 *
 * @param id             store id
 * @param provider       provider instance id
 * @param name           unique within the provider
 * @param credentials    the plugin's credential JSON (secret)
 * @param source         {@code yaml}, {@code admin} or {@code flow}
 * @param state          kernel state
 * @param stateReason    why it is in that state (shown to admins; never a secret), or null
 * @param stateUntil     when a cooling/exhausted state ends, or null (until an admin acts)
 * @param tier           priority tier, 1 first
 * @param weight         weight for the weighted strategy
 * @param maxConcurrency in-flight limit, or null for the instance default
 * @param quota          last quota figures, or null
 * @param requestCount   requests served
 * @param inputTokens    input tokens served
 * @param outputTokens   output tokens served
 * @param errorCount     upstream faults counted
 * @param lastError      last upstream fault message, or null
 * @param createdAt      creation time
 * @param lastUsedAt     last use, or null
 */
public record AccountRecord(long id, String provider, String name, JsonObject credentials, String source,
                            AccountState state, String stateReason, Instant stateUntil, int tier, int weight,
                            Integer maxConcurrency, QuotaSnapshot quota, long requestCount, long inputTokens,
                            long outputTokens, long errorCount, String lastError, Instant createdAt,
                            Instant lastUsedAt) {

    @Override
    public String toString() {
        return "AccountRecord[" + provider + "/" + name + ", " + state.wire() + "]";
    }
}
