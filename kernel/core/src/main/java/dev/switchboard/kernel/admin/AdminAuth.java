package dev.switchboard.kernel.admin;

import dev.switchboard.kernel.auth.ClientAuthenticator;
import dev.switchboard.kernel.config.AdminSettings;
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
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Admin sessions (decision 24): password login against the stored slow hash, session tokens with expiry
 * (sent as a bearer token, or by the console as a cookie — see {@link SessionCookie}), failed-login throttling per client address, and the optional loopback-only restriction.
 * Thread-safe.
 */
final class AdminAuth {
    private static final Logger LOG = Logger.getLogger(AdminAuth.class.getName());

    private final AdminSettings settings;
    private final AdminRepository admins;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    AdminAuth(AdminSettings settings, AdminRepository admins, Clock clock) {
        this.settings = settings;
        this.admins = admins;
        this.clock = clock;
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

    /** Checks credentials and opens a session; failed attempts are throttled per address. */
    NewAdminSession login(String username, String password, SocketAddress remote) throws GatewayException {
        String who = address(remote);
        Instant now = clock.instant();
        Deque<Instant> recent = failures.computeIfAbsent(who, k -> new ArrayDeque<>());
        synchronized (recent) {
            while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(settings.loginWindow()))) {
                recent.removeFirst();
            }
            if (recent.size() >= settings.maxLoginAttempts()) {
                Duration wait = Duration.between(now, recent.peekFirst().plus(settings.loginWindow()));
                throw GatewayException.builder(ErrorKind.CLIENT_RATE_LIMITED).retryAfter(wait)
                        .message("too many failed logins; try again later").build();
            }
        }
        if (username == null || password == null || !admins.verifyPassword(username, password)) {
            synchronized (recent) {
                recent.addLast(now);
            }
            LOG.warning(() -> "failed admin login from " + who);
            throw new GatewayException(ErrorKind.CLIENT_AUTH, "wrong user name or password");
        }
        synchronized (recent) {
            recent.clear();
        }
        LOG.info(() -> "admin '" + username + "' logged in from " + who);
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
