package dev.switchboard.kernel.http;

import dev.switchboard.kernel.dispatch.RequestInfo;
import dev.switchboard.kernel.logging.RequestLogContext;
import dev.switchboard.kernel.logging.LogSafe;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One log line per request (logger {@code dev.switchboard.access}): method, path, model, provider instance,
 * account name, status, latency and time to first byte; in JSON format the same facts as members
 * ({@link AccessLogJson}). It never logs headers, bodies or query strings (they may hold credentials). Every value
 * that a client or an admin chose (path, model, names) goes through {@link LogSafe#value(String)}, so it can neither
 * break the line nor make it huge. It also gives the request its id for every log line written while it runs,
 * and reports its end to the metrics. {@link RequestFilter} opens the entry first and ends it last, so the line
 * covers every other stage's refusal and a route that threw.
 */
public final class AccessLog {
    static final Logger ACCESS = Logger.getLogger("dev.switchboard.access");

    private final RequestListener ended;

    /** @param ended told about every request when it has ended (metrics) */
    public AccessLog(RequestListener ended) {
        this.ended = ended;
    }

    /**
     * Starts the request's entry: registers its {@link RequestInfo} in the request context and makes its id the
     * thread's log context. Every entry must be passed to {@link #end} exactly once.
     */
    Entry begin(RoutingRequest req) {
        RequestInfo info = new RequestInfo();
        req.context().register(info);
        return new Entry(info, RequestLogContext.enter(info.requestId()));
    }

    /**
     * Writes the access line and tells the metrics; the thread's log context is restored even when either fails,
     * so the next request on this connection's thread does not inherit this one's id.
     */
    void end(RoutingRequest req, RoutingResponse res, Entry entry) {
        try {
            RequestInfo info = entry.info();
            String method = req.prologue().method().text();
            String path = req.path().rawPath();
            int status = res.status().code();
            if (ACCESS.isLoggable(Level.INFO)) {
                ACCESS.log(AccessLogJson.record(ACCESS.getName(), line(method, path, status, info), method, path,
                        status, info));
            }
            ended.ended(path, status, info);
        } finally {
            RequestLogContext.exit(entry.outerRequestId());
        }
    }

    static String line(String method, String path, int status, RequestInfo info) {
        StringBuilder sb = new StringBuilder(128).append(LogSafe.value(method)).append(' ').append(LogSafe.value(path));
        if (info.model() != null) {
            sb.append(" model=").append(LogSafe.value(info.model()));
        }
        if (info.provider() != null) {
            sb.append(" provider=").append(LogSafe.value(info.provider()));
        }
        if (info.account() != null) {
            sb.append(" account=").append(LogSafe.value(info.account()));
        }
        if (info.clientKey() != null) {
            sb.append(" key=").append(LogSafe.value(info.clientKey()));
        }
        sb.append(" status=").append(status).append(" latency=").append(info.elapsedMillis()).append("ms");
        if (info.ttfbMillis() >= 0) {
            sb.append(" ttfb=").append(info.ttfbMillis()).append("ms");
        }
        if (info.attempts() > 1) {
            sb.append(" attempts=").append(info.attempts());
        }
        return sb.toString();
    }

    /** The request's info (registered by {@link #begin}), or a detached one outside the gateway's routing. */
    public static RequestInfo info(io.helidon.webserver.http.ServerRequest req) {
        return req.context().get(RequestInfo.class).orElseGet(RequestInfo::new);
    }

    /**
     * One open entry.
     *
     * @param info           what the request learns while it runs
     * @param outerRequestId the thread's log context before this request, restored at its end
     */
    record Entry(RequestInfo info, String outerRequestId) {
    }
}
