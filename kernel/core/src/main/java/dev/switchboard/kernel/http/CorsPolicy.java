package dev.switchboard.kernel.http;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.util.List;
import java.util.Optional;

/**
 * CORS: every {@code OPTIONS} request is answered 204 with the methods and headers browsers-based clients
 * need; {@code Access-Control-Allow-Origin} is sent only for configured origins
 * (none by default), so a default gateway is not usable from arbitrary web pages. It runs before the host check,
 * so a refusal of the {@code Host} still carries the CORS headers a browser needs to show it to the page.
 */
public final class CorsPolicy {
    static final String METHODS = "GET, POST, HEAD, OPTIONS, DELETE, PATCH";
    static final String HEADERS = "content-type, authorization, x-api-key, anthropic-version, anthropic-beta, "
            + "anthropic-dangerous-direct-browser-access, x-stainless-arch, x-stainless-lang, x-stainless-os, "
            + "x-stainless-package-version, x-stainless-retry-count, x-stainless-runtime, "
            + "x-stainless-runtime-version, x-stainless-timeout, x-stainless-helper-method, x-app, "
            + "x-claude-code-session-id, openai-organization, openai-project";

    private final List<String> allowedOrigins;

    public CorsPolicy(List<String> allowedOrigins) {
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    /**
     * Adds the CORS headers an allowed origin gets; answers a preflight ({@code OPTIONS}) with 204 and returns false
     * for it. Every other request goes on (true).
     */
    boolean admit(RoutingRequest req, RoutingResponse res) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isPresent() && (allowedOrigins.contains(origin.get()) || allowedOrigins.contains("*"))) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowedOrigins.contains("*") ? "*" : origin.get());
            res.header(HeaderNames.VARY, "Origin");
            res.header(HeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS,
                    "request-id, x-request-id, retry-after, retry-after-ms, x-should-retry, x-gateway-token-count");
        }
        if (req.prologue().method() == Method.OPTIONS) {
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_METHODS, METHODS);
            res.header(HeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, HEADERS);
            res.header(HeaderNames.ACCESS_CONTROL_MAX_AGE, "600");
            res.status(Status.NO_CONTENT_204).send();
            return false;
        }
        return true;
    }
}
