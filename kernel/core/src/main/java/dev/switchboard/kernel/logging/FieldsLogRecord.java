package dev.switchboard.kernel.logging;

import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/**
 * A log record that also carries its content as named fields: the text formatters print the message, the JSON
 * formatter writes the fields as members. (Fields do not travel as record parameters: a message with
 * {@code {0}} in a client-supplied value would then be run through {@link java.text.MessageFormat}.)
 */
public final class FieldsLogRecord extends LogRecord {
    private final transient Map<String, Object> fields;

    /**
     * @param fields values are strings, numbers or booleans; null values are left out
     */
    public FieldsLogRecord(Level level, String loggerName, String message, Map<String, Object> fields) {
        super(level, message);
        setLoggerName(loggerName);
        this.fields = fields;
    }

    public Map<String, Object> fields() {
        return fields;
    }
}
