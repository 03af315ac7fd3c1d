package dev.switchboard.kernel.config;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.util.List;
import java.util.Set;

/**
 * A static client key from {@code clients: { keys: [...] }}.
 *
 * @param name              display name (unique)
 * @param key               the key clients send; secret (use {@code ${VAR}})
 * @param models            model names or globs the key may use; empty = all
 * @param rpm               requests per minute, 0 = unlimited
 * @param dailyTokenQuota   tokens per UTC day, 0 = unlimited
 * @param monthlyTokenQuota tokens per UTC month, 0 = unlimited
 */
public record ClientKeyEntry(String name, String key, List<String> models, int rpm, long dailyTokenQuota,
                             long monthlyTokenQuota) {
    static final Set<String> KEYS = Set.of("name", "key", "models", "rpm", "daily-token-quota", "monthly-token-quota");

    static ClientKeyEntry read(PluginConfig c) throws ConfigException {
        String key = c.requireString("key");
        if (key.length() < 16) {
            throw c.problem("key", "must be at least 16 characters long");
        }
        return new ClientKeyEntry(c.requireString("name"), key, c.strings("models"), c.integer("rpm", 0),
                c.longValue("daily-token-quota").orElse(0L), c.longValue("monthly-token-quota").orElse(0L));
    }

    @Override
    public String toString() {
        return "ClientKeyEntry[" + name + "]";
    }
}
