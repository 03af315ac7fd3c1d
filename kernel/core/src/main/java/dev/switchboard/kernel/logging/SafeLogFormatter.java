package dev.switchboard.kernel.logging;

import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * {@link SimpleFormatter} (same {@code java.util.logging.SimpleFormatter.format} pattern) whose messages can never
 * span lines: every message goes through {@link LogSafe#message(String)}, so a CR or LF that reached a log call
 * from client input — an echoed model name in an upstream error, an odd account name — is written as {@code \r} or
 * {@code \n} instead of starting a forged line, and a huge value is cut. A logged exception's stack trace is
 * printed as usual. The gateway's {@code conf/logging.properties} installs it on the console handler.
 */
public class SafeLogFormatter extends SimpleFormatter {
    @Override
    public String formatMessage(LogRecord record) {
        return LogSafe.message(super.formatMessage(record));
    }
}
