package dev.switchboard.kernel.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console handler writes off the logging thread and loses nothing: flushed, closed, or logged after close. */
class AsyncConsoleHandlerTest {
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream original;

    @BeforeEach
    void captureStderr() {
        original = System.err;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restoreStderr() {
        System.setErr(original);
    }

    private static LogRecord record(String message) {
        LogRecord r = new LogRecord(Level.INFO, message);
        r.setLoggerName("test");
        return r;
    }

    private List<String> lines() {
        System.err.flush();
        return captured.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("line-")).toList();
    }

    @Test
    void everyLineFromManyThreadsIsWrittenWholeAndInEachThreadsOrder() throws Exception {
        AsyncConsoleHandler h = new AsyncConsoleHandler();
        int threads = 16;
        int each = 2_000; // more than the queue holds: publishers wait, nothing is dropped
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        h.publish(record("line-" + thread + "-" + i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        h.flush();
        List<String> lines = lines();
        assertEquals(threads * each, lines.size());
        for (int t = 0; t < threads; t++) {
            String prefix = "line-" + t + "-";
            List<Integer> order = lines.stream().filter(l -> l.contains(prefix))
                    .map(l -> Integer.parseInt(l.substring(l.indexOf(prefix) + prefix.length()).trim())).toList();
            assertEquals(each, order.size());
            for (int i = 0; i < each; i++) {
                assertEquals(i, order.get(i), "thread " + t + " out of order");
            }
        }
        h.close();
    }

    @Test
    void closeWritesWhatIsQueuedAndLaterRecordsAreStillWritten() {
        AsyncConsoleHandler h = new AsyncConsoleHandler();
        for (int i = 0; i < 500; i++) {
            h.publish(record("line-q-" + i));
        }
        h.close();
        assertEquals(500, lines().size(), "close wrote everything queued");
        h.publish(record("line-after-close"));
        List<String> all = lines();
        assertEquals(501, all.size());
        assertTrue(all.get(500).contains("line-after-close"), "a record after close is written directly");
    }

    @Test
    void theLevelAppliesAndTheDefaultFormatterIsSimpleFormatter() {
        AsyncConsoleHandler h = new AsyncConsoleHandler();
        h.setLevel(Level.WARNING);
        h.publish(record("line-info"));
        LogRecord warn = new LogRecord(Level.WARNING, "line-warn");
        warn.setLoggerName(Logger.GLOBAL_LOGGER_NAME);
        h.publish(warn);
        h.flush();
        assertEquals(1, lines().size());
        assertTrue(lines().get(0).contains("line-warn"));
        assertTrue(h.getFormatter() instanceof java.util.logging.SimpleFormatter);
        h.close();
    }
}
