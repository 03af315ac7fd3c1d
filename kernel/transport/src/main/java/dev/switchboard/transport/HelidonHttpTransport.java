package dev.switchboard.transport;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UpstreamResponse;
import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.Objects;

/**
 * {@link HttpTransport} on the Helidon WebClient (HTTP/1.1, keep-alive, no redirects).
 *
 * <p>Thread-safe; one per provider instance.
 */
public final class HelidonHttpTransport implements HttpTransport {
    private final TransportSettings settings;
    private final WebClient client;

    private HelidonHttpTransport(TransportSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.client = WebClient.builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.readTimeout())
                .followRedirects(false)
                .keepAlive(true)
                .shareConnectionCache(false)
                .build();
    }

    public static HelidonHttpTransport create(TransportSettings settings) {
        return new HelidonHttpTransport(settings);
    }

    public TransportSettings settings() {
        return settings;
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) throws GatewayException {
        HttpClientRequest req = client.method(Method.create(request.method())).uri(request.uri());
        request.headers().forEach((name, value) -> req.header(HeaderNames.create(name), value));
        if (request.readTimeout() != null) {
            req.readTimeout(request.readTimeout());
        }
        try {
            HttpClientResponse res;
            if (request.body() != null) {
                res = req.submit(request.body());
            } else if (request.bodyStream() != null) {
                res = req.outputStream(out -> copy(request.bodyStream().get(), out));
            } else {
                res = req.request();
            }
            return new Response(res);
        } catch (UncheckedIOException e) {
            throw classify(e.getCause(), request);
        } catch (RuntimeException e) {
            throw classify(e, request);
        }
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        try (in; out) {
            in.transferTo(out);
        }
    }

    private static GatewayException classify(Throwable e, UpstreamRequest request) {
        String target = request.uri().getScheme() + "://" + request.uri().getHost()
                + (request.uri().getPort() > 0 ? ":" + request.uri().getPort() : "");
        if (e instanceof SocketTimeoutException) {
            return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "upstream timeout: " + target, e);
        }
        return new GatewayException(ErrorKind.UPSTREAM_CONNECTION,
                "upstream connection failed: " + target + " (" + e.getClass().getSimpleName() + ")", e);
    }

    /** Adapts a Helidon response. */
    private static final class Response implements UpstreamResponse {
        private final HttpClientResponse delegate;
        private final HttpHeaders headers = HttpHeaders.create();

        Response(HttpClientResponse delegate) {
            this.delegate = delegate;
            for (Header h : delegate.headers()) {
                for (String v : h.allValues()) {
                    headers.add(h.name(), v);
                }
            }
        }

        @Override
        public int status() {
            return delegate.status().code();
        }

        @Override
        public HttpHeaders headers() {
            return headers;
        }

        @Override
        public InputStream body() {
            return delegate.inputStream();
        }

        @Override
        public byte[] readBody(int limit) throws GatewayException {
            try {
                return body().readNBytes(limit);
            } catch (IOException | UncheckedIOException e) {
                Throwable cause = e instanceof UncheckedIOException u ? u.getCause() : e;
                ErrorKind kind = cause instanceof SocketTimeoutException ? ErrorKind.UPSTREAM_TIMEOUT
                        : ErrorKind.UPSTREAM_CONNECTION;
                throw new GatewayException(kind, "reading the upstream response failed", cause);
            }
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
