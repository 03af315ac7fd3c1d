package dev.switchboard.kernel.http;

import dev.switchboard.kernel.dialect.ErrorResponses;
import dev.switchboard.kernel.logging.LogSafe;
import dev.switchboard.kernel.config.HostPattern;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.wire.WireIds;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.logging.Logger;

/**
 * Refuses requests whose {@code Host} header names a host the gateway was not meant to be reached as, which is
 * how a DNS-rebinding page (served from {@code evil.example}, whose name now resolves to 127.0.0.1) would reach
 * a gateway on loopback and read its answers. While no client key exists (loopback mode, where the address alone
 * decides who is served) the {@code Host} must be a loopback name — {@code localhost}, {@code *.localhost},
 * {@code 127.x.x.x}, {@code [::1]} — or match {@code server.allowed-hosts}. Once client keys exist the keys
 * protect the gateway and the check applies only when {@code allowed-hosts} is set. Applies to every route; the
 * answer is 403 in the client's dialect. Thread-safe.
 */
public final class HostCheck {
    private static final Logger LOG = Logger.getLogger(HostCheck.class.getName());

    private final List<String> allowedHosts;
    private final BooleanSupplier loopbackMode;

    /**
     * @param allowedHosts host patterns accepted besides the loopback names
     * @param loopbackMode true while the gateway serves without client keys
     */
    public HostCheck(List<String> allowedHosts, BooleanSupplier loopbackMode) {
        this.allowedHosts = List.copyOf(allowedHosts);
        this.loopbackMode = loopbackMode;
    }

    /** True when the request may go on; otherwise it has been answered 403 in its dialect. */
    boolean admit(RoutingRequest req, RoutingResponse res) {
        if (!allowedHosts.isEmpty() || loopbackMode.getAsBoolean()) {
            String host = req.headers().first(HeaderNames.HOST).orElse(null);
            if (!accepted(host)) {
                LOG.fine(() -> "refused a request for Host '" + LogSafe.value(host) + "'");
                Dialect d = DialectOfRequest.of(req);
                ErrorResponses.send(res, d, new GatewayException(ErrorKind.PERMISSION, host == null
                        ? "the request has no Host header"
                        : "Host '" + LogSafe.value(host) + "' is not served here; add it to server.allowed-hosts"),
                        WireIds.requestId());
                return false;
            }
        }
        return true;
    }

    boolean accepted(String hostHeader) {
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = withoutPort(hostHeader.trim());
        if (host == null) {
            return false;
        }
        if (isLoopbackName(host)) {
            return true;
        }
        for (String p : allowedHosts) {
            if (HostPattern.matches(p, host)) {
                return true;
            }
        }
        return false;
    }

    /** The host part of a {@code Host} header value, or null when it is malformed. */
    static String withoutPort(String value) {
        if (value.startsWith("[")) {
            int end = value.indexOf(']');
            if (end < 0) {
                return null;
            }
            String rest = value.substring(end + 1);
            return rest.isEmpty() || rest.charAt(0) == ':' && digits(rest, 1, rest.length(), 5)
                    ? value.substring(0, end + 1) : null;
        }
        int colon = value.indexOf(':');
        if (colon < 0) {
            return value;
        }
        return digits(value, colon + 1, value.length(), 5) ? value.substring(0, colon) : null;
    }

    static boolean isLoopbackName(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("[::1]") || h.equals("[::ffff:127.0.0.1]")) {
            return true;
        }
        // By hand rather than with regular expressions: this runs on every request.
        int octets = 0;
        for (int from = 0; from <= h.length(); octets++) {
            int dot = h.indexOf('.', from);
            int to = dot < 0 ? h.length() : dot;
            if (octets >= 4 || !digits(h, from, to, 3) || Integer.parseInt(h, from, to, 10) > 255
                    || octets == 0 && !h.startsWith("127.")) {
                return false;
            }
            from = to + 1;
        }
        return octets == 4;
    }

    /** True when {@code s[from, to)} is 1 to {@code max} ASCII digits. */
    private static boolean digits(String s, int from, int to, int max) {
        if (to <= from || to - from > max) {
            return false;
        }
        for (int i = from; i < to; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
