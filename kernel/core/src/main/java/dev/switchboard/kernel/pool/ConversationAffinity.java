package dev.switchboard.kernel.pool;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Conversation key → the account that served it last, so an upstream's prompt cache keeps hitting. Bounded:
 * entries expire {@code ttl} after their last use, and when the map outgrows {@code maxEntries} expired
 * entries are swept and then the oldest ones dropped. Thread-safe; no global lock on lookups.
 */
public final class ConversationAffinity {
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(long accountId, Instant lastUsed) {
    }

    public ConversationAffinity(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = Math.max(16, maxEntries);
        this.clock = clock;
    }

    /** The pinned account id, or null when none or expired. */
    public Long get(String key) {
        if (key == null) {
            return null;
        }
        Entry e = entries.get(key);
        if (e == null) {
            return null;
        }
        if (e.lastUsed.plus(ttl).isBefore(clock.instant())) {
            entries.remove(key, e);
            return null;
        }
        return e.accountId;
    }

    /** Pins (or re-pins) a conversation to an account. */
    public void put(String key, long accountId) {
        if (key == null) {
            return;
        }
        entries.put(key, new Entry(accountId, clock.instant()));
        if (entries.size() > maxEntries) {
            sweep();
        }
    }

    public int size() {
        return entries.size();
    }

    private void sweep() {
        Instant now = clock.instant();
        entries.values().removeIf(e -> e.lastUsed.plus(ttl).isBefore(now));
        int excess = entries.size() - maxEntries;
        if (excess <= 0) {
            return;
        }
        // Drop the oldest tenth (at least the excess) so sweeps stay rare.
        int drop = Math.max(excess, maxEntries / 10);
        entries.entrySet().stream()
                .sorted(Map.Entry.comparingByValue(java.util.Comparator.comparing(Entry::lastUsed)))
                .limit(drop)
                .map(Map.Entry::getKey)
                .toList()
                .forEach(entries::remove);
    }

    /** Forgets conversations pinned to an account (removed from the pool). */
    public void forgetAccount(long accountId) {
        Iterator<Entry> it = entries.values().iterator();
        while (it.hasNext()) {
            if (it.next().accountId == accountId) {
                it.remove();
            }
        }
    }
}
