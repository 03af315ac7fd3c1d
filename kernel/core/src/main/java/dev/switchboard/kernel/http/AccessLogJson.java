package dev.switchboard.kernel.http;

import dev.switchboard.kernel.dispatch.RequestInfo;
import dev.switchboard.kernel.logging.LogSafe;
import dev.switchboard.kernel.logging.FieldsLogRecord;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;

/**
 * The access log's fields as members of its JSON line ({@code logging.format: json}): the same facts as the
 * text line, named, and typed (numbers are numbers). JSON escaping makes every client-supplied value safe; it
 * is the formatter's job, not this class's.
 */
final class AccessLogJson {
    private AccessLogJson() {
    }

    /** The access record: {@code line} for text formats, the fields for JSON. */
    static FieldsLogRecord record(String loggerName, String line, String method, String path, int status,
                                  RequestInfo info) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("method", method);
        f.put("path", LogSafe.value(path));
        f.put("model", LogSafe.value(info.model()));
        f.put("provider", LogSafe.value(info.provider()));
        f.put("account", LogSafe.value(info.account()));
        f.put("key", LogSafe.value(info.clientKey()));
        f.put("status", status);
        f.put("latency_ms", info.elapsedMillis());
        if (info.ttfbMillis() >= 0) {
            f.put("ttfb_ms", info.ttfbMillis());
        }
        if (info.attempts() > 0) {
            f.put("attempts", info.attempts());
        }
        if (info.errorKind() != null) {
            f.put("error_kind", info.errorKind().name().toLowerCase(Locale.ROOT));
        }
        return new FieldsLogRecord(Level.INFO, loggerName, line, f);
    }
}
