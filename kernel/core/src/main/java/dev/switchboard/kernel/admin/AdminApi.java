package dev.switchboard.kernel.admin;

import dev.switchboard.kernel.auth.StoredClientKeys;
import dev.switchboard.kernel.config.GatewayConfig;
import dev.switchboard.kernel.metrics.CacheTelemetry;
import dev.switchboard.kernel.pool.AccountStore;
import dev.switchboard.kernel.runtime.ProviderRegistry;
import dev.switchboard.kernel.schedule.PoolMaintenance;
import dev.switchboard.kernel.store.NewAdminSession;
import dev.switchboard.kernel.store.Store;
import dev.switchboard.kernel.store.UsageGroupBy;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.kernel.http.AccessLog;
import dev.switchboard.kernel.dialect.ErrorResponses;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The admin API's routing: login/logout, the session and loopback guard around every other route, usage
 * reports, and the sub-APIs for providers/accounts, flows, client keys and configuration. Errors use the
 * OpenAI error shape; an unauthenticated call gets 401 JSON, never a redirect.
 */
public final class AdminApi {
    private static final Logger LOG = Logger.getLogger(AdminApi.class.getName());

    private final AdminAuth auth;
    private final Store store;
    private final Clock clock;
    private final AccountsAdmin accounts;
    private final FlowsAdmin flows;
    private final KeysAdmin keys;
    private final ConfigAdmin configAdmin;
    private final RecentRequests recent;
    private final CacheAdmin cacheAdmin;
    private final String currency;

    public AdminApi(GatewayConfig config, Store store, ProviderRegistry providers, AccountStore accountStore,
                    Map<String, PoolMaintenance> maintenance, StoredClientKeys keyCache, RecentRequests recent,
                    CacheTelemetry cache,
                    Clock clock) {
        this.auth = new AdminAuth(config.admin(), store.admin(), clock);
        this.store = store;
        this.clock = clock;
        this.accounts = new AccountsAdmin(providers, accountStore, maintenance);
        this.flows = new FlowsAdmin(accounts);
        this.keys = new KeysAdmin(store.clientKeys(), keyCache);
        this.configAdmin = new ConfigAdmin(config, providers);
        this.recent = recent;
        this.cacheAdmin = new CacheAdmin(providers, cache);
        this.currency = config.pricing().currency();
    }

    public void register(HttpRouting.Builder r) {
        r.post("/admin/login", guarded(this::login, false));
        r.post("/admin/logout", secured(this::logout));
        r.get("/admin/session", secured(this::session));
        r.get("/admin/usage", secured(this::usage));
        r.get("/admin/requests", secured(this::requests));
        accounts.register(r, this);
        flows.register(r, this);
        keys.register(r, this);
        configAdmin.register(r, this);
        cacheAdmin.register(r, this);
    }

    /** Wraps a route with the loopback check, the session check and JSON error rendering. */
    Handler secured(AdminHandler h) {
        return guarded(h, true);
    }

    private Handler guarded(AdminHandler h, boolean needsSession) {
        return (req, res) -> {
            try {
                auth.checkOrigin(req.remotePeer().address());
                if (needsSession) {
                    auth.require(req);
                }
                h.handle(req, res);
            } catch (GatewayException e) {
                ErrorResponses.send(res, Dialect.OPENAI_CHAT, e, AccessLog.info(req).requestId());
            } catch (RuntimeException e) {
                String id = AccessLog.info(req).requestId();
                LOG.log(Level.SEVERE, "admin request " + id + " failed", e);
                ErrorResponses.send(res, Dialect.OPENAI_CHAT, new GatewayException(ErrorKind.INTERNAL,
                        "internal error (request " + id + ")"), id);
            }
        };
    }

    /**
     * {@code {username, password, cookie?}}. With {@code "cookie": true} (the console) the session goes into an
     * HttpOnly cookie and the answer carries the CSRF value instead of the token.
     */
    private void login(ServerRequest req, ServerResponse res) throws GatewayException {
        JsonObject body = AdminJson.body(req);
        NewAdminSession s = auth.login(Jsons.str(body, "username"), Jsons.str(body, "password"),
                req.remotePeer().address());
        var answer = Jsons.objectBuilder().add("username", s.username()).add("expires_at", s.expiresAt().toString());
        if (Jsons.bool(body, "cookie")) {
            SessionCookie.set(res, s.token(), auth.sessionTtl());
            answer.add("csrf_token", SessionCookie.csrf(s.token()));
        } else {
            answer.add("token", s.token());
        }
        AdminJson.ok(res, answer.build());
    }

    private void session(ServerRequest req, ServerResponse res) throws GatewayException {
        var s = auth.require(req);
        var answer = Jsons.objectBuilder().add("username", s.username()).add("expires_at", s.expiresAt().toString());
        String csrf = auth.cookieCsrf(req);
        if (csrf != null) {
            answer.add("csrf_token", csrf);
        }
        AdminJson.ok(res, answer.build());
    }

    private void logout(ServerRequest req, ServerResponse res) {
        auth.logout(req);
        if (SessionCookie.token(req) != null) {
            SessionCookie.clear(res);
        }
        res.status(204).send();
    }

    /** {@code ?group_by=key|account|model|provider|day&from=&to=} (ISO instants or dates; default: the last 30 days). */
    private void usage(ServerRequest req, ServerResponse res) throws GatewayException {
        UsageGroupBy groupBy;
        try {
            groupBy = UsageGroupBy.parse(req.query().first("group_by").orElse("day"));
        } catch (IllegalArgumentException e) {
            throw GatewayException.invalid("group_by", e.getMessage());
        }
        Instant to = time(req, "to", clock.instant());
        Instant from = time(req, "from", to.minus(Duration.ofDays(30)));
        if (!from.isBefore(to)) {
            throw GatewayException.invalid("from", "from must be before to");
        }
        AdminJson.ok(res, AdminJson.usage(store.usage().query(groupBy, from, to), currency));
    }

    /** {@code ?limit=&after=}: the newest requests first, at most {@code limit} (default 200), ids above {@code after}. */
    private void requests(ServerRequest req, ServerResponse res) throws GatewayException {
        int limit = (int) Math.min(number(req, "limit", 200), Integer.MAX_VALUE);
        long after = number(req, "after", 0);
        var a = Jsons.arrayBuilder();
        recent.newest(Math.max(limit, 1), after).forEach(e -> a.add(AdminJson.request(e)));
        AdminJson.ok(res, Jsons.objectBuilder().add("capacity", recent.capacity()).add("data", a).build());
    }

    private static long number(ServerRequest req, String name, long def) throws GatewayException {
        var v = req.query().first(name);
        if (v.isEmpty() || v.get().isBlank()) {
            return def;
        }
        try {
            long n = Long.parseLong(v.get().strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw GatewayException.invalid(name, name + " must be a whole number of 0 or more");
    }

    private static Instant time(ServerRequest req, String name, Instant def) throws GatewayException {
        var v = req.query().first(name);
        if (v.isEmpty() || v.get().isBlank()) {
            return def;
        }
        try {
            return v.get().length() == 10 ? LocalDate.parse(v.get()).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : Instant.parse(v.get());
        } catch (DateTimeParseException e) {
            throw GatewayException.invalid(name, name + " must be an ISO-8601 instant or a date (YYYY-MM-DD)");
        }
    }
}
