package dev.switchboard.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of one provider instance's transport (the kernel-owned YAML keys on the instance, read by
 * {@link TransportSettingsReader}).
 *
 * <p>Immutable and thread-safe, except that {@code trustStorePassword} is a caller-owned array the
 * transport only reads.
 *
 * @param connectTimeout      bound for establishing a connection: TCP connect, proxy tunnel and TLS handshake
 * @param readTimeout         longest gap between two reads of a response (idle read)
 * @param totalTimeout        deadline for a whole exchange, body stream included; null (or zero) for none
 * @param proxies             explicit proxies, used round-robin; failing ones are skipped for {@code proxyRetryAfter}
 * @param useEnvironmentProxy honour {@code HTTPS_PROXY}/{@code HTTP_PROXY}/{@code NO_PROXY} when {@code proxies}
 *                            is empty
 * @param environment         the environment to read those variables from (injectable for tests)
 * @param trustStore          a PKCS12/JKS trust store for upstream TLS, or null for the JDK default
 * @param trustStorePassword  its password, or null
 * @param proxyRetryAfter     how long a proxy that failed to connect is skipped
 * @param tcpNoDelay          disable Nagle's algorithm on upstream sockets (default true): a small request or
 *                            the last segment of one leaves at once instead of waiting for the peer's delayed ACK
 */
public record TransportSettings(Duration connectTimeout, Duration readTimeout, Duration totalTimeout,
                                List<ProxySpec> proxies, boolean useEnvironmentProxy,
                                Map<String, String> environment, Path trustStore,
                                char[] trustStorePassword, Duration proxyRetryAfter, boolean tcpNoDelay) {

    /** Default connect timeout (key {@code connect-timeout}). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default idle read timeout (key {@code read-timeout}). */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(120);
    /** Default total deadline (key {@code request-timeout}). */
    public static final Duration DEFAULT_TOTAL_TIMEOUT = Duration.ofMinutes(10);
    /** Default time a failing proxy is skipped (key {@code proxy-retry-after}). */
    public static final Duration DEFAULT_PROXY_RETRY_AFTER = Duration.ofSeconds(30);

    /** The settings with {@code tcpNoDelay} on (its default). */
    public TransportSettings(Duration connectTimeout, Duration readTimeout, Duration totalTimeout,
                             List<ProxySpec> proxies, boolean useEnvironmentProxy, Map<String, String> environment,
                             Path trustStore, char[] trustStorePassword, Duration proxyRetryAfter) {
        this(connectTimeout, readTimeout, totalTimeout, proxies, useEnvironmentProxy, environment, trustStore,
                trustStorePassword, proxyRetryAfter, true);
    }

    public TransportSettings {
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(readTimeout, "readTimeout");
        if (totalTimeout != null && (totalTimeout.isNegative() || totalTimeout.isZero())) {
            totalTimeout = null; // zero means "no deadline", as request-timeout: 0 does
        }
        proxies = proxies == null ? List.of() : List.copyOf(proxies);
        environment = environment == null ? System.getenv() : Map.copyOf(environment);
        proxyRetryAfter = proxyRetryAfter == null ? DEFAULT_PROXY_RETRY_AFTER : proxyRetryAfter;
        if (proxyRetryAfter.isNegative()) {
            throw new IllegalArgumentException("proxyRetryAfter must not be negative");
        }
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }

    /** Defaults: connect 10 s, idle read 120 s, total 10 min, no proxies, environment proxies honoured. */
    public static TransportSettings defaults() {
        return new TransportSettings(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT, DEFAULT_TOTAL_TIMEOUT,
                List.of(), true, System.getenv(), null, null, DEFAULT_PROXY_RETRY_AFTER);
    }

    public TransportSettings withTimeouts(Duration connect, Duration read, Duration total) {
        return new TransportSettings(connect, read, total, proxies, useEnvironmentProxy, environment, trustStore,
                trustStorePassword, proxyRetryAfter, tcpNoDelay);
    }

    public TransportSettings withProxies(List<ProxySpec> p) {
        return new TransportSettings(connectTimeout, readTimeout, totalTimeout, p, useEnvironmentProxy, environment,
                trustStore, trustStorePassword, proxyRetryAfter, tcpNoDelay);
    }

    /** The same settings reading proxy variables from {@code env} ({@code useEnvironmentProxy} as given). */
    public TransportSettings withEnvironment(boolean useEnvProxy, Map<String, String> env) {
        return new TransportSettings(connectTimeout, readTimeout, totalTimeout, proxies, useEnvProxy, env,
                trustStore, trustStorePassword, proxyRetryAfter, tcpNoDelay);
    }

    public TransportSettings withTrustStore(Path store, char[] password) {
        return new TransportSettings(connectTimeout, readTimeout, totalTimeout, proxies, useEnvironmentProxy,
                environment, store, password, proxyRetryAfter, tcpNoDelay);
    }

    public TransportSettings withProxyRetryAfter(Duration retryAfter) {
        return new TransportSettings(connectTimeout, readTimeout, totalTimeout, proxies, useEnvironmentProxy,
                environment, trustStore, trustStorePassword, retryAfter, tcpNoDelay);
    }

    public TransportSettings withTcpNoDelay(boolean noDelay) {
        return new TransportSettings(connectTimeout, readTimeout, totalTimeout, proxies, useEnvironmentProxy,
                environment, trustStore, trustStorePassword, proxyRetryAfter, noDelay);
    }

    @Override
    public String toString() {
        // Never the environment (it holds unrelated secrets) nor the trust store password.
        return "TransportSettings[connect=" + connectTimeout + ", read=" + readTimeout + ", total="
                + (totalTimeout == null ? "none" : totalTimeout) + ", proxies=" + proxies + ", env-proxy="
                + useEnvironmentProxy + ", trust-store=" + (trustStore == null ? "default" : trustStore)
                + ", proxy-retry-after=" + proxyRetryAfter + ", tcp-no-delay=" + tcpNoDelay + "]";
    }
}
