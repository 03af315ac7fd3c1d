package dev.switchboard.kernel.http;

import dev.switchboard.kernel.auth.ClientAuthenticator;
import dev.switchboard.kernel.auth.ClientPrincipal;
import dev.switchboard.kernel.auth.QuotaTracker;
import dev.switchboard.kernel.auth.RpmLimiter;
import dev.switchboard.kernel.dialect.ErrorResponses;
import dev.switchboard.kernel.dispatch.ClientDialect;
import dev.switchboard.kernel.dispatch.Dispatcher;
import dev.switchboard.kernel.dispatch.ParsedRequest;
import dev.switchboard.kernel.dispatch.RequestInfo;
import dev.switchboard.kernel.logging.DebugBodies;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import io.helidon.http.Header;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The chat endpoints of the three dialects. Every request goes: authenticate → read the body (JSON type, size
 * limit) → parse in the dialect (400 naming the field) → model name well-formed (400) → model allowed for the key (403) → requests per minute
 * (429) → token quota (429) → dispatch. Errors are always in the client's dialect. A request refused before
 * dispatch is listed in the recent-requests ring by {@link RefusedRequests}; once dispatched, the dispatcher
 * records it (usage row and ring) itself. Stateless; thread-safe.
 */
public final class ChatEndpoints {
    private static final Logger LOG = Logger.getLogger(ChatEndpoints.class.getName());
    /** Headers plugins never see: the client's credentials and hop-by-hop fields. */
    static final Set<String> HIDDEN_HEADERS = Set.of("authorization", "x-api-key", "cookie", "proxy-authorization",
            "host", "connection", "content-length", "transfer-encoding", "keep-alive", "upgrade", "te");

    private final ClientAuthenticator auth;
    private final RpmLimiter rpm;
    private final QuotaTracker quotas;
    private final Dispatcher dispatcher;
    private final long maxBodyBytes;
    private final StreamAdmission admission;
    private final DebugBodies bodies;
    private final RefusedRequests refused;

    public ChatEndpoints(ClientAuthenticator auth, RpmLimiter rpm, QuotaTracker quotas, Dispatcher dispatcher,
                         long maxBodyBytes, StreamAdmission admission, DebugBodies bodies, RefusedRequests refused) {
        this.bodies = bodies;
        this.refused = refused;
        this.auth = auth;
        this.rpm = rpm;
        this.quotas = quotas;
        this.dispatcher = dispatcher;
        this.maxBodyBytes = maxBodyBytes;
        this.admission = admission;
    }

    public void register(HttpRouting.Builder r, String path, ClientDialect dialect) {
        r.post(path, (req, res) -> handle(req, res, path, dialect));
    }

    private void handle(ServerRequest req, ServerResponse res, String path, ClientDialect dialect) {
        RequestInfo info = AccessLog.info(req);
        String requestId = info.requestId();
        StreamAdmission.Slot slot = null;
        ClientPrincipal principal = null; // what is known so far, for listing a refusal
        ParsedRequest parsed = null;
        boolean dispatched = false;
        try {
            principal = auth.authenticate(req.headers(), req.remotePeer().address(), dialect.id());
            info.clientKey(principal.loopbackMode() ? null : principal.name());
            slot = admission.enter();
            JsonObject body = RequestBodies.readJson(req, maxBodyBytes, slot::charge);
            if (bodies.enabled()) {
                bodies.clientRequest(path, body, presentedKey(req));
            }
            HttpHeaders headers = visibleHeaders(req);
            parsed = dialect.read(body, headers);
            String model = parsed.request().model();
            ModelNames.check(model);
            info.model(model);
            if (!principal.allows(model)) {
                throw GatewayException.builder(ErrorKind.PERMISSION).param("model")
                        .message("key '" + principal.name() + "' may not use model '" + model + "'").build();
            }
            Duration wait = rpm.acquire(principal.name(), principal.rpm());
            if (wait != null) {
                throw GatewayException.builder(ErrorKind.CLIENT_RATE_LIMITED).retryAfter(wait)
                        .message("key '" + principal.name() + "' exceeded its limit of " + principal.rpm()
                                + " requests per minute").build();
            }
            quotas.check(principal);
            String loopbackAuth = principal.loopbackMode()
                    ? req.headers().first(io.helidon.http.HeaderNames.AUTHORIZATION).orElse(null) : null;
            ClientRequest client = new ClientRequest(dialect.id(), path, headers, body, loopbackAuth,
                    ConversationKeys.of(headers, body, parsed.request()));
            dispatched = true;
            dispatcher.dispatch(dialect, parsed, client, principal, res, info, requestId);
        } catch (GatewayException e) {
            info.errorKind(e.kind());
            if (!dispatched) { // listed before answering, so a client that saw its error finds it in the list
                refused.record(info, dialect.id(), principal, parsed, e.kind());
            }
            ErrorResponses.send(res, dialect.id(), e, requestId);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "internal error on " + path, e);
            info.errorKind(ErrorKind.INTERNAL);
            if (!dispatched) {
                refused.record(info, dialect.id(), principal, parsed, ErrorKind.INTERNAL);
            }
            if (!res.isSent()) {
                ErrorResponses.send(res, dialect.id(), new GatewayException(ErrorKind.INTERNAL,
                        "internal gateway error (request " + requestId + ")"), requestId);
            }
        } finally {
            if (slot != null) {
                slot.close();
            }
        }
    }

    /** The credential the client sent, for masking it in logged bodies. */
    private static String presentedKey(ServerRequest req) {
        String key = req.headers().first(io.helidon.http.HeaderNames.create("x-api-key")).orElse(null);
        return key != null ? key : req.headers().first(io.helidon.http.HeaderNames.AUTHORIZATION)
                .map(v -> v.regionMatches(true, 0, "Bearer ", 0, 7) ? v.substring(7).trim() : v).orElse(null);
    }

    /** The client's headers minus credentials and hop-by-hop fields. */
    static HttpHeaders visibleHeaders(ServerRequest req) {
        HttpHeaders h = HttpHeaders.create();
        for (Header header : req.headers()) {
            String name = header.headerName().lowerCase(); // Helidon's, made once per name: no copy per request
            if (!HIDDEN_HEADERS.contains(name)) {
                for (String v : header.allValues()) {
                    h.add(name, v);
                }
            }
        }
        return h;
    }
}
