package dev.switchboard.kernel.http;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.kernel.console.ConsoleRoutes;
import dev.switchboard.kernel.plugin.PluginHost;
import dev.switchboard.kernel.plugin.PluginStatus;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.ProviderRegistry;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Liveness, readiness and the preflights real clients send (Claude Code probes {@code HEAD /}), all without auth:
 * {@code GET /health}, {@code /v1/health} (always 200 while the process serves), {@code /health/ready}
 * (503 when a plugin or provider failed or the database does not answer, with details), {@code HEAD|GET /} and
 * {@code /api/hello}.
 */
public final class HealthEndpoints {
    private final PluginHost plugins;
    private final ProviderRegistry providers;
    private final Clock clock;
    private final Instant started;

    private final String consolePath;
    private final DatabaseHealth database;

    public HealthEndpoints(PluginHost plugins, ProviderRegistry providers, Clock clock) {
        this(plugins, providers, clock, null, null);
    }

    /**
     * @param consolePath where {@code GET /} sends browsers (those asking for {@code text/html}), or null
     * @param database    the database for readiness, or null
     */
    public HealthEndpoints(PluginHost plugins, ProviderRegistry providers, Clock clock, String consolePath,
                           DatabaseHealth database) {
        this.consolePath = consolePath;
        this.plugins = plugins;
        this.providers = providers;
        this.clock = clock;
        this.database = database;
        this.started = clock.instant();
    }

    public void register(HttpRouting.Builder r) {
        r.get("/health", this::live)
                .get("/v1/health", this::live)
                .get("/health/ready", this::ready)
                .head("/", (req, res) -> res.send())
                .get("/", this::root)
                .head("/api/hello", (req, res) -> res.send())
                .get("/api/hello", (req, res) -> json(res, "{\"status\":\"ok\"}"));
    }

    /** Browsers go to the console; API clients' preflights keep their 200 JSON. */
    private void root(ServerRequest req, ServerResponse res) {
        if (consolePath != null && ConsoleRoutes.wantsPage(req)) {
            ConsoleRoutes.redirect(res, consolePath);
            return;
        }
        json(res, Jsons.objectBuilder().add("name", "switchboard").add("status", "ok").build().toString());
    }

    private void live(ServerRequest req, ServerResponse res) {
        Instant now = clock.instant();
        json(res, Jsons.objectBuilder()
                .add("status", "ok")
                .add("timestamp", now.toString())
                .add("uptime", Duration.between(started, now).toSeconds())
                .build().toString());
    }

    private void ready(ServerRequest req, ServerResponse res) {
        boolean ok = true;
        JsonArrayBuilder ps = Jsons.arrayBuilder();
        for (PluginStatus s : plugins.statuses()) {
            JsonObjectBuilder b = Jsons.objectBuilder().add("id", s.id()).add("source", s.source())
                    .add("status", s.started() ? "started" : "failed");
            if (s.version() != null) {
                b.add("version", s.version());
            }
            if (s.error() != null) {
                b.add("error", s.error());
                ok = false;
            }
            ps.add(b);
        }
        JsonArrayBuilder pv = Jsons.arrayBuilder();
        for (ProviderInstance i : providers.all()) {
            JsonObjectBuilder b = Jsons.objectBuilder().add("id", i.id()).add("plugin", i.pluginId())
                    .add("status", i.ready() ? "ready" : "failed");
            if (!i.ready()) {
                b.add("error", i.failure());
                ok = false;
            }
            JsonObjectBuilder counts = Jsons.objectBuilder();
            i.pool().stateCounts().forEach(counts::add);
            b.add("accounts", counts).add("usable", i.ready() && i.pool().hasUsableAccount());
            pv.add(b);
        }
        JsonObjectBuilder body = Jsons.objectBuilder();
        if (database != null) {
            jakarta.json.JsonObject db = database.json();
            ok &= "up".equals(db.getString("status"));
            body.add("database", db);
        }
        res.status(ok ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
        json(res, body.add("status", ok ? "ok" : "degraded")
                .add("timestamp", clock.instant().toString()).add("plugins", ps).add("providers", pv)
                .build().toString());
    }

    private static void json(ServerResponse res, String body) {
        res.header(HeaderNames.CONTENT_TYPE, "application/json");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(body);
    }
}
