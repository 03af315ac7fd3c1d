package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLDataException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * Usage rows through the journal: shared appends, durable on return, failures fail exactly their callers, rows
 * folded into the database (checkpoints collapsed, outages waited out, refused rows set aside), readers see them.
 * On H2 and PostgreSQL (the folder's INSERT and upsert statements are the databases' own).
 */
@BothDatabases
class UsageWriterTest {

    @Parameter
    StoreBackend backend;
    @TempDir
    Path dir;

    @Test
    void concurrentRowsShareJournalAppendsAndReadersSeeThemAll() throws Exception {
        int threads = 64;
        int each = 20;
        AtomicReference<UsageWriter> self = new AtomicReference<>();
        try (Store store = TestStores.open(backend, dir, Clock.systemUTC());
             UsageWriter writer = new UsageWriter(firstAppendWaitsForCompany(store.usageJournal(), self, threads - 1),
                     UsageFolder.database(store.usage(), store.usageJournal().id()),
                     UsageFolder.rejectedFile(store.dataDirectory()))) {
            self.set(writer);
            store.usage().readBarrier(writer::sync);
            TestStores.concurrently(threads, each, (t, i) -> writer.write(
                    UsageRows.row(Instant.now(), "k", "p", "a", "m", 3, 4, UsageOutcome.OK)));
            assertEquals(threads * each, writer.rows());
            assertTrue(writer.commits() < threads * each, "rows shared appends: " + writer.commits()
                    + " appends for " + writer.rows() + " rows");
            UsageReport r = store.usage().query(UsageGroupBy.KEY, Instant.now().minusSeconds(60),
                    Instant.now().plusSeconds(60));
            assertEquals(threads * each, r.total().requests(), "a report waits for every written row");
            assertTrue(writer.folds() < threads * each, "rows shared database transactions: " + writer.folds());
        }
    }

    /**
     * The real journal, whose first append waits (30 s at most) until {@code company} rows queue behind it: on a fast
     * disk appends can be so short that 64 threads never overlap, and whether rows then share an append is luck.
     * Held this way, the rows queued meanwhile must go out together in the next append.
     */
    private static UsageWriter.Journal firstAppendWaitsForCompany(UsageJournal real, AtomicReference<UsageWriter> writer,
                                                                  int company) {
        AtomicBoolean first = new AtomicBoolean(true);
        return new UsageWriter.Journal() {
            @Override
            public List<UsageJournal.Mark> append(List<UsageRepository.Write> writes, List<byte[]> lines)
                    throws IOException {
                if (first.compareAndSet(true, false)) {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    while (writer.get() == null || writer.get().queued() < company) {
                        if (System.nanoTime() > deadline) {
                            break; // the assertion on shared appends then says what happened
                        }
                        Thread.onSpinWait();
                        Thread.yield();
                    }
                }
                return real.append(writes, lines);
            }

            @Override
            public void folded(UsageJournal.Mark mark, boolean closing) {
                real.folded(mark, closing);
            }
        };
    }

    @Test
    void aRowIsInTheJournalFileWhenWriteReturns() throws Exception {
        try (Store store = TestStores.open(backend, dir, Clock.systemUTC());
             UsageWriter writer = new UsageWriter(store)) {
            writer.write(row("durable-model"));
            String journal;
            try (var files = Files.list(dir.resolve(UsageJournal.DIRECTORY))) {
                journal = files.filter(p -> p.getFileName().toString().startsWith("segment-"))
                        .map(UsageWriterTest::read).reduce("", String::concat);
            }
            assertTrue(journal.contains("\"routeModel\":\"durable-model\""), journal);
        }
    }

    @Test
    void aFailingAppendFailsEveryRequestInItAndLeavesNothing() throws Exception {
        CountDownLatch firstEntered = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        List<UsageRepository.Write> folded = Collections.synchronizedList(new ArrayList<>());
        UsageWriter.Journal failing = new FakeJournal() {
            @Override
            public List<UsageJournal.Mark> append(List<UsageRepository.Write> writes, List<byte[]> lines)
                    throws IOException {
                if (calls.incrementAndGet() == 1) {
                    firstEntered.countDown(); // hold the append lock so the next rows pile up into one append
                    await(releaseFirst);
                    return super.append(writes, lines);
                }
                throw new IOException("No space left on device");
            }
        };
        try (UsageWriter writer = new UsageWriter(failing, new FakeDatabase(folded), line -> { });
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = pool.submit(() -> writer.write(row("first")));
            assertTrue(firstEntered.await(30, TimeUnit.SECONDS));
            List<Future<?>> batch = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                int n = i;
                batch.add(pool.submit(() -> writer.write(row("m" + n))));
            }
            releaseFirst.countDown();
            first.get(30, TimeUnit.SECONDS);
            for (Future<?> f : batch) {
                Exception e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> f.get(30, TimeUnit.SECONDS));
                assertTrue(e.getCause() instanceof UsageWriter.UsageNotRecorded, String.valueOf(e.getCause()));
            }
            assertEquals(1, writer.rows(), "only the first row was journaled");
            writer.sync();
            assertEquals(List.of("first"), folded.stream().map(w -> w.record().routeModel()).toList());
        }
    }

    @Test
    void aRowTheDatabaseWouldRefuseFailsOnlyItsOwnRequest() throws Exception {
        try (Store store = TestStores.open(backend, dir, Clock.systemUTC());
             UsageWriter writer = new UsageWriter(store);
             ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            String tooLong = "x".repeat(5000); // wider than the model column
            List<Future<?>> good = new ArrayList<>();
            Future<?> bad = pool.submit(() -> writer.write(row(tooLong)));
            for (int i = 0; i < 20; i++) {
                int n = i;
                good.add(pool.submit(() -> writer.write(row("ok-" + n))));
            }
            for (Future<?> f : good) {
                f.get(30, TimeUnit.SECONDS);
            }
            Exception e = assertThrows(java.util.concurrent.ExecutionException.class, () -> bad.get(30, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof UsageWriter.UsageNotRecorded);
            assertTrue(e.getCause().getMessage().contains("route_model"), e.getCause().getMessage());
            writer.sync();
            List<String> models = store.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT route_model FROM usage").mapTo(String.class).list());
            assertEquals(20, models.size(), "the 20 good rows, nothing of the refused one: " + models.size());
            assertTrue(models.stream().allMatch(m -> m.startsWith("ok-")));
        }
    }

    @Test
    void checkpointsAreReplacedByTheStreamsFinalRow() throws Exception {
        try (Store store = TestStores.open(backend, dir, Clock.systemUTC());
             UsageWriter writer = new UsageWriter(store)) {
            writer.checkpoint(42, UsageRows.row(Instant.now(), "k", "p", "a", "s", 5, 1, UsageOutcome.ABORTED));
            writer.sync(); // the first checkpoint reaches the database on its own
            writer.checkpoint(42, UsageRows.row(Instant.now(), "k", "p", "a", "s", 5, 7, UsageOutcome.ABORTED));
            writer.write(42, UsageRows.row(Instant.now(), "k", "p", "a", "s", 5, 9, UsageOutcome.OK));
            writer.sync();
            List<String> rows = store.database().jdbi().withHandle(h -> h.createQuery(
                    "SELECT outcome || ':' || output_tokens FROM usage WHERE stream_key = 42").mapTo(String.class).list());
            assertEquals(List.of("ok:9"), rows);
        }
    }

    @Test
    void aStreamRowTheFolderDidNotWriteItselfIsReplacedNotDuplicated() throws Exception {
        try (Store store = TestStores.open(backend, dir, Clock.systemUTC())) {
            try (UsageWriter first = new UsageWriter(store)) {
                first.checkpoint(77, UsageRows.row(Instant.now(), "k", "p", "a", "s", 5, 1, UsageOutcome.ABORTED));
            }
            try (UsageWriter second = new UsageWriter(store)) { // knows nothing of stream 77: inserts, then merges
                second.write(77, UsageRows.row(Instant.now(), "k", "p", "a", "s", 5, 9, UsageOutcome.OK));
                second.sync();
                List<String> rows = store.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT outcome || ':' || output_tokens FROM usage WHERE stream_key = 77").mapTo(String.class)
                        .list());
                assertEquals(List.of("ok:9"), rows);
            }
        }
    }

    @Test
    void aStreamsRowsInOneFoldCollapseIntoItsLatestFigures() {
        List<UsageRepository.Write> out = UsageFolder.collapse(List.of(
                journaled(7L, 1), journaled(null, 2), journaled(7L, 3), journaled(8L, 4), journaled(7L, 5)));
        assertEquals(List.of("null:2", "8:4", "7:5"), out.stream()
                .map(w -> w.streamKey() + ":" + w.record().usage().outputTokens()).toList());
    }

    @Test
    void aDatabaseOutageKeepsTheRowsAndRetriesThem() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        List<UsageRepository.Write> folded = Collections.synchronizedList(new ArrayList<>());
        FakeDatabase db = new FakeDatabase(folded) {
            @Override
            public void fold(List<UsageRepository.Write> writes, java.util.function.LongPredicate mayExist,
                             UsageJournal.Mark upTo) {
                if (down.get()) {
                    throw new UnableToExecuteStatementException("connection refused", null, null);
                }
                super.fold(writes, mayExist, upTo);
            }
        };
        try (UsageWriter writer = new UsageWriter(new FakeJournal(), db, line -> { })) {
            writer.write(row("during-outage"));
            StorageException e = assertThrows(StorageException.class, () -> syncWithin(writer, 1));
            assertTrue(e.getMessage().contains("not yet in the database"), e.getMessage());
            down.set(false);
            writer.sync();
            assertEquals(List.of("during-outage"), folded.stream().map(w -> w.record().routeModel()).toList());
        }
    }

    @Test
    void aRowTheDatabaseRefusesWhenFoldedIsSetAsideAndTheOthersAreWritten() throws Exception {
        List<UsageRepository.Write> folded = Collections.synchronizedList(new ArrayList<>());
        List<String> rejected = Collections.synchronizedList(new ArrayList<>());
        FakeDatabase db = new FakeDatabase(folded) {
            @Override
            public void fold(List<UsageRepository.Write> writes, java.util.function.LongPredicate mayExist,
                             UsageJournal.Mark upTo) {
                if (writes.stream().anyMatch(w -> w.record().routeModel().equals("poison"))) {
                    throw new UnableToExecuteStatementException(new SQLDataException("value too long", "22001"), null);
                }
                super.fold(writes, mayExist, upTo);
            }
        };
        try (UsageWriter writer = new UsageWriter(new FakeJournal(), db, rejected::add)) {
            for (String m : List.of("a", "poison", "b")) {
                writer.write(row(m));
            }
            writer.sync();
            assertEquals(List.of("a", "b"), folded.stream().map(w -> w.record().routeModel()).sorted().toList());
            assertEquals(1, rejected.size());
            assertTrue(rejected.get(0).contains("\"routeModel\":\"poison\""), rejected.get(0));
        }
    }

    @Test
    void closeFoldsWhatIsJournaledAndRefusesLaterRows() throws Exception {
        try (Store store = TestStores.open(backend, dir, Clock.systemUTC())) {
            UsageWriter writer = new UsageWriter(store);
            writer.checkpoint(7, UsageRows.row(Instant.now(), "k", "p", "a", "s", 1, 1, UsageOutcome.ABORTED));
            writer.close();
            long rows = store.database().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM usage")
                    .mapTo(Long.class).one());
            assertEquals(1, rows);
            assertThrows(UsageWriter.UsageNotRecorded.class, () -> writer.write(row("late")));
            try (var files = Files.list(dir.resolve(UsageJournal.DIRECTORY))) {
                assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("segment-")),
                        "a clean stop leaves no journal segment behind");
            }
        }
    }

    @Test
    void rowsLeftInTheJournalAreWrittenOnceWhenTheStoreOpensAgain() throws Exception {
        StorageSettings file = StorageSettings.of(dir);
        java.util.Map<String, String> env = java.util.Map.of(EncryptionKeys.ENV_VAR, TestStores.newKey());
        try (Store store = Store.open(file, Clock.systemUTC(), env)) {
            AtomicInteger foldsLeft = new AtomicInteger(1);
            UsageFolder.Database dies = new UsageFolder.Database() {
                @Override
                public void fold(List<UsageRepository.Write> writes, java.util.function.LongPredicate mayExist,
                             UsageJournal.Mark upTo) {
                    if (foldsLeft.getAndDecrement() <= 0) {
                        throw new UnableToExecuteStatementException("the process died", null, null);
                    }
                    store.usage().fold(writes, mayExist, store.usageJournal().id(), upTo);
                }

                @Override
                public void check(UsageRecord r) {
                    store.usage().check(r);
                }
            };
            try (UsageWriter writer = new UsageWriter(store.usageJournal(), dies, line -> { })) {
                writer.write(row("folded"));
                writer.sync();
                writer.write(row("left-1"));
                writer.write(9L, row("left-2"));
            } // the database takes nothing more: the two rows stay in the journal, as after a kill -9
        }
        for (int open = 1; open <= 2; open++) {
            try (Store store = Store.open(file, Clock.systemUTC(), env)) {
                List<String> models = store.database().jdbi().withHandle(h -> h.createQuery(
                        "SELECT route_model FROM usage ORDER BY route_model").mapTo(String.class).list());
                assertEquals(List.of("folded", "left-1", "left-2"), models, "open " + open + ": each row exactly once");
            }
        }
    }

    private static void syncWithin(UsageWriter writer, int seconds) {
        ExecutorService one = Executors.newVirtualThreadPerTaskExecutor();
        try {
            Future<?> f = one.submit(writer::sync);
            try {
                f.get(seconds, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                f.cancel(true);
                throw new StorageException("usage rows are not yet in the database (timed out in the test)", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw (RuntimeException) e.getCause();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        } finally {
            one.shutdownNow();
        }
    }

    private static UsageFolder.Journaled journaled(Long key, long out) {
        return new UsageFolder.Journaled(new UsageRepository.Write(UsageRows.row(Instant.now(), "k", "p", "a", "m", 1,
                out, UsageOutcome.ABORTED), key), new UsageJournal.Mark(1, out));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static UsageRecord row(String model) {
        return UsageRows.row(Instant.now(), "k", "p", "a", model, 1, 1, UsageOutcome.OK);
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A journal in memory: every append succeeds and gets consecutive marks. */
    private static class FakeJournal implements UsageWriter.Journal {
        private long offset;

        @Override
        public synchronized List<UsageJournal.Mark> append(List<UsageRepository.Write> writes, List<byte[]> lines)
                throws IOException {
            List<UsageJournal.Mark> marks = new ArrayList<>();
            for (int i = 0; i < writes.size(); i++) {
                marks.add(new UsageJournal.Mark(1, ++offset));
            }
            return marks;
        }

        @Override
        public void folded(UsageJournal.Mark mark, boolean closing) {
        }
    }

    /** A database in memory: collects what is folded. */
    private static class FakeDatabase implements UsageFolder.Database {
        private final List<UsageRepository.Write> folded;

        FakeDatabase(List<UsageRepository.Write> folded) {
            this.folded = folded;
        }

        @Override
        public void fold(List<UsageRepository.Write> writes, java.util.function.LongPredicate mayExist,
                             UsageJournal.Mark upTo) {
            folded.addAll(writes);
        }

        @Override
        public void check(UsageRecord r) {
        }
    }
}
