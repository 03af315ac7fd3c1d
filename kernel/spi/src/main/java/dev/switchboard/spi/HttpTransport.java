package dev.switchboard.spi;

/**
 * The kernel's HTTP client, through which every upstream call of every plugin goes (so proxies, timeouts and the
 * trust store apply to all of them):
 * chat, token refresh, billing, OIDC, device and PKCE flows. The kernel implements it with the Helidon
 * WebClient and applies the provider instance's settings: {@code proxies:} (round-robin, failing ones
 * skipped), {@code HTTPS_PROXY}/{@code NO_PROXY}, trust store, and three timeouts — connect, idle read
 * (gap between bytes) and a total deadline (which also bounds a stream's lifetime).
 *
 * <p>Thread-safe: one instance per provider instance, shared by all its requests.
 */
public interface HttpTransport {

    /**
     * Sends a request and returns once the response status and headers arrived; the body is then read
     * from {@link UpstreamResponse#body()} as it streams in.
     *
     * @throws GatewayException {@link ErrorKind#UPSTREAM_CONNECTION} for connect/proxy/TLS failures and
     *                          {@link ErrorKind#UPSTREAM_TIMEOUT} for timeouts
     */
    UpstreamResponse send(UpstreamRequest request) throws GatewayException;
}
