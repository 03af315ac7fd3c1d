package dev.switchboard.kernel.admin;

import dev.switchboard.kernel.store.UsageRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The most recent chat requests, newest first, for {@code GET /admin/requests} and the console: a bounded ring of
 * {@link UsageRecord}s in memory (lost on restart). Dispatched requests arrive from the usage sink, so the usage
 * table holds them durably too; requests refused before dispatch (bad key, bad body, forbidden model, rate limit,
 * overload) arrive through {@link #addRefused} and live only here, since they used no upstream and must not count
 * as usage. A record holds names, figures and the error kind only — never a body, a header or a secret. Each entry
 * gets a sequence number so a poller can ask for what is new. Thread-safe; adding is O(1) and never blocks on I/O.
 */
public final class RecentRequests {

    /**
     * One remembered request.
     *
     * @param refused       true when the gateway answered it itself, before any dispatch (no usage row exists)
     * @param authenticated false only for a refusal that came before the caller's key was accepted, so a missing
     *                      key name means "unknown caller" rather than loopback mode
     */
    public record Entry(long id, UsageRecord record, boolean refused, boolean authenticated) {
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

    /** Remembers a dispatched request, replacing the oldest when full. */
    public void add(UsageRecord r) {
        put(r, false, true);
    }

    /**
     * Remembers a request refused before dispatch. Anyone can cause these without a key, so a flood of them only
     * cycles the bounded ring, pushing older entries out; it costs no more memory and no I/O.
     *
     * @param authenticated whether the caller's key had been accepted when the request was refused
     */
    public void addRefused(UsageRecord r, boolean authenticated) {
        put(r, true, authenticated);
    }

    private void put(UsageRecord r, boolean refused, boolean authenticated) {
        if (ring.length == 0) {
            return;
        }
        synchronized (ring) {
            long id = next++;
            ring[(int) ((id - 1) % ring.length)] = new Entry(id, r, refused, authenticated);
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
