package dev.switchboard.plugin.kiro.flow;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * The live sessions of one flow type, purged {@code flow-ttl} (10 min) after they started: a pending one ends as
 * {@code timeout} and releases its listener or poller, and every record is dropped (the
 * reference proxy never purged). Sweeps run on every access and on the provider's sweeper, with the injectable
 * clock. Thread-safe.
 *
 * @param <S> the session type
 */
final class FlowStore<S extends FlowSession> {
    private final Map<String, S> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration ttl;
    private final Logger log;

    FlowStore(Clock clock, Duration ttl, Logger log) {
        this.clock = clock;
        this.ttl = ttl;
        this.log = log;
    }

    void put(S session) {
        sweep();
        sessions.put(session.id, session);
    }

    /** The session, or {@link ErrorKind#NOT_FOUND}. */
    S get(String id) throws GatewayException {
        sweep();
        S s = sessions.get(id);
        if (s == null) {
            throw new GatewayException(ErrorKind.NOT_FOUND, "no such flow: " + id);
        }
        return s;
    }

    /** True while the session is stored (not purged). */
    boolean contains(String id) {
        return sessions.containsKey(id);
    }

    /** Time-outs and purges sessions older than the TTL. */
    void sweep() {
        Instant cutoff = clock.instant().minus(ttl);
        for (Iterator<S> it = sessions.values().iterator(); it.hasNext(); ) {
            S s = it.next();
            if (!s.createdAt.isAfter(cutoff)) {
                if (s.end(FlowSession.TIMEOUT, Jsons.objectBuilder().add("error", "the flow timed out").build())) {
                    log.info(() -> "flow " + s.id + " timed out");
                }
                s.release();
                it.remove();
            }
        }
    }

    /** Ends every pending session as cancelled (provider shutdown). */
    void closeAll() {
        for (S s : sessions.values()) {
            s.end(FlowSession.CANCELLED, Jsons.objectBuilder().add("error", "the gateway stopped").build());
            s.release();
        }
        sessions.clear();
    }

    int size() {
        return sessions.size();
    }
}
