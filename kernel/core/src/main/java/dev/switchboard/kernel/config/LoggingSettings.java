package dev.switchboard.kernel.config;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import java.util.Locale;
import java.util.Set;

/**
 * {@code logging:} — how log lines look and whether request bodies are logged.
 *
 * @param format      {@code text} (the pattern of {@code conf/logging.properties}) or {@code json} (one JSON object
 *                    per line; the access log's fields become members). Either way every line a request logs
 *                    carries its request id.
 * @param debugBodies log request and response bodies (logger {@code dev.switchboard.bodies}) with every secret
 *                    and credential redacted; off by default: bodies hold users' prompts
 */
public record LoggingSettings(Format format, boolean debugBodies) {
    static final Set<String> KEYS = Set.of("format", "debug-bodies");
    public static final LoggingSettings DEFAULTS = new LoggingSettings(Format.TEXT, false);

    /** Line format. */
    public enum Format { TEXT, JSON }

    static LoggingSettings read(PluginConfig c) throws ConfigException {
        String f = c.string("format", "text").strip().toLowerCase(Locale.ROOT);
        Format format = switch (f) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            default -> throw c.problem("format", "must be text or json, got '" + f + "'");
        };
        return new LoggingSettings(format, c.bool("debug-bodies", false));
    }
}
