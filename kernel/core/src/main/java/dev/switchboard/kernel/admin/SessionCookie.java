package dev.switchboard.kernel.admin;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;

/**
 * The console's way to hold an admin session: an {@code HttpOnly; SameSite=Strict} cookie scoped to {@code /admin},
 * so page scripts never see the session token (it stays out of URLs and browser storage). Writes authenticated by
 * the cookie must also carry {@code x-csrf-token}: a value derived from the session token that the login answer and
 * {@code GET /admin/session} give to the page, which another site can neither read nor guess. Bearer tokens keep
 * working unchanged for API clients. Stateless.
 */
final class SessionCookie {
    static final String NAME = "sb_admin";
    static final String CSRF_HEADER = "x-csrf-token";

    private SessionCookie() {
    }

    /** The session token from the request's cookie, or null. */
    static String token(ServerRequest req) {
        for (String header : req.headers().all(HeaderNames.COOKIE, java.util.List::of)) {
            for (String part : header.split(";")) {
                String c = part.strip();
                if (c.startsWith(NAME + "=")) {
                    String v = c.substring(NAME.length() + 1).strip();
                    return v.isEmpty() ? null : v;
                }
            }
        }
        return null;
    }

    /** The CSRF value belonging to a session token (not reversible to the token). */
    static String csrf(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(("switchboard-console-csrf:" + token).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    /** Refuses a cookie-authenticated write whose {@code x-csrf-token} does not belong to the session. */
    static void checkWrite(ServerRequest req, String token) throws GatewayException {
        Method m = req.prologue().method();
        if (m == Method.GET || m == Method.HEAD || m == Method.OPTIONS) {
            return;
        }
        String sent = req.headers().first(HeaderNames.create(CSRF_HEADER)).orElse("");
        if (!MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), csrf(token).getBytes(StandardCharsets.UTF_8))) {
            throw new GatewayException(ErrorKind.PERMISSION, "a console write needs the session's x-csrf-token header");
        }
    }

    static void set(ServerResponse res, String token, Duration ttl) {
        res.header(HeaderNames.SET_COOKIE, NAME + "=" + token + "; Path=/admin; HttpOnly; SameSite=Strict; Max-Age="
                + Math.max(1, ttl.toSeconds()));
    }

    static void clear(ServerResponse res) {
        res.header(HeaderNames.SET_COOKIE, NAME + "=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0");
    }
}
