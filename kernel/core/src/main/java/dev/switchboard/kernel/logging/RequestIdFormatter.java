package dev.switchboard.kernel.logging;

import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code logging.format: text}: the configured formatter's pattern ({@code conf/logging.properties}), with the
 * message of every line written while a request is served prefixed by {@code [<request id>]}. Thread-safe if the
 * wrapped formatter is.
 */
public final class RequestIdFormatter extends Formatter {
    private final Formatter delegate;

    public RequestIdFormatter(Formatter delegate) {
        this.delegate = delegate;
    }

    @Override
    public String format(LogRecord r) {
        String id = RequestLogContext.current();
        if (id == null) {
            return delegate.format(r);
        }
        // The message is formatted here, once; the copy has no parameters, so the delegate prints it as is (a
        // '{0}' in client-supplied text is not run through MessageFormat again).
        LogRecord copy = new LogRecord(r.getLevel(), "[" + id + "] " + delegate.formatMessage(r));
        copy.setInstant(r.getInstant());
        copy.setLoggerName(r.getLoggerName());
        copy.setSourceClassName(r.getSourceClassName());
        copy.setSourceMethodName(r.getSourceMethodName());
        copy.setLongThreadID(r.getLongThreadID());
        copy.setSequenceNumber(r.getSequenceNumber());
        copy.setThrown(r.getThrown());
        return delegate.format(copy);
    }

    @Override
    public String getHead(java.util.logging.Handler h) {
        return delegate.getHead(h);
    }

    @Override
    public String getTail(java.util.logging.Handler h) {
        return delegate.getTail(h);
    }
}
