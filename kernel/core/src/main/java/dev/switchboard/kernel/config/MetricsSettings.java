package dev.switchboard.kernel.config;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.util.Set;

/**
 * {@code metrics:} — the Prometheus endpoint {@code GET /metrics}.
 *
 * @param enabled      serve {@code /metrics} (default true)
 * @param loopbackOnly answer loopback callers only (default true); a scraper elsewhere needs this off, and
 *                     then a token
 * @param token        when set, scrapers must send {@code Authorization: Bearer <token>}. Secret.
 */
public record MetricsSettings(boolean enabled, boolean loopbackOnly, String token) {
    static final Set<String> KEYS = Set.of("enabled", "loopback-only", "token");

    static MetricsSettings read(PluginConfig c) throws ConfigException {
        String token = c.secret("token").orElse(null);
        if (token != null && token.length() < 16) {
            throw c.problem("token", "must be at least 16 characters long");
        }
        return new MetricsSettings(c.bool("enabled", true), c.bool("loopback-only", true), token);
    }

    @Override
    public String toString() {
        return "MetricsSettings[enabled=" + enabled + ", loopbackOnly=" + loopbackOnly + ", token="
                + (token == null ? "none" : "***") + "]";
    }
}
