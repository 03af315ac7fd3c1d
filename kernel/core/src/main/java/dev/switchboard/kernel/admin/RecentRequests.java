package dev.switchboard.kernel.admin;

import dev.switchboard.kernel.store.UsageRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent dispatched requests, newest first, for {@code GET /admin/requests} and the console: a bounded
 * ring of {@link UsageRecord}s in memory (lost on restart; the usage table is the durable record). A record holds
 * names, figures and the error kind only — never a body, a header or a secret. Each entry gets a sequence number so
 * a poller can ask for what is new. Thread-safe; {@link #add} is O(1) and never blocks on I/O.
 */
public final class RecentRequests {

    /** One remembered request. */
    public record Entry(long id, UsageRecord record) {
    }

    private final Entry[] ring;
    private long next = 1;

    /** @param capacity entries kept; 0 keeps none */
    public RecentRequests(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative: " + capacity);
        }
        this.ring = new Entry[capacity];
    }

    public int capacity() {
        return ring.length;
    }

    /** Remembers a request, replacing the oldest when full. */
    public void add(UsageRecord r) {
        if (ring.length == 0) {
            return;
        }
        synchronized (ring) {
            long id = next++;
            ring[(int) ((id - 1) % ring.length)] = new Entry(id, r);
        }
    }

    /**
     * Newest first: at most {@code limit} entries with an id greater than {@code afterId}.
     *
     * @param afterId 0 for everything still held
     */
    public List<Entry> newest(int limit, long afterId) {
        List<Entry> out = new ArrayList<>(Math.min(Math.max(limit, 0), ring.length));
        synchronized (ring) {
            long id = next - 1;
            long oldest = Math.max(1, next - ring.length);
            for (; id >= oldest && id > afterId && out.size() < limit; id--) {
                out.add(ring[(int) ((id - 1) % ring.length)]);
            }
        }
        return out;
    }
}
