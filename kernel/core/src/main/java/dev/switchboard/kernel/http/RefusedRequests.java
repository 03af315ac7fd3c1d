package dev.switchboard.kernel.http;

import dev.switchboard.kernel.admin.RecentRequests;
import dev.switchboard.kernel.auth.ClientPrincipal;
import dev.switchboard.kernel.dialect.ClientErrors;
import dev.switchboard.kernel.dispatch.ParsedRequest;
import dev.switchboard.kernel.dispatch.RequestInfo;
import dev.switchboard.kernel.store.UsageOutcome;
import dev.switchboard.kernel.store.UsageRecord;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import java.time.Clock;

/**
 * Turns a chat request the gateway refused before dispatch (bad or missing key, unreadable body, forbidden model,
 * rate limit or quota, overload) into an entry of the recent-requests ring, so an operator sees why a client was
 * turned away. Such a request reached no upstream: it goes to the ring only, never to the usage table, so it
 * counts toward no quota and no usage report. The entry holds what was learned before the refusal — the key's
 * name once it was accepted (never the credential presented), the model once it was read and checked — and
 * nothing of the body or headers. Thread-safe; recording is O(1) and does no I/O.
 */
public final class RefusedRequests {
    private final RecentRequests ring;
    private final Clock clock;

    public RefusedRequests(RecentRequests ring, Clock clock) {
        this.ring = ring;
        this.clock = clock;
    }

    /**
     * @param principal the authenticated caller, or null when authentication itself failed
     * @param parsed    the request as its dialect read it, or null when the refusal came earlier
     */
    void record(RequestInfo info, Dialect dialect, ClientPrincipal principal, ParsedRequest parsed, ErrorKind kind) {
        long elapsed = info.elapsedMillis();
        boolean keyed = principal != null && !principal.loopbackMode();
        // The ring's rows are stamped with the request's start, as the dispatcher stamps usage rows.
        UsageRecord r = new UsageRecord(clock.instant().minusMillis(elapsed), keyed ? principal.keyId() : null,
                keyed ? principal.name() : null, null, null, info.model(), null, null, elapsed, null,
                ClientErrors.status(kind, dialect), UsageOutcome.ERROR, dialect,
                parsed != null && parsed.request().stream(), kind, 0, null);
        ring.addRefused(r, principal != null);
    }
}
