package dev.switchboard.kernel.admin;

import dev.switchboard.kernel.auth.ClientAuthenticator;
import dev.switchboard.kernel.config.AdminSettings;
import dev.switchboard.kernel.logging.LogSafe;
import dev.switchboard.kernel.store.AdminRepository;
import dev.switchboard.kernel.store.AdminSession;
import dev.switchboard.kernel.store.NewAdminSession;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Admin sessions: password login against the stored slow hash, session tokens with expiry (sent as a bearer token,
 * or by the console as a cookie — see {@link SessionCookie}), failed-login throttling per user name and client
 * address (increasing backoff, {@link LoginThrottle}), and the optional loopback-only restriction.
 * Thread-safe.
 */
final class AdminAuth {
    private static final Logger LOG = Logger.getLogger(AdminAuth.class.getName());

    private final AdminSettings settings;
    private final AdminRepository admins;
    private final LoginThrottle throttle;

    AdminAuth(AdminSettings settings, AdminRepository admins, Clock clock) {
        this.settings = settings;
        this.admins = admins;
        this.throttle = new LoginThrottle(settings.maxLoginAttempts(), settings.loginWindow(), clock);
    }

    /** Refuses non-loopback callers when the admin API is bound to loopback. */
    void checkOrigin(SocketAddress remote) throws GatewayException {
        if (settings.loopbackOnly() && !ClientAuthenticator.isLoopback(remote)) {
            throw new GatewayException(ErrorKind.PERMISSION, "the admin API accepts loopback clients only"
                    + " (admin.loopback-only)");
        }
    }

    /** The caller's session, or 401; a session from the console's cookie also needs its CSRF header on writes. */
    AdminSession require(ServerRequest req) throws GatewayException {
        String token = bearer(req);
        boolean cookie = token == null;
        if (cookie) {
            token = SessionCookie.token(req);
        }
        if (token == null || token.isEmpty()) {
            throw new GatewayException(ErrorKind.CLIENT_AUTH, "admin session required: POST /admin/login, then send"
                    + " 'Authorization: Bearer <token>'");
        }
        AdminSession s = admins.findSession(token).orElseThrow(() -> new GatewayException(ErrorKind.CLIENT_AUTH,
                "admin session invalid or expired; log in again"));
        if (cookie) {
            SessionCookie.checkWrite(req, token);
        }
        return s;
    }

    /** The CSRF value for the caller's cookie session, or null when the caller uses a bearer token. */
    String cookieCsrf(ServerRequest req) {
        String token = bearer(req) == null ? SessionCookie.token(req) : null;
        return token == null ? null : SessionCookie.csrf(token);
    }

    private static String bearer(ServerRequest req) {
        return req.headers().first(HeaderNames.AUTHORIZATION).map(String::trim)
                .filter(v -> v.regionMatches(true, 0, "Bearer ", 0, 7)).map(v -> v.substring(7).trim())
                .filter(v -> !v.isEmpty()).orElse(null);
    }

    /**
     * Checks credentials and opens a session. Failures are throttled per user name and address with an increasing
     * backoff ({@link LoginThrottle}); the right password works again once the backoff has passed.
     */
    NewAdminSession login(String username, String password, SocketAddress remote) throws GatewayException {
        String who = address(remote);
        String user = username == null ? "" : username;
        String key = who + " " + (user.length() > 256 ? user.substring(0, 256) : user);
        throttle.begin(key);
        boolean ok = false;
        try {
            ok = username != null && password != null && admins.verifyPassword(username, password);
        } finally {
            throttle.end(key, ok);
        }
        if (!ok) {
            LOG.warning(() -> "failed admin login for '" + LogSafe.value(user) + "' from " + who);
            throw new GatewayException(ErrorKind.CLIENT_AUTH, "wrong user name or password");
        }
        LOG.info(() -> "admin '" + LogSafe.value(username) + "' logged in from " + who);
        return admins.createSession(username, settings.sessionTtl());
    }

    void logout(ServerRequest req) {
        String token = bearer(req);
        if (token == null) {
            token = SessionCookie.token(req);
        }
        if (token != null) {
            admins.deleteSession(token);
        }
    }

    Duration sessionTtl() {
        return settings.sessionTtl();
    }

    private static String address(SocketAddress a) {
        return a instanceof InetSocketAddress isa && isa.getAddress() != null ? isa.getAddress().getHostAddress()
                : String.valueOf(a);
    }
}
