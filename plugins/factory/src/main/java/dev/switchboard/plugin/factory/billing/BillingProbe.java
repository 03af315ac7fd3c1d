package dev.switchboard.plugin.factory.billing;

import dev.switchboard.plugin.factory.auth.Credentials;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.HealthReport;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.QuotaSnapshot;
import dev.switchboard.spi.RetryAfter;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.wire.WireErrors;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The quota probe and default health check: reads an account's figures from Factory's billing endpoints
 * — {@code GET /api/billing/limits} first, then {@code POST
 * /api/organization/subscription/usage}, then {@code GET /api/organization/members/chat-usage} — through the
 * instance's transport (proxies rotate). It validates the credential without spending quota, and no
 * client text ever reaches these endpoints, so their verdicts are safe to act on: 401/403 mean the credential
 * (or the account) is rejected, 402 that it is out of credit, 429 cooling. A 404, a 5xx, a timeout or a 200 that
 * is not JSON moves on to the next source. The health verdict is healthy when a source answered JSON (with or
 * without figures), unhealthy on the evidence above, and unknown when no source answered usefully — typically a
 * relay in front of Factory that forwards only the chat paths, where chat works fine. Thread-safe.
 */
public final class BillingProbe implements AccountHealthCheck, dev.switchboard.spi.UsageProbe {
    private static final Logger LOG = Logger.getLogger(BillingProbe.class.getName());
    static final String LIMITS = "/api/billing/limits";
    static final String SUBSCRIPTION_USAGE = "/api/organization/subscription/usage";
    static final String CHAT_USAGE = "/api/organization/members/chat-usage";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final int BODY_LIMIT = 256 * 1024;

    private final HttpTransport transport;
    private final String baseUrl;
    private final String userAgent;
    private final Clock clock;

    public BillingProbe(HttpTransport transport, String baseUrl, String userAgent, Clock clock) {
        this.transport = transport;
        this.baseUrl = baseUrl;
        this.userAgent = userAgent;
        this.clock = clock;
    }

    @Override
    public HealthReport check(Account account) {
        Sweep s = sweep(account);
        if (s.rejection != null) {
            return HealthReport.failed(s.rejection);
        }
        if (s.accepted) {
            return HealthReport.healthy(s.quota);
        }
        return HealthReport.unknown("no Factory billing endpoint answered with JSON (a relay that forwards only the"
                + " chat paths?)" + (s.last == null ? "" : "; last: " + s.last.getMessage()));
    }

    @Override
    public QuotaSnapshot probe(Account account) throws GatewayException {
        Sweep s = sweep(account);
        if (s.rejection != null) {
            throw s.rejection;
        }
        if (s.accepted) {
            return s.quota;
        }
        throw s.last != null && s.last.kind() != ErrorKind.NOT_FOUND ? s.last
                : new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "no Factory billing endpoint answered");
    }

    /**
     * What the sources said: figures from the first that had them; whether any answered JSON; the verdict of one
     * that rejected the account (which ends the sweep); the last failure of the others.
     */
    private record Sweep(QuotaSnapshot quota, boolean accepted, GatewayException rejection, GatewayException last) {
    }

    private Sweep sweep(Account account) {
        String token = Credentials.bearerToken(account);
        if (token == null) {
            return new Sweep(null, false, null, new GatewayException(ErrorKind.UPSTREAM_CONNECTION, "account '"
                    + account.name() + "' has no access token yet (its refresh has not succeeded)"));
        }
        boolean accepted = false;
        GatewayException last = null;
        for (String path : new String[]{LIMITS, SUBSCRIPTION_USAGE, CHAT_USAGE}) {
            Answer a;
            try {
                a = call(path, token);
            } catch (GatewayException e) {
                last = e; // connection trouble with one source; another may still answer
                continue;
            }
            if (a.status / 100 == 2) {
                JsonObject json = json(path, a.body);
                if (json == null) {
                    last = new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "Factory billing " + path
                            + " answered " + a.status + " without JSON");
                    continue;
                }
                accepted = true;
                Optional<QuotaSnapshot> q = path.equals(LIMITS) ? BillingFigures.fromLimits(json, clock.instant())
                        : BillingFigures.fromUsage(json, clock.instant());
                if (q.isPresent()) {
                    return new Sweep(q.get(), true, null, null);
                }
                LOG.log(Level.FINE, "billing source {0} had no usable figures", path);
                continue;
            }
            GatewayException e = classify(a);
            if (HealthReport.isCredentialEvidence(e.kind())) {
                return new Sweep(null, accepted, e, null);
            }
            last = e;
        }
        return new Sweep(null, accepted, null, last);
    }

    private record Answer(int status, HttpHeaders headers, byte[] body) {
    }

    private Answer call(String path, String token) throws GatewayException {
        HttpHeaders h = HttpHeaders.create().set("authorization", "Bearer " + token).set("accept", "application/json");
        UpstreamRequest req;
        if (path.equals(SUBSCRIPTION_USAGE)) {
            req = UpstreamRequest.postJson(URI.create(baseUrl + path), h, "{\"useCache\":true}");
        } else {
            if (path.equals(LIMITS)) {
                h.set("user-agent", userAgent).set("x-factory-client", "cli");
            }
            req = UpstreamRequest.get(URI.create(baseUrl + path), h);
        }
        try (UpstreamResponse res = transport.send(req.withTimeouts(TIMEOUT, TIMEOUT))) {
            return new Answer(res.status(), res.headers(), res.readBody(BODY_LIMIT));
        }
    }

    private static JsonObject json(String path, byte[] body) {
        try {
            return Jsons.parseObject(body);
        } catch (JsonException e) {
            LOG.log(Level.FINE, "billing source {0} sent no JSON object", path);
            return null;
        }
    }

    private GatewayException classify(Answer a) {
        ErrorKind kind = switch (a.status) {
            case 401 -> ErrorKind.UPSTREAM_AUTH;
            // Factory's API answers JSON; an HTML 403 is a relay or firewall refusing the path, not the account.
            case 403 -> Jsons.tryParseObject(new String(a.body, java.nio.charset.StandardCharsets.UTF_8)).isPresent()
                    ? ErrorKind.UPSTREAM_AUTH : ErrorKind.NOT_FOUND;
            case 402 -> ErrorKind.UPSTREAM_QUOTA_EXHAUSTED;
            case 404, 405 -> ErrorKind.NOT_FOUND;
            case 429 -> ErrorKind.UPSTREAM_RATE_LIMITED;
            default -> a.status >= 500 ? ErrorKind.UPSTREAM_SERVER : ErrorKind.UPSTREAM_BAD_RESPONSE;
        };
        return GatewayException.builder(kind)
                .message("Factory billing: " + WireErrors.upstreamMessage(a.status, a.body))
                .retryAfter(RetryAfter.from(a.headers, clock.instant())).upstreamStatus(a.status)
                .upstreamBody(a.body).build();
    }
}
