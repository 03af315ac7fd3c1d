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
 * entries are swept and then the oldest ones dropped. With several gateways on one database the map is a cache in
 * front of a {@link PinStore} they share: a conversation this gateway has not seen is looked up there, and a new or
 * moved pin is stored there before its answer completes, so the next turn finds it on any instance. Thread-safe; no
 * global lock on lookups.
 */
public final class ConversationAffinity {
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final PinStore pins;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(long accountId, Instant lastUsed) {
    }

    public ConversationAffinity(Duration ttl, int maxEntries, Clock clock) {
        this(ttl, maxEntries, clock, PinStore.NONE);
    }

    public ConversationAffinity(Duration ttl, int maxEntries, Clock clock, PinStore pins) {
        this.ttl = ttl;
        this.maxEntries = Math.max(16, maxEntries);
        this.clock = clock;
        this.pins = pins;
    }

    /** The pinned account id, or null when none or expired. */
    public Long get(String conversationKey) {
        if (conversationKey == null) {
            return null;
        }
        String key = pins.key(conversationKey);
        Entry e = entries.get(key);
        if (e != null && e.lastUsed.plus(ttl).isBefore(clock.instant())) {
            entries.remove(key, e);
            e = null;
        }
        if (e != null) {
            return e.accountId;
        }
        return pins.shared() ? loadStored(key) : null;
    }

    /**
     * The pin as stored, bypassing this gateway's cache: when the cached account cannot serve, another gateway may
     * already have moved the conversation. Alone, the cache is the pin.
     */
    public Long reload(String conversationKey) {
        if (conversationKey == null) {
            return null;
        }
        return pins.shared() ? loadStored(pins.key(conversationKey)) : get(conversationKey);
    }

    private Long loadStored(String key) {
        Long stored = pins.load(key);
        if (stored == null) {
            entries.remove(key);
            return null;
        }
        cache(key, stored);
        return stored;
    }

    /** Pins (or re-pins) a conversation to an account. */
    public void put(String conversationKey, long accountId) {
        if (conversationKey == null) {
            return;
        }
        String key = pins.key(conversationKey);
        Entry before = cache(key, accountId);
        if (before == null || before.accountId != accountId) {
            pins.save(key, accountId);
        } else {
            pins.touch(key);
        }
    }

    /** Takes a pin another gateway stored (its notification) into the cache, if the conversation is cached here. */
    public void adopt(String key, long accountId) {
        entries.computeIfPresent(key, (k, e) -> new Entry(accountId, e.lastUsed));
    }

    private Entry cache(String key, long accountId) {
        Entry before = entries.put(key, new Entry(accountId, clock.instant()));
        if (entries.size() > maxEntries) {
            sweep();
        }
        return before;
    }

    public int size() {
        return entries.size();
    }

    /** How long a pin lives after its last use. */
    public Duration ttl() {
        return ttl;
    }

    public int maxEntries() {
        return maxEntries;
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
