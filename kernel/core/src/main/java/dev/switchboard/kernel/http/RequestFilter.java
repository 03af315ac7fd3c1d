package dev.switchboard.kernel.http;

import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * The one Helidon filter every request passes: the access log, the client read deadlines, the shutdown drain, the
 * admin gate, CORS and the host check, in that order, around a single {@link FilterChain#proceed()}.
 * <p>
 * They are stages of one filter rather than filters of their own because a streamed answer keeps its request's
 * virtual thread parked under the handler for the whole stream, and a parked virtual thread's stack is copied to
 * the heap. Each Helidon filter leaves three frames under the handler (the chain's {@code proceed}, the filter,
 * the proceeder it allocates), so six filters left 18 there for every open stream; one leaves three. The stages
 * return before the route runs, so none of them stays on the stack.
 * <p>
 * The nesting keeps what each stage promised as a filter of its own:
 * <ul>
 *   <li>every request gets its access line and its metrics, written last: after a refusal by any later stage,
 *       after a route that threw, with the request id still the thread's log context;</li>
 *   <li>an unread body is drained under its deadline whatever happened, including a drain refusal;</li>
 *   <li>only requests the drain admitted are counted in flight, and they are counted out before the body is
 *       drained and the access line written, whether the later stages refused them or the route threw;</li>
 *   <li>the admin gate waits inside the in-flight count, so shutdown waits for an admin call held there;</li>
 *   <li>CORS runs before the host check: a preflight is answered whatever its {@code Host} (it carries no data),
 *       and a refused {@code Host} still gets the CORS headers, so a permitted page can read the refusal.</li>
 * </ul>
 * A stage that refuses has sent its answer, so the later stages and the route do not run. Thread-safe.
 */
public final class RequestFilter implements Filter {
    private final AccessLog accessLog;
    private final ClientTimeouts clientTimeouts;
    private final ShutdownDrain drain;
    private final AdminReadyGate adminReady;
    private final CorsPolicy cors;
    private final HostCheck hostCheck;

    public RequestFilter(AccessLog accessLog, ClientTimeouts clientTimeouts, ShutdownDrain drain,
                         AdminReadyGate adminReady, CorsPolicy cors, HostCheck hostCheck) {
        this.accessLog = accessLog;
        this.clientTimeouts = clientTimeouts;
        this.drain = drain;
        this.adminReady = adminReady;
        this.cors = cors;
        this.hostCheck = hostCheck;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        AccessLog.Entry entry = accessLog.begin(req);
        try {
            try {
                if (drain.admit(res)) {
                    try {
                        if (adminReady.admit(req, res) && cors.admit(req, res) && hostCheck.admit(req, res)) {
                            chain.proceed();
                        }
                    } finally {
                        drain.leave();
                    }
                }
            } finally {
                clientTimeouts.finish(req);
            }
        } finally {
            accessLog.end(req, res, entry);
        }
    }
}
