package dev.switchboard.kernel.http;

import dev.switchboard.spi.Dialect;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * The dialect to answer in before a route has read the request (filters refusing it): Anthropic for the Messages
 * paths and for callers sending {@code anthropic-version}, else the OpenAI shape (also the admin API's). Stateless.
 */
final class DialectOfRequest {
    private static final io.helidon.http.HeaderName ANTHROPIC_VERSION = HeaderNames.create("anthropic-version");

    private DialectOfRequest() {
    }

    static Dialect of(ServerRequest req) {
        String path = req.path().rawPath();
        if (path.contains("/v1/messages") || req.headers().contains(ANTHROPIC_VERSION)) {
            return Dialect.ANTHROPIC;
        }
        return path.contains("/v1/responses") ? Dialect.OPENAI_RESPONSES : Dialect.OPENAI_CHAT;
    }
}
