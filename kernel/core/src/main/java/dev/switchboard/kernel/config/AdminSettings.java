package dev.switchboard.kernel.config;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * {@code admin:} — the admin API under {@code /admin}.
 *
 * @param enabled          serve the admin API (default true)
 * @param username         admin user name (default {@code admin})
 * @param password         the admin password, or null: then the first start writes a generated one to
 *                         {@code data/admin-password} (mode 0600; never printed). Secret.
 * @param sessionTtl       lifetime of a login session (default 12 h)
 * @param loopbackOnly     refuse admin calls from non-loopback addresses (default true)
 * @param maxLoginAttempts failed logins per user name and client address before the backoff starts (default 5)
 * @param loginWindow      the longest backoff between attempts once it has started; also how long a history of
 *                         failures is remembered (default 15 min)
 * @param recentRequests   how many recent requests {@code GET /admin/requests} keeps in memory (default 1000, 0 = off)
 */
public record AdminSettings(boolean enabled, String username, String password, Duration sessionTtl,
                            boolean loopbackOnly, int maxLoginAttempts, Duration loginWindow, int recentRequests) {
    static final Set<String> KEYS = Set.of("enabled", "username", "password", "session-ttl", "loopback-only",
            "max-login-attempts", "login-window", "recent-requests");
    /** Upper bound of {@code recent-requests}: the ring lives on the heap. */
    static final int MAX_RECENT_REQUESTS = 1_000_000;

    /** Settings without a request ring size (tests); it defaults to 1000. */
    public AdminSettings(boolean enabled, String username, String password, Duration sessionTtl, boolean loopbackOnly,
                         int maxLoginAttempts, Duration loginWindow) {
        this(enabled, username, password, sessionTtl, loopbackOnly, maxLoginAttempts, loginWindow, 1000);
    }

    static AdminSettings read(PluginConfig c) throws ConfigException {
        return new AdminSettings(c.bool("enabled", true), c.string("username", "admin"),
                c.secret("password").orElse(null),
                c.duration("session-ttl", ChronoUnit.SECONDS).orElse(Duration.ofHours(12)),
                c.bool("loopback-only", true), c.integer("max-login-attempts", 5),
                c.duration("login-window", ChronoUnit.SECONDS).orElse(Duration.ofMinutes(15)),
                recentRequests(c));
    }

    private static int recentRequests(PluginConfig c) throws ConfigException {
        int n = c.integer("recent-requests", 1000);
        if (n < 0 || n > MAX_RECENT_REQUESTS) {
            throw c.problem("recent-requests", "must be between 0 (off) and " + MAX_RECENT_REQUESTS + ", got " + n);
        }
        return n;
    }

    @Override
    public String toString() {
        return "AdminSettings[enabled=" + enabled + ", username=" + username + ", password="
                + (password == null ? "generated" : "***") + ", sessionTtl=" + sessionTtl + ", loopbackOnly="
                + loopbackOnly + "]";
    }
}
