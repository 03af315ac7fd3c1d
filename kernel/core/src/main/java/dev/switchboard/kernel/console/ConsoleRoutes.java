package dev.switchboard.kernel.console;

import dev.switchboard.kernel.auth.ClientAuthenticator;
import dev.switchboard.kernel.config.AdminSettings;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * {@code GET /console/…}: the console's files, on the admin API's port and under its rules — refused to non-loopback
 * callers when {@code admin.loopback-only} is on, and absent when the admin API is off. The files hold no data; every
 * page loads its data from the admin API with the admin session. Every answer carries a strict Content-Security-Policy
 * (scripts, styles and connections from this origin only, no inline script or style, no framing), no referrer, and no
 * MIME sniffing. Stateless apart from the file cache; thread-safe.
 */
public final class ConsoleRoutes {
    /** The console's root path. */
    public static final String ROOT = "/console/";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    private final AdminSettings settings;
    private final ConsoleAssets assets = new ConsoleAssets(ConsoleRoutes.class.getClassLoader());

    public ConsoleRoutes(AdminSettings settings) {
        this.settings = settings;
    }

    public void register(HttpRouting.Builder r) {
        r.get("/console", (req, res) -> redirect(res, ROOT));
        r.get(ROOT, (req, res) -> serve(req, res, "index.html"));
        r.get(ROOT + "{+path}", (req, res) -> serve(req, res, req.path().pathParameters().get("path")));
    }

    /** A 303 to the console; {@code GET /} sends browsers here. */
    public static void redirect(ServerResponse res, String to) {
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, to);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send();
    }

    /** True when the caller prefers a page to JSON: browsers send {@code text/html} in {@code Accept}. */
    public static boolean wantsPage(ServerRequest req) {
        return req.headers().first(HeaderNames.ACCEPT).map(a -> a.contains("text/html")).orElse(false);
    }

    private void serve(ServerRequest req, ServerResponse res, String path) {
        securityHeaders(res);
        if (settings.loopbackOnly() && !ClientAuthenticator.isLoopback(req.remotePeer().address())) {
            text(res, Status.FORBIDDEN_403, "The console accepts loopback clients only (admin.loopback-only).");
            return;
        }
        Optional<ConsoleAssets.Asset> found = assets.find(path);
        if (found.isEmpty()) {
            text(res, Status.NOT_FOUND_404, "Not found.");
            return;
        }
        ConsoleAssets.Asset a = found.get();
        res.header(HeaderNames.ETAG, a.etag());
        // Revalidate every time: an upgraded gateway must never run yesterday's scripts against today's API.
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        if (req.headers().first(HeaderNames.IF_NONE_MATCH).map(a.etag()::equals).orElse(false)) {
            res.status(Status.NOT_MODIFIED_304);
            res.send();
            return;
        }
        res.header(HeaderNames.CONTENT_TYPE, a.contentType());
        res.send(a.body());
    }

    static void securityHeaders(ServerResponse res) {
        res.header(HeaderNames.create("Content-Security-Policy"), CSP);
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff");
        res.header(HeaderNames.create("Cross-Origin-Opener-Policy"), "same-origin");
        res.header(HeaderNames.create("Cross-Origin-Resource-Policy"), "same-origin");
    }

    private static void text(ServerResponse res, Status status, String message) {
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(message);
    }
}
