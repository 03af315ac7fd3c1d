package dev.switchboard.kernel.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The {@code affinity_pins} table: which account serves a conversation, shared by the gateways on one database.
 * A conversation is stored as a digest of its key (never the key). Gateways cache pins in memory and write a pin
 * when it is new or moves, refresh its last use in batches, and prune old and surplus pins. Thread-safe.
 */
public final class AffinityPinRepository {
    private static final List<String> KEY = List.of("provider", "conversation");
    private static final List<String> COLUMNS = List.of("provider", "conversation", "account_id", "last_used_at");
    private static final List<String> VALUES = List.of(":p", ":c", ":a", ":t");

    private final Jdbi jdbi;
    private final String upsert;

    public AffinityPinRepository(Jdbi jdbi) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.upsert = jdbi.getConfig(VendorConfig.class).vendor().upsert("affinity_pins", KEY, COLUMNS, VALUES);
    }

    /** How a conversation key is stored: its SHA-256 in hex. */
    public static String digest(String conversationKey) {
        return Secrets.sha256Hex(conversationKey);
    }

    /** The account pinned to a conversation, if the pin was used after {@code notBefore}. */
    public Optional<Long> find(String provider, String conversation, Instant notBefore) {
        return jdbi.withHandle(h -> h.createQuery("SELECT account_id FROM affinity_pins WHERE provider = :p AND "
                        + "conversation = :c AND last_used_at > :nb")
                .bind("p", provider).bind("c", conversation).bind("nb", notBefore).mapTo(Long.class).findOne());
    }

    /** Pins a conversation (new, or moved to another account). */
    public void save(String provider, String conversation, long accountId, Instant at) {
        jdbi.useHandle(h -> h.createUpdate(upsert).bind("p", provider).bind("c", conversation).bind("a", accountId)
                .bind("t", at).execute());
    }

    /** Moves the last use of pins forward (never back), in one transaction. */
    public void touch(String provider, Map<String, Instant> lastUse) {
        if (lastUse.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            PreparedBatch b = h.prepareBatch("UPDATE affinity_pins SET last_used_at = :t WHERE provider = :p AND "
                    + "conversation = :c AND last_used_at < :t");
            lastUse.forEach((c, t) -> b.bind("p", provider).bind("c", c).bind("t", t).add());
            b.execute();
        });
    }

    /**
     * Deletes a provider's pins last used at or before {@code expiredBy}, then its oldest beyond {@code maxEntries}
     * (the same bounds as each gateway's in-memory map). Returns how many went.
     */
    public int prune(String provider, Instant expiredBy, int maxEntries) {
        int expired = jdbi.withHandle(h -> h.createUpdate("DELETE FROM affinity_pins WHERE provider = :p AND "
                + "last_used_at <= :t").bind("p", provider).bind("t", expiredBy).execute());
        Optional<Instant> newestDropped = jdbi.withHandle(h -> h.createQuery("SELECT last_used_at FROM affinity_pins "
                        + "WHERE provider = :p ORDER BY last_used_at DESC LIMIT 1 OFFSET :n")
                .bind("p", provider).bind("n", maxEntries).mapTo(Instant.class).findOne());
        int surplus = newestDropped.map(t -> jdbi.withHandle(h -> h.createUpdate("DELETE FROM affinity_pins "
                + "WHERE provider = :p AND last_used_at <= :t").bind("p", provider).bind("t", t).execute())).orElse(0);
        return expired + surplus;
    }

    /** How many pins a provider has stored. */
    public long count(String provider) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM affinity_pins WHERE provider = :p")
                .bind("p", provider).mapTo(Long.class).one());
    }
}
