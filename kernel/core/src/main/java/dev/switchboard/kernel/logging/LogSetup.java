package dev.switchboard.kernel.logging;

import dev.switchboard.kernel.config.LoggingSettings;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Applies {@code logging.format} to the process's log handlers (those of the root logger, as
 * {@code conf/logging.properties} configured them): JSON lines, or the configured text pattern with request ids.
 * Called once by the launcher before the gateway starts; the gateway itself, as a library used by tests, leaves
 * process-wide logging alone.
 */
public final class LogSetup {
    private LogSetup() {
    }

    public static void apply(LoggingSettings settings) {
        apply(settings, LogManager.getLogManager().getLogger(""));
    }

    static void apply(LoggingSettings settings, Logger root) {
        for (Handler h : root.getHandlers()) {
            Formatter current = h.getFormatter();
            if (settings.format() == LoggingSettings.Format.JSON) {
                if (!(current instanceof JsonLogFormatter)) {
                    h.setFormatter(new JsonLogFormatter());
                }
            } else if (!(current instanceof RequestIdFormatter)) {
                h.setFormatter(new RequestIdFormatter(current == null ? new SimpleFormatter() : current));
            }
        }
    }
}
