package dev.switchboard.kernel.logging;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.ErrorManager;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * A console handler that formats and writes on its own thread: the thread that logs only queues the record.
 * {@link java.util.logging.ConsoleHandler} formats (String.format) and writes each record to stderr under one lock
 * on the logging thread; with an access line per request that was a system call and a lock per request on the
 * request path (5 % of the gateway's CPU samples under load, measured). Here one writer thread takes every record
 * queued since its last write and writes them as one block.
 *
 * <p>Nothing is dropped: a full queue ({@value #CAPACITY} records) makes the logging thread wait, {@link #flush}
 * returns once everything published before it is written, {@link #close} (called by the logging shutdown at
 * exit) writes what is queued, and records published after close are written directly. Only a {@code kill -9}
 * loses the records still queued (written within milliseconds otherwise).
 *
 * <p>Configured like {@code ConsoleHandler} in {@code logging.properties}:
 * {@code dev.switchboard.kernel.logging.AsyncConsoleHandler.level} (default ALL) and {@code .formatter}
 * (default {@link SimpleFormatter}, which honours {@code java.util.logging.SimpleFormatter.format}). Thread-safe.
 */
public final class AsyncConsoleHandler extends Handler {
    static final int CAPACITY = 16_384;
    private static final long FLUSH_WAIT_SECONDS = 10;
    private static final long LINGER_MICROS = 2_000;

    private final ArrayBlockingQueue<LogRecord> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Object progress = new Object();
    private final AtomicLong published = new AtomicLong();
    private long written;
    private volatile boolean closed;
    private final Thread writer;

    public AsyncConsoleHandler() {
        LogManager m = LogManager.getLogManager();
        String prefix = getClass().getName();
        setLevel(level(m.getProperty(prefix + ".level")));
        setFormatter(formatter(m.getProperty(prefix + ".formatter")));
        writer = Thread.ofPlatform().daemon().name("log-writer").start(this::run);
    }

    @Override
    public void publish(LogRecord record) {
        if (!isLoggable(record)) {
            return;
        }
        if (closed) {
            write(List.of(record));
            return;
        }
        published.incrementAndGet();
        try {
            queue.put(record);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            write(List.of(record)); // still written, on this thread
            done(1);
        }
    }

    /** Returns once every record published before the call is written (or after 10 s). */
    @Override
    public void flush() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(FLUSH_WAIT_SECONDS);
        synchronized (progress) {
            long target = published.get();
            while (written < target && writer.isAlive()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        System.err.flush();
    }

    /** Writes what is queued; later records are written directly by whoever logs them. */
    @Override
    public void close() {
        flush();
        closed = true;
        List<LogRecord> rest = new ArrayList<>();
        queue.drainTo(rest); // records raced in while closing
        write(rest);
        done(rest.size());
    }

    /**
     * Idle, the writer blocks until a record comes. After each write it pauses {@value #LINGER_MICROS} µs before it
     * looks again: under load (an access line per request) records then gather and the loggers queue them without
     * waking this thread, where a writer always waiting in {@code take()} was woken, with a futex call on the
     * logging thread's side, for nearly every record. A line waits at most that long; {@link #flush} still waits
     * for it.
     */
    private void run() {
        List<LogRecord> batch = new ArrayList<>();
        while (true) {
            queue.drainTo(batch);
            if (batch.isEmpty()) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    continue; // the writer lives as long as the JVM (daemon)
                }
                queue.drainTo(batch);
            }
            write(batch);
            done(batch.size());
            batch.clear();
            LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(LINGER_MICROS));
        }
    }

    private void done(int n) {
        synchronized (progress) {
            written += n;
            progress.notifyAll();
        }
    }

    private void write(List<LogRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder block = new StringBuilder(records.size() * 160);
        Formatter f = getFormatter();
        for (LogRecord r : records) {
            try {
                block.append(f.format(r));
            } catch (RuntimeException e) {
                reportError("formatting a log record failed", e, ErrorManager.FORMAT_FAILURE);
            }
        }
        PrintStream err = System.err;
        synchronized (err) { // whole lines, also against direct prints to stderr
            err.print(block);
            err.flush();
        }
    }

    private static Level level(String name) {
        if (name == null) {
            return Level.ALL;
        }
        try {
            return Level.parse(name.trim());
        } catch (IllegalArgumentException e) {
            return Level.ALL;
        }
    }

    private static Formatter formatter(String className) {
        if (className != null) {
            try {
                return (Formatter) ClassLoader.getSystemClassLoader().loadClass(className.trim())
                        .getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | ClassCastException e) {
                System.err.println("switchboard: log formatter " + className + " cannot be used (" + e
                        + "); using SimpleFormatter");
            }
        }
        return new SimpleFormatter();
    }
}
