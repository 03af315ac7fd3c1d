package dev.switchboard.spi;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One HTTP request to an upstream, built by a plugin and sent by the kernel's {@link HttpTransport}.
 * Bodies are bytes (the common case) or a stream supplier (for large uploads); a supplier must be
 * callable more than once if the request may be retried.
 *
 * @param method        HTTP method
 * @param uri           absolute URI including any query string
 * @param headers       request headers
 * @param body          body bytes, or null
 * @param bodyStream    body stream supplier, or null (exclusive with {@code body})
 * @param readTimeout   overrides the instance's idle-read timeout, or null
 * @param totalTimeout  overrides the instance's total deadline, or null
 */
public record UpstreamRequest(String method, URI uri, HttpHeaders headers, byte[] body,
                              Supplier<InputStream> bodyStream, Duration readTimeout, Duration totalTimeout) {
    public UpstreamRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        headers = headers == null ? HttpHeaders.create() : headers;
        if (body != null && bodyStream != null) {
            throw new IllegalArgumentException("body and bodyStream are exclusive");
        }
    }

    public static UpstreamRequest get(URI uri, HttpHeaders headers) {
        return new UpstreamRequest("GET", uri, headers, null, null, null, null);
    }

    public static UpstreamRequest postJson(URI uri, HttpHeaders headers, String json) {
        HttpHeaders h = headers == null ? HttpHeaders.create() : headers;
        if (!h.contains("content-type")) {
            h.set("content-type", "application/json");
        }
        return new UpstreamRequest("POST", uri, h, json.getBytes(StandardCharsets.UTF_8), null, null, null);
    }

    public UpstreamRequest withTimeouts(Duration read, Duration total) {
        return new UpstreamRequest(method, uri, headers, body, bodyStream, read, total);
    }

    /** The body as UTF-8 text (for tests and debug logging of non-secret bodies); "" when none. */
    public String bodyText() {
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
