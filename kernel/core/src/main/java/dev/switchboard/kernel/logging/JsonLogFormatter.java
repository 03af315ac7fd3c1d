package dev.switchboard.kernel.logging;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObjectBuilder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Map;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code logging.format: json}: one JSON object per line — {@code ts} (ISO-8601 UTC), {@code level},
 * {@code logger}, {@code request_id} when a request is being served, the message (or, for a
 * {@link FieldsLogRecord} such as the access log, its fields as members), and {@code error} / {@code stack} for
 * an exception. Values are JSON-escaped, so no client-supplied text can break a line. Thread-safe.
 */
public final class JsonLogFormatter extends Formatter {

    @Override
    public String format(LogRecord r) {
        JsonObjectBuilder b = Jsons.objectBuilder()
                .add("ts", r.getInstant().toString())
                .add("level", r.getLevel().getName())
                .add("logger", r.getLoggerName() == null ? "" : r.getLoggerName());
        String requestId = RequestLogContext.current();
        if (requestId != null) {
            b.add("request_id", requestId);
        }
        if (r instanceof FieldsLogRecord f) {
            for (Map.Entry<String, Object> e : f.fields().entrySet()) {
                add(b, e.getKey(), e.getValue());
            }
        } else {
            b.add("message", formatMessage(r));
        }
        Throwable t = r.getThrown();
        if (t != null) {
            b.add("error", t.toString());
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            b.add("stack", sw.toString());
        }
        return Jsons.write(b.build()) + System.lineSeparator();
    }

    private static void add(JsonObjectBuilder b, String key, Object v) {
        switch (v) {
            case null -> {
            }
            case Integer i -> b.add(key, i);
            case Long l -> b.add(key, l);
            case Double d -> b.add(key, d);
            case BigDecimal d -> b.add(key, d);
            case Boolean bool -> b.add(key, bool);
            default -> b.add(key, v.toString());
        }
    }
}
