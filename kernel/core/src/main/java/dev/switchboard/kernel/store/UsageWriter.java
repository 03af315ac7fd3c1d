package dev.switchboard.kernel.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Usage rows on their way to the database, durable before the request they belong to is answered.
 *
 * <p><b>Group commit into the journal.</b> A caller queues its row and takes the append lock; whoever holds the
 * lock writes every row queued so far in one append to the {@link UsageJournal} and releases their callers, so
 * under load one write serves many requests and alone a request pays one small file write, on its own thread.
 * {@link #write} returns once its row is in the journal: a caller that completes its answer afterwards keeps the
 * guarantee that a {@code kill -9} loses no row of an answered request. A row the database would refuse (text
 * wider than its column) is refused here, before it is journaled, and fails only its own request; an append
 * that fails (disk full) fails every request in it and leaves nothing of them behind. While more than
 * {@value #MAX_UNFOLDED} rows wait for the database, new rows are refused: requests fail rather than go
 * unrecorded.
 *
 * <p><b>Then the database.</b> The {@link UsageFolder} writes journaled rows into the database in large
 * transactions a moment later; {@link #sync} waits for it, and the usage repository calls it before every report,
 * so readers never miss an answered request.
 *
 * <p>Thread-safe. {@link #close()} journals what is queued, folds everything, then stops.
 */
public final class UsageWriter implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UsageWriter.class.getName());
    static final int MAX_UNFOLDED = 200_000;
    private static final int MAX_APPEND = 2_000;

    /** Thrown to the caller whose row could not be written. */
    public static final class UsageNotRecorded extends RuntimeException {
        UsageNotRecorded(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Where the writer appends: the journal, or a test's stand-in. */
    interface Journal {
        /** Appends in one write; returns the position after each row. */
        List<UsageJournal.Mark> append(List<UsageRepository.Write> writes) throws IOException;

        /** Everything up to {@code mark} is in the database ({@code closing}: and nothing more will come). */
        void folded(UsageJournal.Mark mark, boolean closing);
    }

    private static final class Pending {
        final UsageRepository.Write write;
        volatile boolean done;
        volatile UsageNotRecorded failure;

        Pending(UsageRepository.Write write) {
            this.write = write;
        }
    }

    private final Journal journal;
    private final UsageFolder folder;
    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock appendLock = new ReentrantLock();
    private final AtomicLong appends = new AtomicLong();
    private final AtomicLong rows = new AtomicLong();
    private volatile boolean closed;

    /** The production writer: journal in {@code store}'s data directory, folded into its usage table. */
    public UsageWriter(Store store) {
        this(store.usageJournal(), UsageFolder.database(store.usage(), store.usageJournal().id()),
                UsageFolder.rejectedFile(store.dataDirectory()));
        store.usage().readBarrier(this::sync);
    }

    UsageWriter(Journal journal, UsageFolder.Database database, Consumer<String> rejected) {
        this.journal = journal;
        this.folder = new UsageFolder(journal, database, rejected);
    }

    /**
     * Writes a request's final row and returns once it is durable.
     *
     * @throws UsageNotRecorded when the row could not be written (nothing of it was)
     */
    public void write(UsageRecord record) {
        append(new UsageRepository.Write(record, null));
    }

    /** As {@link #write(UsageRecord)}, replacing the checkpoints written under {@code streamKey}. */
    public void write(long streamKey, UsageRecord record) {
        append(new UsageRepository.Write(record, streamKey));
    }

    /**
     * A running stream's figures so far under {@code streamKey}, durable when this returns; failures are logged,
     * not thrown (a lost checkpoint costs at most its interval of tokens, which the next one repairs).
     */
    public void checkpoint(long streamKey, UsageRecord soFar) {
        if (closed) {
            return;
        }
        try {
            append(new UsageRepository.Write(soFar, streamKey, false));
        } catch (UsageNotRecorded e) {
            LOG.warning(() -> "a usage checkpoint was not written: " + e.getMessage());
        }
    }

    /** Rows handed over but not journaled yet (exported as the usage-writer backlog). */
    public long queued() {
        return queue.size();
    }

    /** Journal appends so far (tests: concurrent requests share them). */
    public long commits() {
        return appends.get();
    }

    /** Rows journaled so far. */
    public long rows() {
        return rows.get();
    }

    /** Database transactions that folded journaled rows (tests). */
    long folds() {
        return folder.folds();
    }

    private void append(UsageRepository.Write w) {
        try {
            folder.check(w.record());
        } catch (IllegalArgumentException e) {
            LOG.severe(() -> "a usage row cannot be stored: " + e.getMessage());
            throw new UsageNotRecorded("the usage row cannot be stored: " + e.getMessage(), e);
        }
        Pending p = new Pending(w);
        queue.add(p);
        appendLock.lock();
        try {
            if (!p.done) {
                appendQueued();
            }
        } finally {
            appendLock.unlock();
        }
        if (p.failure != null) {
            throw p.failure;
        }
    }

    /** Under the append lock: journals everything queued (the caller's row among it) in one write. */
    private void appendQueued() {
        List<Pending> batch = new ArrayList<>();
        Pending p;
        while (batch.size() < MAX_APPEND && (p = queue.poll()) != null) {
            batch.add(p);
        }
        String refusal = closed ? "usage storage is closed" : folder.backlog() >= MAX_UNFOLDED
                ? "the usage database is " + MAX_UNFOLDED + " rows behind (" + failureOr("busy") + ")" : null;
        if (refusal != null) {
            fail(batch, new UsageNotRecorded(refusal, null));
            return;
        }
        List<UsageRepository.Write> writes = new ArrayList<>(batch.size());
        for (Pending b : batch) {
            writes.add(b.write);
        }
        List<UsageJournal.Mark> ends;
        try {
            ends = journal.append(writes);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.SEVERE, "usage rows could not be written to the journal: " + e);
            fail(batch, new UsageNotRecorded("the usage row could not be written", e));
            return;
        }
        appends.incrementAndGet();
        rows.addAndGet(writes.size());
        folder.add(writes, ends);
        for (Pending b : batch) {
            b.done = true;
        }
    }

    private String failureOr(String otherwise) {
        String f = folder.failure();
        return f == null ? otherwise : f;
    }

    private static void fail(List<Pending> batch, UsageNotRecorded e) {
        for (Pending b : batch) {
            b.failure = e;
            b.done = true;
        }
    }

    /**
     * Returns once every row written before this call is in the database.
     *
     * @throws StorageException when the database did not take them within 30 s
     */
    public void sync() {
        folder.sync();
    }

    /**
     * Refuses new rows, folds every journaled one into the database (waiting up to 30 s), then stops. Rows the
     * database could not take stay in the journal for the next start.
     */
    @Override
    public void close() {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            appendQueued(); // rows queued before close() are still written
            closed = true;
        } finally {
            appendLock.unlock();
        }
        folder.close();
    }
}
