package dev.switchboard.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of one provider instance's transport (kernel-owned YAML keys on the instance).
 *
 * @param connectTimeout     TCP (and proxy CONNECT) connect timeout
 * @param readTimeout        longest gap between two reads of a response (idle read)
 * @param totalTimeout       deadline for a whole exchange, stream included; null for none
 * @param proxies            explicit proxies, used round-robin; failing ones are skipped for a while
 * @param useEnvironmentProxy honour {@code HTTPS_PROXY}/{@code HTTP_PROXY}/{@code NO_PROXY} when {@code proxies} is empty
 * @param environment        the environment to read those variables from (injectable for tests)
 * @param trustStore         a PKCS12/JKS trust store for upstream TLS, or null for the JDK default
 * @param trustStorePassword its password, or null
 * @param proxyRetryAfter    how long a proxy that failed to connect is skipped
 */
public record TransportSettings(Duration connectTimeout, Duration readTimeout, Duration totalTimeout,
                                List<ProxySpec> proxies, boolean useEnvironmentProxy,
                                java.util.Map<String, String> environment, Path trustStore,
                                char[] trustStorePassword, Duration proxyRetryAfter) {
    public TransportSettings {
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        proxies = proxies == null ? List.of() : List.copyOf(proxies);
        environment = environment == null ? System.getenv() : environment;
        proxyRetryAfter = proxyRetryAfter == null ? Duration.ofSeconds(30) : proxyRetryAfter;
    }

    /** Defaults: connect 10 s, idle read 120 s, total 10 min, no proxies, environment proxies honoured. */
    public static TransportSettings defaults() {
        return new TransportSettings(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofMinutes(10),
                List.of(), true, System.getenv(), null, null, Duration.ofSeconds(30));
    }

    public TransportSettings withTimeouts(Duration connect, Duration read, Duration total) {
        return new TransportSettings(connect, read, total, proxies, useEnvironmentProxy, environment, trustStore,
                trustStorePassword, proxyRetryAfter);
    }

    public TransportSettings withProxies(List<ProxySpec> p) {
        return new TransportSettings(connectTimeout, readTimeout, totalTimeout, p, useEnvironmentProxy, environment,
                trustStore, trustStorePassword, proxyRetryAfter);
    }

    @Override
    public String toString() {
        return "TransportSettings[connect=" + connectTimeout + ", read=" + readTimeout + ", total=" + totalTimeout
                + ", proxies=" + proxies + ", env-proxy=" + useEnvironmentProxy + ", trust-store="
                + (trustStore == null ? "default" : trustStore) + "]";
    }
}
