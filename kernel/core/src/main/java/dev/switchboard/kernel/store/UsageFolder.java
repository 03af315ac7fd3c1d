package dev.switchboard.kernel.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The second half of the usage path: journaled rows into the database. One thread ({@code usage-folder}) takes
 * everything journaled since its last fold and writes it in one transaction, at most every
 * {@value #FOLD_INTERVAL_MILLIS} ms (sooner when a reader asks), together with the journal position it reached;
 * a stream's checkpoints and final row in one fold collapse into one write of its latest figures. A database that
 * fails keeps the rows waiting (they are safe in the journal) and is retried every second; a row it refuses on
 * its own is set aside in {@code usage-journal/rejected.jsonl} and logged, so it does not hold back the others.
 *
 * <p>Thread-safe: the {@link UsageWriter} adds rows (under its append lock, in journal order), readers
 * {@link #sync}, the folder thread folds.
 */
final class UsageFolder {
    private static final Logger LOG = Logger.getLogger(UsageFolder.class.getName());
    static final long FOLD_INTERVAL_MILLIS = 1_000;
    /** Streams with a row in the database and a final row still to come (about the streams running now). */
    private static final int MAX_TRACKED_STREAMS = 100_000;
    private static final int MAX_FOLD = 5_000;
    private static final long RETRY_MILLIS = 1_000;
    static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);

    /** Where journaled rows go: the database, or a test's stand-in. */
    interface Database {
        /**
         * Writes rows and the journal position they reach, in one transaction; a stream's row replaces an earlier
         * one of its key only where {@code mayExist} says there may be one.
         */
        void fold(List<UsageRepository.Write> writes, LongPredicate mayExist, UsageJournal.Mark upTo);

        /** Throws {@link IllegalArgumentException} for a row the database would refuse. */
        void check(UsageRecord r);
    }

    /** A journaled row waiting for the database, with the journal position right after it. */
    record Journaled(UsageRepository.Write write, UsageJournal.Mark end) {
    }

    private final UsageWriter.Journal journal;
    private final Database database;
    private final Consumer<String> rejected;
    private final AtomicLong folds = new AtomicLong();
    /** Guards the fields below; the folder waits on it. */
    private final Object fold = new Object();
    private List<Journaled> unfolded = new ArrayList<>();
    private long journaledCount;
    private long foldedCount;
    private long syncWanted;
    private String foldFailure;
    private boolean closing;
    /** The journal position the database has reached (the folder thread's own). */
    private UsageJournal.Mark lastFolded;
    /** Keys of streams this folder wrote a checkpoint of and not yet their final row (the folder thread's own). */
    private final Set<Long> streamsInDatabase = new HashSet<>();
    private final Thread thread;

    UsageFolder(UsageWriter.Journal journal, Database database, Consumer<String> rejected) {
        this.journal = journal;
        this.database = database;
        this.rejected = rejected;
        this.thread = Thread.ofPlatform().daemon().name("usage-folder").start(this::foldLoop);
    }

    /** The database of a store: its usage table, with this journal's progress in {@code meta}. */
    static Database database(UsageRepository repository, String journalId) {
        repository.prepareChecks(); // reads the column widths now, not on a request's path
        return new Database() {
            @Override
            public void fold(List<UsageRepository.Write> writes, LongPredicate mayExist, UsageJournal.Mark upTo) {
                repository.fold(writes, mayExist, journalId, upTo);
            }

            @Override
            public void check(UsageRecord r) {
                repository.check(r);
            }
        };
    }

    /** Sets rows aside in the journal directory of {@code dataDir}. */
    static Consumer<String> rejectedFile(Path dataDir) {
        return line -> appendRejected(dataDir, line);
    }

    void check(UsageRecord r) {
        database.check(r);
    }

    /** Rows just journaled, in journal order (called under the writer's append lock). */
    void add(List<UsageRepository.Write> writes, List<UsageJournal.Mark> ends) {
        synchronized (fold) {
            for (int i = 0; i < writes.size(); i++) {
                unfolded.add(new Journaled(writes.get(i), ends.get(i)));
            }
            journaledCount += writes.size();
            fold.notifyAll();
        }
    }

    /** Rows journaled but not yet in the database. */
    long backlog() {
        synchronized (fold) {
            return journaledCount - foldedCount;
        }
    }

    /** Why the last fold failed, or null. */
    String failure() {
        synchronized (fold) {
            return foldFailure;
        }
    }

    /** Database transactions that folded journaled rows (tests). */
    long folds() {
        return folds.get();
    }

    /**
     * Returns once every row written before this call is in the database.
     *
     * @throws StorageException when the database did not take them within 30 s
     */
    public void sync() {
        long deadline = System.nanoTime() + SYNC_TIMEOUT.toNanos();
        synchronized (fold) {
            long target = journaledCount;
            syncWanted = Math.max(syncWanted, target);
            fold.notifyAll();
            while (foldedCount < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new StorageException("usage rows are not yet in the database ("
                            + (foldFailure == null ? "still writing" : foldFailure) + ")", null);
                }
                try {
                    fold.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException("interrupted while waiting for usage rows", e);
                }
            }
        }
    }

    private void foldLoop() {
        long lastFold = 0;
        while (true) {
            List<Journaled> batch;
            synchronized (fold) {
                try {
                    while (unfolded.isEmpty() && !closing) {
                        fold.wait();
                    }
                    long wait;
                    while (!closing && syncWanted <= foldedCount
                            && (wait = lastFold + FOLD_INTERVAL_MILLIS - System.currentTimeMillis()) > 0) {
                        fold.wait(wait); // let rows gather: one transaction for many
                    }
                } catch (InterruptedException e) {
                    continue; // only close() ends the folder
                }
                if (unfolded.isEmpty() && closing) {
                    cleanUp(true);
                    return;
                }
                if (unfolded.size() <= MAX_FOLD) {
                    batch = unfolded;
                    unfolded = new ArrayList<>();
                } else {
                    batch = new ArrayList<>(unfolded.subList(0, MAX_FOLD));
                    unfolded = new ArrayList<>(unfolded.subList(MAX_FOLD, unfolded.size()));
                }
            }
            lastFold = System.currentTimeMillis();
            if (!foldOrKeep(batch)) {
                if (isClosing()) {
                    return; // the rows stay in the journal for the next start
                }
                sleepBeforeRetry();
            }
        }
    }

    /** Folds a batch; false (the batch back at the head of the queue) when the database is unavailable. */
    private boolean foldOrKeep(List<Journaled> batch) {
        UsageJournal.Mark end = batch.get(batch.size() - 1).end();
        List<UsageRepository.Write> writes = collapse(batch);
        try {
            foldTracking(writes, end);
        } catch (RuntimeException e) {
            if (!isRefusal(e)) {
                return keep(batch, e);
            }
            // A row the database refuses must not hold back the others: fold them one by one, set it aside.
            for (int i = 0; i < batch.size(); i++) {
                Journaled j = batch.get(i);
                try {
                    foldTracking(List.of(j.write()), j.end());
                } catch (RuntimeException one) {
                    if (!isRefusal(one)) {
                        return keep(batch.subList(i, batch.size()), one);
                    }
                    LOG.severe(() -> "storage: the database refused a usage row (" + SqlErrors.describe(one)
                            + "); it is kept in " + UsageJournal.DIRECTORY + "/rejected.jsonl");
                    rejected.accept(new String(UsageJournal.encode(List.of(j.write())),
                            StandardCharsets.UTF_8).trim());
                    try {
                        database.fold(List.of(), key -> true, j.end()); // past it: a restart does not refuse it again
                    } catch (RuntimeException mark) {
                        return keep(batch.subList(i + 1, batch.size()), mark);
                    }
                }
            }
        }
        folded(batch.size(), end);
        return true;
    }

    /**
     * Folds writes, inserting the rows of streams this folder has not written before instead of looking them up
     * (a lookup per row in the stream-key index, measured as the costliest part of a fold); should one exist
     * after all, the duplicate key fails the transaction and it is folded again looking for every stream.
     */
    private void foldTracking(List<UsageRepository.Write> writes, UsageJournal.Mark upTo) {
        try {
            database.fold(writes, streamsInDatabase::contains, upTo);
        } catch (RuntimeException e) {
            if (!SqlErrors.isDuplicateKey(e)) {
                throw e;
            }
            database.fold(writes, key -> true, upTo);
        }
        if (streamsInDatabase.size() > MAX_TRACKED_STREAMS) {
            streamsInDatabase.clear(); // only an optimisation: a stream it forgets is looked up again
        }
        for (UsageRepository.Write w : writes) {
            if (w.streamKey() != null) {
                if (w.last()) {
                    streamsInDatabase.remove(w.streamKey());
                } else {
                    streamsInDatabase.add(w.streamKey());
                }
            }
        }
    }

    private void folded(int count, UsageJournal.Mark end) {
        folds.incrementAndGet();
        lastFolded = end;
        cleanUp(false);
        synchronized (fold) {
            foldedCount += count;
            foldFailure = null;
            fold.notifyAll();
        }
    }

    /** Lets the journal drop what is folded: whole segments, and at the end the last one too. */
    private void cleanUp(boolean closing) {
        if (lastFolded == null) {
            return;
        }
        try {
            journal.folded(lastFolded, closing);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "storage: cleaning up the usage journal failed", e);
        }
    }

    private boolean keep(List<Journaled> rest, RuntimeException e) {
        String why = SqlErrors.describe(e);
        LOG.warning(() -> "storage: usage rows could not be written to the database (" + why + "); they are kept"
                + " in the journal and retried");
        synchronized (fold) {
            List<Journaled> back = new ArrayList<>(rest);
            back.addAll(unfolded);
            unfolded = back;
            foldFailure = why;
            fold.notifyAll();
        }
        return false;
    }

    private boolean isClosing() {
        synchronized (fold) {
            return closing;
        }
    }

    private void sleepBeforeRetry() {
        synchronized (fold) {
            try {
                if (!closing) {
                    fold.wait(RETRY_MILLIS);
                }
            } catch (InterruptedException e) {
                // only close() ends the folder
            }
        }
    }

    /** A stream's checkpoints and final row in one batch collapse into its latest figures. */
    static List<UsageRepository.Write> collapse(List<Journaled> batch) {
        List<UsageRepository.Write> plain = new ArrayList<>();
        Map<Long, UsageRepository.Write> latest = new LinkedHashMap<>();
        for (Journaled j : batch) {
            if (j.write().streamKey() == null) {
                plain.add(j.write());
            } else {
                latest.remove(j.write().streamKey()); // keep the order of last appearance
                latest.put(j.write().streamKey(), j.write());
            }
        }
        plain.addAll(latest.values());
        return plain;
    }

    /** True when the database refused the data itself (SQLSTATE 22 data or 23 constraint), not the connection. */
    private static boolean isRefusal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("22") || sql.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }

    private static void appendRejected(Path dataDir, String line) {
        Path file = dataDir.resolve(UsageJournal.DIRECTORY).resolve("rejected.jsonl");
        try {
            Files.writeString(file, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            LOG.severe("storage: a refused usage row could not be set aside either: " + line);
        }
    }

    /** Folds what is left (waiting up to 30 s), then stops; what the database did not take stays in the journal. */
    void close() {
        synchronized (fold) {
            closing = true;
            fold.notifyAll();
        }
        try {
            thread.join(SYNC_TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (fold) {
            if (!unfolded.isEmpty()) {
                int n = unfolded.size();
                LOG.warning(() -> "storage: " + n + " usage row(s) stay in the journal and are written at the next "
                        + "start");
            }
        }
    }
}
