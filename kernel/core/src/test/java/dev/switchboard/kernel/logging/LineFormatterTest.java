package dev.switchboard.kernel.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/** The fast log line is exactly what SimpleFormatter writes with the same layout. */
class LineFormatterTest {

    @Test
    void writesTheSameLinesAsSimpleFormatterWithTheSameLayout() {
        String key = "java.util.logging.SimpleFormatter.format";
        String before = System.getProperty(key);
        System.setProperty(key, LineFormatter.LAYOUT);
        try {
            SimpleFormatter reference = new SimpleFormatter();
            LineFormatter fast = new LineFormatter();
            for (LogRecord r : records()) {
                assertEquals(reference.format(r), fast.format(r));
            }
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    @Test
    void anotherConfiguredLayoutIsHonoured() {
        String key = "java.util.logging.SimpleFormatter.format";
        String before = System.getProperty(key);
        System.setProperty(key, "[%4$s] %5$s%n");
        try {
            LogRecord r = new LogRecord(Level.WARNING, "custom");
            assertEquals("[WARNING] custom" + System.lineSeparator(), new LineFormatter().format(r));
        } finally {
            if (before == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, before);
            }
        }
    }

    private static List<LogRecord> records() {
        LogRecord info = new LogRecord(Level.INFO, "POST /v1/messages status=200 latency=3ms");
        info.setLoggerName("dev.switchboard.access");
        info.setInstant(Instant.parse("2026-03-01T09:05:07.004Z"));
        LogRecord severe = new LogRecord(Level.SEVERE, "failed {0} of {1}");
        severe.setParameters(new Object[] {"one", 2});
        severe.setLoggerName("dev.switchboard.kernel.Gateway");
        severe.setInstant(Instant.parse("2026-12-31T23:59:59.999Z"));
        severe.setThrown(new IllegalStateException("boom"));
        LogRecord fine = new LogRecord(Level.FINE, "x");
        fine.setLoggerName("a");
        fine.setInstant(Instant.parse("2026-01-01T00:00:00Z"));
        return List.of(info, severe, fine);
    }
}
