package dev.switchboard.kernel.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.config.LoggingSettings;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;

/** The JSON and text line formats, and request ids on the lines of a request. */
class LogFormatsTest {

    private static JsonObject line(String formatted) {
        assertTrue(formatted.endsWith(System.lineSeparator()));
        String body = formatted.substring(0, formatted.length() - System.lineSeparator().length());
        assertFalse(body.contains("\n"), "one line: " + body);
        return Jsons.parseObject(body);
    }

    @Test
    void jsonLinesCarryFieldsAsMembersWithTheirTypes() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("method", "POST");
        fields.put("model", "evil\"\n{0}");
        fields.put("status", 200);
        fields.put("latency_ms", 12L);
        fields.put("account", null);
        String previous = RequestLogContext.enter("req_abc");
        try {
            JsonObject o = line(new JsonLogFormatter().format(new FieldsLogRecord(Level.INFO, "dev.switchboard.access",
                    "POST /v1/messages status=200", fields)));
            assertEquals("INFO", o.getString("level"));
            assertEquals("dev.switchboard.access", o.getString("logger"));
            assertEquals("req_abc", o.getString("request_id"));
            assertEquals("evil\"\n{0}", o.getString("model"), "client text is escaped, never interpreted");
            assertEquals(200, o.getInt("status"));
            assertEquals(12, o.getJsonNumber("latency_ms").longValue());
            assertFalse(o.containsKey("account"), "null fields are left out");
            assertTrue(o.getString("ts").endsWith("Z"));
        } finally {
            RequestLogContext.exit(previous);
        }
    }

    @Test
    void jsonLinesOfOrdinaryRecordsFormatTheMessageAndTheException() {
        LogRecord r = new LogRecord(Level.WARNING, "health check of {0}/{1} failed");
        r.setParameters(new Object[]{"p", "a"});
        r.setLoggerName("x");
        r.setThrown(new IllegalStateException("boom"));
        JsonObject o = line(new JsonLogFormatter().format(r));
        assertEquals("health check of p/a failed", o.getString("message"));
        assertEquals("java.lang.IllegalStateException: boom", o.getString("error"));
        assertTrue(o.getString("stack").contains("LogFormatsTest"));
        assertFalse(o.containsKey("request_id"), "no request is being served");
    }

    @Test
    void textLinesOfARequestArePrefixedWithItsIdAndNotFormattedTwice() {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %5$s%n");
        try {
            RequestIdFormatter f = new RequestIdFormatter(new SimpleFormatter());
            LogRecord r = new LogRecord(Level.INFO, "model {0}");
            r.setParameters(new Object[]{"m'{1}"});
            String previous = RequestLogContext.enter("req_xyz");
            try {
                assertEquals("INFO [req_xyz] model m'{1}" + System.lineSeparator(), f.format(r));
            } finally {
                RequestLogContext.exit(previous);
            }
            assertEquals("INFO model m'{1}" + System.lineSeparator(), f.format(r), "outside a request: unchanged");
        } finally {
            System.clearProperty("java.util.logging.SimpleFormatter.format");
        }
    }

    @Test
    void logSetupSwitchesTheHandlersOfTheRootLogger() {
        Logger root = Logger.getAnonymousLogger();
        Handler h = new ConsoleHandler();
        h.setFormatter(new SimpleFormatter());
        root.addHandler(h);
        LogSetup.apply(new LoggingSettings(LoggingSettings.Format.TEXT, false), root);
        assertInstanceOf(RequestIdFormatter.class, h.getFormatter());
        LogSetup.apply(new LoggingSettings(LoggingSettings.Format.TEXT, false), root);
        assertInstanceOf(RequestIdFormatter.class, h.getFormatter(), "applying twice does not wrap twice");
        LogSetup.apply(new LoggingSettings(LoggingSettings.Format.JSON, false), root);
        assertInstanceOf(JsonLogFormatter.class, h.getFormatter());
        assertEquals(List.of(h), List.of(root.getHandlers()));
    }

    @Test
    void enteringRestoresTheOuterRequest() {
        String outer = RequestLogContext.enter("req_1");
        String inner = RequestLogContext.enter("req_2");
        assertEquals("req_2", RequestLogContext.current());
        RequestLogContext.exit(inner);
        assertEquals("req_1", RequestLogContext.current());
        RequestLogContext.exit(outer);
        assertEquals(null, RequestLogContext.current());
    }
}
