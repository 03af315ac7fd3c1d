package dev.switchboard.kernel.logging;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UpstreamResponse;
import jakarta.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.logging.Logger;

/**
 * {@code logging.debug-bodies}: logs bodies (logger {@code dev.switchboard.bodies}, level INFO) with every secret
 * redacted ({@link SecretRedactor}) — the client's request body, and through a transport wrapper every upstream
 * request body (chat, token refresh, billing: all of a plugin's calls) and every upstream body read whole (error
 * answers and unary replies). Streamed answers are relayed as they arrive and are not logged: they are never held
 * in full. Headers and query strings are never logged. When off, nothing is wrapped and nothing costs anything.
 * Thread-safe.
 */
public final class DebugBodies {
    static final Logger BODIES = Logger.getLogger("dev.switchboard.bodies");

    private final boolean enabled;
    private final SecretRedactor redactor;

    public DebugBodies(boolean enabled, SecretRedactor redactor) {
        this.enabled = enabled;
        this.redactor = redactor;
    }

    /** Logs nothing. */
    public static DebugBodies off() {
        return new DebugBodies(false, null);
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Logs a client's request body.
     *
     * @param presentedKey the credential the client sent (masked wherever it occurs, valid or not), or null
     */
    public void clientRequest(String path, JsonObject body, String presentedKey) {
        if (enabled) {
            BODIES.info(() -> "client request POST " + path + ": " + redactor.redact(body.toString(), presentedKey));
        }
    }

    /** The transport itself when off; else one that logs the bodies of the instance's upstream calls. */
    public HttpTransport wrap(String provider, HttpTransport transport) {
        if (!enabled) {
            return transport;
        }
        return new LoggingTransport(provider, transport);
    }

    private static String where(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority() + uri.getRawPath(); // no query: it may hold a key
    }

    private final class LoggingTransport implements HttpTransport, AutoCloseable {
        private final String provider;
        private final HttpTransport inner;

        LoggingTransport(String provider, HttpTransport inner) {
            this.provider = provider;
            this.inner = inner;
        }

        @Override
        public UpstreamResponse send(UpstreamRequest request) throws GatewayException {
            String call = request.method() + " " + where(request.uri());
            if (request.body() != null && request.body().length > 0) {
                BODIES.info(() -> "upstream request " + provider + " " + call + ": "
                        + redactor.redact(new String(request.body(), StandardCharsets.UTF_8)));
            }
            UpstreamResponse r = inner.send(request);
            return new UpstreamResponse() {
                @Override
                public int status() {
                    return r.status();
                }

                @Override
                public HttpHeaders headers() {
                    return r.headers();
                }

                @Override
                public InputStream body() {
                    BODIES.info(() -> "upstream response " + provider + " " + call + ": " + r.status()
                            + " (streamed; not logged)");
                    return r.body();
                }

                @Override
                public byte[] readBody(int limit) throws GatewayException {
                    byte[] body = r.readBody(limit);
                    BODIES.info(() -> "upstream response " + provider + " " + call + ": " + r.status() + " "
                            + redactor.redact(new String(body, StandardCharsets.UTF_8)));
                    return body;
                }

                @Override
                public void close() {
                    r.close();
                }
            };
        }

        @Override
        public void close() throws Exception {
            if (inner instanceof AutoCloseable c) {
                c.close();
            }
        }
    }
}
