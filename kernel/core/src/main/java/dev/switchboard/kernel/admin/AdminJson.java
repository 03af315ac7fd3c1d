package dev.switchboard.kernel.admin;

import dev.switchboard.kernel.http.RequestBodies;
import dev.switchboard.kernel.pool.AccountRecord;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.kernel.store.ClientKey;
import dev.switchboard.kernel.store.UsageRecord;
import dev.switchboard.kernel.store.UsageReport;
import dev.switchboard.kernel.store.UsageTotals;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.QuotaSnapshot;
import dev.switchboard.spi.json.Jsons;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/** JSON rendering and parsing for the admin API. Stateless. */
final class AdminJson {
    private static final int MAX_BODY = 8 * 1024 * 1024;
    /** Credential fields whose names look secret are masked even if a plugin forgot to declare them. */
    private static final String[] SECRET_HINTS = {"key", "token", "secret", "password", "credential", "cookie"};

    private AdminJson() {
    }

    static void send(ServerResponse res, int status, JsonValue body) {
        res.status(Status.create(status));
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body.toString());
    }

    static void ok(ServerResponse res, JsonValue body) {
        send(res, 200, body);
    }

    /**
     * The request body as a JSON object ({} when empty). A non-empty body must be declared
     * {@code application/json} (415 otherwise), like every JSON endpoint of the gateway.
     */
    static JsonObject body(ServerRequest req) throws GatewayException {
        JsonObject o = RequestBodies.readOptionalJson(req, MAX_BODY);
        return o == null ? JsonValue.EMPTY_JSON_OBJECT : o;
    }

    static boolean isSecretField(String name, Set<String> declared) {
        if (declared.contains(name)) {
            return true;
        }
        String n = name.toLowerCase(Locale.ROOT);
        for (String h : SECRET_HINTS) {
            if (n.contains(h)) {
                return true;
            }
        }
        return false;
    }

    /** Credentials with secret values replaced by {@code "***"} (or shown when {@code withSecrets}). */
    static JsonObject credentials(JsonObject creds, Set<String> secretKeys, boolean withSecrets) {
        JsonObjectBuilder b = Jsons.objectBuilder();
        creds.forEach((k, v) -> b.add(k, !withSecrets && isSecretField(k, secretKeys) ? Jsons.value("***") : v));
        return b.build();
    }

    static JsonObject account(PooledAccount a, Set<String> secretKeys, boolean withSecrets) {
        AccountRecord r = a.record();
        PooledAccount.Status s = a.status();
        JsonObjectBuilder b = Jsons.objectBuilder()
                .add("id", r.id())
                .add("name", r.name())
                .add("source", r.source())
                .add("state", s.state().wire())
                .add("tier", r.tier())
                .add("weight", r.weight())
                .add("in_flight", a.inFlight())
                .add("requests", a.requests())
                .add("tokens", a.tokens())
                .add("errors", r.errorCount());
        opt(b, "state_reason", s.reason());
        opt(b, "state_until", s.until());
        if (r.maxConcurrency() != null) {
            b.add("max_concurrency", r.maxConcurrency());
        }
        opt(b, "last_error", r.lastError());
        opt(b, "created_at", r.createdAt());
        opt(b, "last_used_at", a.lastUsed());
        QuotaSnapshot q = r.quota();
        if (q != null) {
            JsonObjectBuilder qb = Jsons.objectBuilder().add("remaining_fraction", q.remainingFraction());
            if (q.used() != null) {
                qb.add("used", q.used());
            }
            if (q.limit() != null) {
                qb.add("limit", q.limit());
            }
            opt(qb, "unit", q.unit());
            opt(qb, "resets_at", q.resetsAt());
            b.add("quota", qb);
        }
        b.add("credentials", credentials(r.credentials(), secretKeys, withSecrets));
        return b.build();
    }

    static JsonObject key(ClientKey k) {
        JsonObjectBuilder b = Jsons.objectBuilder().add("id", k.id()).add("name", k.name())
                .add("prefix", k.prefix()).add("source", k.source().name().toLowerCase(Locale.ROOT))
                .add("revoked", k.revoked());
        if (k.models() != null) {
            JsonArrayBuilder m = Jsons.arrayBuilder();
            k.models().forEach(m::add);
            b.add("models", m);
        }
        if (k.rpm() != null) {
            b.add("rpm", k.rpm());
        }
        if (k.dailyTokenQuota() != null) {
            b.add("daily_token_quota", k.dailyTokenQuota());
        }
        if (k.monthlyTokenQuota() != null) {
            b.add("monthly_token_quota", k.monthlyTokenQuota());
        }
        if (k.dailyCostLimit() != null) {
            b.add("daily_cost_limit", k.dailyCostLimit());
        }
        if (k.monthlyCostLimit() != null) {
            b.add("monthly_cost_limit", k.monthlyCostLimit());
        }
        opt(b, "expires_at", k.expiresAt());
        opt(b, "revoked_at", k.revokedAt());
        opt(b, "created_at", k.createdAt());
        opt(b, "last_used_at", k.lastUsedAt());
        return b.build();
    }

    static JsonObject totals(UsageTotals t) {
        return Jsons.objectBuilder().add("requests", t.requests()).add("errors", t.errors())
                .add("aborted", t.aborted()).add("input_tokens", t.inputTokens()).add("output_tokens", t.outputTokens())
                .add("cache_creation_tokens", t.cacheCreationTokens()).add("cache_read_tokens", t.cacheReadTokens())
                .add("total_tokens", t.totalTokens()).add("cost", t.cost())
                .add("unpriced_requests", t.unpricedRequests()).add("credits", t.credits()).build();
    }

    /** A usage report; costs are in {@code currency}. */
    static JsonObject usage(UsageReport r, String currency) {
        JsonArrayBuilder groups = Jsons.arrayBuilder();
        for (UsageReport.Group g : r.groups()) {
            groups.add(Jsons.objectBuilder().add("key", g.key()).add("totals", totals(g.totals())));
        }
        return Jsons.objectBuilder().add("group_by", r.groupBy().name().toLowerCase(Locale.ROOT))
                .add("from", r.from().toString()).add("to", r.to().toString()).add("currency", currency)
                .add("groups", groups)
                .add("total", totals(r.total())).build();
    }

    /** One remembered request: names and figures, never bodies or secrets. */
    static JsonObject request(RecentRequests.Entry e) {
        UsageRecord r = e.record();
        JsonObjectBuilder b = Jsons.objectBuilder().add("id", e.id()).add("ts", r.ts().toString())
                .add("outcome", r.outcome().wire()).add("stream", r.stream())
                .add("attempts", r.attempts()).add("refused", e.refused())
                .add("input_tokens", r.usage().inputTokens()).add("output_tokens", r.usage().outputTokens())
                .add("cache_read_tokens", r.usage().cacheReadInputTokens())
                .add("cache_creation_tokens", r.usage().cacheCreationInputTokens())
                .add("usage_source", r.usage().source().wire());
        opt(b, "key", r.clientKeyName());
        if (!e.authenticated()) {
            b.add("authenticated", false); // no key name because none was accepted, not because of loopback mode
        }
        opt(b, "model", r.routeModel()); // absent when a refusal came before the model was read
        opt(b, "provider", r.provider());
        opt(b, "account", r.accountName());
        opt(b, "upstream_model", r.upstreamModel());
        opt(b, "error_kind", r.errorKindWire());
        opt(b, "dialect", r.dialect() == null ? null : r.dialect().name().toLowerCase(Locale.ROOT));
        if (r.status() != null) {
            b.add("status", r.status());
        }
        if (r.latencyMs() != null) {
            b.add("latency_ms", r.latencyMs());
        }
        if (r.ttftMs() != null) {
            b.add("ttft_ms", r.ttftMs());
        }
        return b.build();
    }

    static void opt(JsonObjectBuilder b, String k, Object v) {
        if (v != null) {
            b.add(k, v instanceof Instant i ? i.toString() : v.toString());
        }
    }
}
