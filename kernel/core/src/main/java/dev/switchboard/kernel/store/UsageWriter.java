package dev.switchboard.kernel.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Group commit of usage rows. Request threads queue their rows; one writer thread takes every row queued since
 * its last commit and writes them in one transaction, then releases their callers. There is no fixed wait: an
 * idle gateway commits a row as soon as it arrives, and under load the batch grows by itself while the previous
 * commit runs — one fsync for many requests instead of one each.
 *
 * <p>{@link #write} returns once its row is committed, so a caller that completes its answer afterwards keeps the
 * guarantee that a {@code kill -9} loses no row of an answered request. When a batch fails, its rows are retried
 * one transaction each, so a single row the database refuses fails only its own request; each row is either
 * committed or not written at all, and every caller whose row was not written gets a {@link UsageNotRecorded}.
 * {@link #checkpoint} queues a stream's figures without waiting (a lost checkpoint costs at most its interval of
 * tokens, which the next checkpoint or the final row repairs).
 *
 * <p>Thread-safe. {@link #close()} commits what is queued, then stops the writer thread.
 */
public final class UsageWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UsageWriter.class.getName());
    private static final int MAX_BATCH = 2_000;

    /** Thrown to the caller whose row could not be committed. */
    public static final class UsageNotRecorded extends RuntimeException {
        UsageNotRecorded(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private record Pending(UsageRepository.Write write, CompletableFuture<Void> done) {
    }

    private static final Pending STOP = new Pending(null, null);

    private final Consumer<List<UsageRepository.Write>> commit;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final AtomicLong commits = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private final Thread thread;
    private volatile boolean closed;

    public UsageWriter(UsageRepository repository) {
        this(repository::write);
    }

    /** With the transaction itself injected (tests make it fail). */
    UsageWriter(Consumer<List<UsageRepository.Write>> commit) {
        this.commit = commit;
        this.thread = Thread.ofPlatform().daemon().name("usage-writer").start(this::run);
    }

    /**
     * Writes a request's final row and returns after its transaction committed.
     *
     * @throws UsageNotRecorded when the row could not be written (nothing of it was)
     */
    public void write(UsageRecord record) {
        await(enqueue(new UsageRepository.Write(record, null)));
    }

    /** As {@link #write(UsageRecord)}, replacing the checkpoints written under {@code streamKey}. */
    public void write(long streamKey, UsageRecord record) {
        await(enqueue(new UsageRepository.Write(record, streamKey)));
    }

    /** Queues a stream's figures so far under {@code streamKey}; does not wait. */
    public void checkpoint(long streamKey, UsageRecord soFar) {
        if (!closed) {
            enqueue(new UsageRepository.Write(soFar, streamKey));
        }
    }

    /** Transactions committed so far (tests: concurrent requests share them). */
    /** Rows handed over but not committed yet (exported as the usage-writer backlog). */
    public long queued() {
        return queue.size();
    }

    public long commits() {
        return commits.get();
    }

    /** Rows committed so far. */
    public long rows() {
        return rows.get();
    }

    private CompletableFuture<Void> enqueue(UsageRepository.Write w) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (queue) { // against close(): nothing may be queued behind the STOP marker
            if (closed) {
                done.completeExceptionally(new UsageNotRecorded("usage storage is closed", null));
                return done;
            }
            queue.add(new Pending(w, done));
        }
        return done;
    }

    private static void await(CompletableFuture<Void> done) {
        try {
            done.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UsageNotRecorded u ? u
                    : new UsageNotRecorded("usage row not recorded", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageNotRecorded("interrupted while the usage row was written", e);
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        boolean stopping = false;
        while (!stopping) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                // only close() stops the writer, through the STOP marker
                continue;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            stopping = batch.remove(STOP) || stopping;
            if (stopping) {
                queue.drainTo(batch); // whatever raced in before close() flipped the flag
                batch.remove(STOP);
            }
            commit(batch);
            batch.clear();
        }
    }

    private void commit(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<UsageRepository.Write> writes = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            writes.add(p.write());
        }
        try {
            commit.accept(writes);
            commits.incrementAndGet();
            rows.addAndGet(writes.size());
            batch.forEach(p -> p.done().complete(null));
            return;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                fail(batch.get(0), e);
                return;
            }
            LOG.log(Level.WARNING, "a group commit of " + batch.size() + " usage rows failed ("
                    + SqlErrors.describe(e) + "); writing them one by one");
        }
        for (Pending p : batch) {
            try {
                commit.accept(List.of(p.write()));
                commits.incrementAndGet();
                rows.incrementAndGet();
                p.done().complete(null);
            } catch (RuntimeException e) {
                fail(p, e);
            }
        }
    }

    private static void fail(Pending p, RuntimeException e) {
        LOG.severe(() -> "a usage row could not be written: " + SqlErrors.describe(e));
        p.done().completeExceptionally(new UsageNotRecorded("the usage row could not be written", e));
    }

    /** Commits every queued row, then stops the writer thread. Rows queued afterwards are refused. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        synchronized (queue) {
            closed = true;
            queue.add(STOP);
        }
        try {
            thread.join(java.time.Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
