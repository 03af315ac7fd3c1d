package dev.switchboard.plugin.factory.billing;

import dev.switchboard.plugin.factory.auth.Credentials;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.QuotaSnapshot;
import dev.switchboard.spi.RetryAfter;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.wire.WireErrors;
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
 * (factory-upstream §6.3) — {@code GET /api/billing/limits} first, then {@code POST
 * /api/organization/subscription/usage}, then {@code GET /api/organization/members/chat-usage} — through the
 * instance's transport (proxies rotate, decision 10). It validates the credential without spending quota:
 * 401/403 mean the credential is bad ({@link ErrorKind#UPSTREAM_AUTH}), 402 that the account is out of
 * credit, 429 cooling; a 404, a 5xx or an unusable answer moves on to the next source. When a source
 * accepted the credential but none had figures, the check passes with no figures. Thread-safe.
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
    public QuotaSnapshot check(Account account) throws GatewayException {
        return probe(account);
    }

    @Override
    public QuotaSnapshot probe(Account account) throws GatewayException {
        String token = Credentials.bearerToken(account);
        if (token == null) {
            throw new GatewayException(ErrorKind.UPSTREAM_CONNECTION, "account '" + account.name()
                    + "' has no access token yet (its refresh has not succeeded)");
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
                accepted = true;
                Optional<QuotaSnapshot> q = parse(path, a.body);
                if (q.isPresent()) {
                    return q.get();
                }
                LOG.log(Level.FINE, "billing source {0} had no usable figures", path);
                continue;
            }
            GatewayException e = classify(a);
            if (e.kind() != ErrorKind.NOT_FOUND && e.kind() != ErrorKind.UPSTREAM_SERVER
                    && e.kind() != ErrorKind.UPSTREAM_OVERLOADED && e.kind() != ErrorKind.UPSTREAM_TIMEOUT) {
                throw e;
            }
            last = e;
        }
        if (accepted) {
            return null;
        }
        throw last != null && last.kind() != ErrorKind.NOT_FOUND ? last
                : new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "no Factory billing endpoint answered");
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

    private Optional<QuotaSnapshot> parse(String path, byte[] body) {
        JsonObject json;
        try {
            json = Jsons.parseObject(body);
        } catch (JsonException e) {
            LOG.log(Level.FINE, "billing source {0} sent no JSON object", path);
            return Optional.empty();
        }
        return path.equals(LIMITS) ? BillingFigures.fromLimits(json, clock.instant())
                : BillingFigures.fromUsage(json, clock.instant());
    }

    private GatewayException classify(Answer a) {
        ErrorKind kind = switch (a.status) {
            case 401, 403 -> ErrorKind.UPSTREAM_AUTH;
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
