package dev.switchboard.spi;

import java.nio.charset.StandardCharsets;

/**
 * A non-2xx upstream answer handed to a plugin's {@link ErrorClassifier}.
 *
 * @param status  HTTP status
 * @param headers response headers
 * @param body    the body, bounded by the kernel (may be empty, never null)
 */
public record UpstreamError(int status, HttpHeaders headers, byte[] body) {
    public UpstreamError {
        body = body == null ? new byte[0] : body;
        headers = headers == null ? HttpHeaders.create() : headers;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
