package dev.switchboard.kernel.cluster;

import dev.switchboard.kernel.pool.PinStore;
import dev.switchboard.kernel.store.AffinityPinRepository;
import dev.switchboard.kernel.store.ChangeFeed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * One provider instance's conversation pins in the shared {@code affinity_pins} table. A new or moved pin is written
 * at once (before the answer completes, so the conversation's next turn finds it on any gateway) and announced, so
 * the other gateways' caches follow; reuse only moves the pin's expiry, written in batches every few seconds.
 * Thread-safe.
 */
final class SharedPins implements PinStore {
    private static final Logger LOG = Logger.getLogger(SharedPins.class.getName());
    static final String PREFIX = "pin|";

    private final String provider;
    private final AffinityPinRepository repo;
    private final ChangeFeed feed;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Instant> touched = new ConcurrentHashMap<>();

    SharedPins(String provider, AffinityPinRepository repo, ChangeFeed feed, Clock clock, Duration ttl) {
        this.provider = provider;
        this.repo = repo;
        this.feed = feed;
        this.clock = clock;
        this.ttl = ttl;
    }

    @Override
    public String key(String conversationKey) {
        return AffinityPinRepository.digest(conversationKey);
    }

    @Override
    public Long load(String key) {
        return repo.find(provider, key, clock.instant().minus(ttl)).orElse(null);
    }

    @Override
    public void save(String key, long accountId) {
        touched.remove(key);
        repo.save(provider, key, accountId, clock.instant());
        feed.publish(message(provider, key, accountId));
    }

    @Override
    public void touch(String key) {
        touched.put(key, clock.instant());
    }

    @Override
    public boolean shared() {
        return true;
    }

    /** Writes the pending expiry moves; a failure keeps them for the next flush. */
    void flush() {
        if (touched.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        for (String k : touched.keySet()) {
            Instant t = touched.remove(k);
            if (t != null) {
                batch.put(k, t);
            }
        }
        try {
            repo.touch(provider, batch);
        } catch (RuntimeException e) {
            LOG.warning(() -> "affinity: the last use of " + batch.size() + " pin(s) of " + provider
                    + " could not be written; retrying");
            batch.forEach((k, t) -> touched.merge(k, t, (a, b) -> a.isAfter(b) ? a : b));
        }
    }

    /** Deletes expired and surplus pins of this provider (one gateway at a time calls it). */
    void prune(int maxEntries) {
        int n = repo.prune(provider, clock.instant().minus(ttl), maxEntries);
        if (n > 0) {
            LOG.fine(() -> "affinity: pruned " + n + " pin(s) of " + provider);
        }
    }

    static String message(String provider, String key, long accountId) {
        return PREFIX + accountId + "|" + key + "|" + provider;
    }

    /** A pin message as (provider, key, account), or empty for any other message. */
    static Optional<Moved> parse(String message) {
        if (!message.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String[] parts = message.substring(PREFIX.length()).split("\\|", 3);
        try {
            return parts.length == 3 ? Optional.of(new Moved(parts[2], parts[1], Long.parseLong(parts[0])))
                    : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    record Moved(String provider, String key, long accountId) {
    }
}
