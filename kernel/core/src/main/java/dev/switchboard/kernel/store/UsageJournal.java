package dev.switchboard.kernel.store;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The usage journal: an append-only file in the data directory where a usage row is durable before its request
 * is answered. One {@code write} of a few hundred bytes replaces the database commit on the request's path (an H2
 * commit rewrites every changed B-tree page — tens of kilobytes and ~0.5 ms of CPU per commit, measured); the
 * {@link UsageWriter} folds journaled rows into the database in large transactions a moment later, and opening
 * the journal folds whatever a killed process left in it.
 *
 * <p>Layout: {@code <data-dir>/usage-journal/} holds {@code journal.id} (this journal's name in the database's
 * {@code meta} table, so gateways sharing one database keep their own progress), {@code journal.lock} (held while
 * a gateway appends) and segments {@code segment-<n>.jsonl}, one JSON line per row
 * ({@code {"key":<stream key or null>,"last":<false for a checkpoint>,"row":{...}}}, see
 * {@link RecordJson}). A new segment starts at every open
 * and after {@value #SEGMENT_BYTES} bytes. The database stores, in the same transaction as the folded rows, the
 * position up to which the journal is folded ({@link Mark}); segments wholly before it are deleted. A line cut by
 * a kill is never acknowledged (its caller was still waiting), so recovery ignores an unterminated last line.
 *
 * <p>Durability equals the database's own: the data is written to the file (the operating system's cache) before
 * a call returns, which survives the process being killed; like H2's commits it is not forced to the disk, so a
 * power cut may lose what the system had not yet written.
 *
 * <p>Appends are made by one thread at a time (the writer's lock); {@link #folded} may come from the folding
 * thread. Not otherwise thread-safe.
 */
public final class UsageJournal implements UsageWriter.Journal, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UsageJournal.class.getName());
    static final String DIRECTORY = "usage-journal";
    static final long SEGMENT_BYTES = 4L * 1024 * 1024;
    /** Rows folded per transaction while recovering. */
    private static final int RECOVERY_BATCH = 1_000;
    private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{12})\\.jsonl");

    /** A position in the journal: every row before {@code offset} of segment {@code segment} (and earlier ones). */
    public record Mark(long segment, long offset) {
        String wire() {
            return segment + ":" + offset;
        }

        static Optional<Mark> parse(String s) {
            int colon = s.indexOf(':');
            try {
                return Optional.of(new Mark(Long.parseLong(s.substring(0, colon)), Long.parseLong(s.substring(colon + 1))));
            } catch (RuntimeException e) {
                return Optional.empty();
            }
        }
    }

    /** Where journaled rows go: the database, in one transaction with the mark they reach. */
    @FunctionalInterface
    interface Fold {
        void fold(List<UsageRepository.Write> writes, String journalId, Mark upTo);
    }

    private final Path dir;
    private final String id;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel segment;
    private boolean closed;
    private long segmentNo;
    private long position;

    private UsageJournal(Path dir, String id, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.id = id;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the journal of {@code dataDir} for appending: takes its lock, folds what an earlier process left in it
     * into the database, and starts a new segment.
     *
     * @throws StorageException when another gateway appends to it, or it cannot be read or written
     */
    public static UsageJournal open(Path dataDir, Fold fold, Function<String, Optional<String>> meta) {
        Path dir = dataDir.resolve(DIRECTORY);
        try {
            Files.createDirectories(dir);
            String id = readOrCreateId(dir);
            FileChannel lockChannel = FileChannel.open(dir.resolve("journal.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel);
            if (lock == null) {
                lockChannel.close();
                throw new StorageException("the usage journal " + dir + " is in use by another gateway; give each "
                        + "gateway its own data directory");
            }
            UsageJournal journal = new UsageJournal(dir, id, lockChannel, lock);
            try {
                long last = journal.recover(fold, meta.apply(metaKey(id)).orElse(null));
                journal.startSegment(last + 1);
                return journal;
            } catch (IOException | RuntimeException e) {
                journal.close();
                throw e;
            }
        } catch (IOException e) {
            throw new StorageException("cannot open the usage journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Folds what a killed gateway left in the journal of {@code dataDir}, if there is one and no gateway is
     * appending to it now (then that gateway owns it). Used when the store opens, so every answered request's row
     * is in the database before anything reads it.
     */
    static void recoverIfPresent(Path dataDir, Fold fold, Function<String, Optional<String>> meta) {
        Path dir = dataDir.resolve(DIRECTORY);
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (FileChannel lockChannel = FileChannel.open(dir.resolve("journal.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock = tryLock(lockChannel);
            if (lock == null) {
                return;
            }
            try {
                String id = readOrCreateId(dir);
                new UsageJournal(dir, id, null, null).recover(fold, meta.apply(metaKey(id)).orElse(null));
            } finally {
                lock.release();
            }
        } catch (IOException e) {
            throw new StorageException("cannot read the usage journal in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // held by this process (another store on the same data directory)
        }
    }

    /** The {@code meta} key under which the database keeps this journal's folded mark. */
    static String metaKey(String journalId) {
        return "usage.journal." + journalId;
    }

    public String id() {
        return id;
    }

    /**
     * Appends rows, given as their encoded lines, in one write and returns the position after each of them. On
     * failure nothing of them stays in the journal.
     *
     * @throws IOException when the rows could not be written (disk full, I/O error)
     */
    @Override
    public List<Mark> append(List<UsageRepository.Write> writes, List<byte[]> lines) throws IOException {
        if (closed) {
            throw new java.nio.channels.ClosedChannelException();
        }
        if (position >= SEGMENT_BYTES) {
            startSegment(segmentNo + 1);
        }
        int size = 0;
        for (byte[] line : lines) {
            size += line.length;
        }
        ByteBuffer bytes = ByteBuffer.allocate(size);
        for (byte[] line : lines) {
            bytes.put(line);
        }
        bytes.flip();
        long start = position;
        try {
            while (bytes.hasRemaining()) {
                position += segment.write(bytes, position);
            }
        } catch (IOException | RuntimeException e) {
            position = start;
            try {
                segment.truncate(start);
            } catch (IOException t) {
                e.addSuppressed(t);
            }
            throw e;
        }
        List<Mark> ends = new ArrayList<>(lines.size());
        long end = start;
        for (byte[] line : lines) {
            end += line.length;
            ends.add(new Mark(segmentNo, end));
        }
        return ends;
    }

    /**
     * Everything up to {@code mark} is in the database: segments wholly before it are no longer needed, nor the
     * current one when the mark is its end and nothing is appended any more ({@code closing}).
     */
    @Override
    public void folded(Mark mark, boolean closing) {
        for (Path p : segments()) {
            long n = segmentNumber(p);
            if (n < mark.segment() || closing && n == mark.segment() && n == segmentNo && mark.offset() == position) {
                delete(p);
            }
        }
    }

    /** Several rows' journal lines, one after the other. */
    static byte[] encode(List<UsageRepository.Write> writes) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(writes.size() * 400);
        for (UsageRepository.Write w : writes) {
            out.writeBytes(encode(w));
        }
        return out.toByteArray();
    }

    /**
     * One row's journal line: a JSON object on one line (JSON escapes line breaks inside strings), ending with
     * {@code \n}. Thread-safe: callers encode their own rows before they queue for the append lock.
     */
    static byte[] encode(UsageRepository.Write w) {
        StringBuilder out = new StringBuilder(512);
        out.append("{\"key\":");
        if (w.streamKey() == null) {
            out.append("null");
        } else {
            out.append(w.streamKey().longValue()).append(",\"last\":").append(w.last());
        }
        out.append(",\"row\":");
        RecordJson.write(out, w.record());
        return out.append("}\n").toString().getBytes(StandardCharsets.UTF_8);
    }

    static UsageRepository.Write decode(String line) {
        JsonObject o = Jsons.parseObject(line);
        JsonValue key = o.get("key");
        JsonValue row = o.get("row");
        if (row == null || row.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new IllegalArgumentException("no row");
        }
        return new UsageRepository.Write(RecordJson.read(row.asJsonObject(), UsageRecord.class),
                key instanceof JsonNumber n ? Long.valueOf(n.longValueExact()) : null,
                !(o.get("last") instanceof JsonValue v && v.getValueType() == JsonValue.ValueType.FALSE));
    }

    /** Folds the segments from {@code markWire} on; returns the highest segment number seen. */
    private long recover(Fold fold, String markWire) throws IOException {
        Mark mark = markWire == null ? new Mark(0, 0) : Mark.parse(markWire).orElse(new Mark(0, 0));
        long last = mark.segment();
        int rows = 0;
        for (Path p : segments()) {
            long n = segmentNumber(p);
            last = Math.max(last, n);
            if (n < mark.segment()) {
                delete(p);
                continue;
            }
            rows += replay(p, n, n == mark.segment() ? mark.offset() : 0, fold);
        }
        if (rows > 0) {
            int recovered = rows;
            LOG.info(() -> "storage: wrote " + recovered + " usage row(s) left in the journal by the previous run");
        }
        folded(new Mark(last + 1, 0), false);
        return last;
    }

    private int replay(Path file, long segmentNo, long from, Fold fold) throws IOException {
        byte[] all = Files.readAllBytes(file);
        List<UsageRepository.Write> batch = new ArrayList<>();
        int rows = 0;
        int lineStart = (int) Math.min(from, all.length);
        for (int i = lineStart; i < all.length; i++) {
            if (all[i] != '\n') {
                continue;
            }
            String line = new String(all, lineStart, i - lineStart, StandardCharsets.UTF_8);
            int lineNo = lineStart;
            lineStart = i + 1;
            if (line.isBlank()) {
                continue;
            }
            try {
                batch.add(decode(line));
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "storage: skipping an unreadable usage row at byte " + lineNo + " of " + file
                        + ": " + e.getMessage());
                continue;
            }
            if (batch.size() == RECOVERY_BATCH) {
                fold.fold(batch, id, new Mark(segmentNo, lineStart));
                rows += batch.size();
                batch = new ArrayList<>();
            }
        }
        // An unterminated last line was cut by a kill before its write returned: its caller never got an answer.
        fold.fold(batch, id, new Mark(segmentNo, lineStart));
        return rows + batch.size();
    }

    private void startSegment(long n) throws IOException {
        if (segment != null) {
            segment.close();
        }
        segment = FileChannel.open(dir.resolve(String.format("segment-%012d.jsonl", n)), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        segmentNo = n;
        position = 0;
    }

    private List<Path> segments() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> SEGMENT.matcher(p.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long segmentNumber(Path p) {
        Matcher m = SEGMENT.matcher(p.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(p.toString());
        }
        return Long.parseLong(m.group(1));
    }

    private void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.warning(() -> "storage: cannot delete the folded journal segment " + p + ": " + e.getMessage());
        }
    }

    private static String readOrCreateId(Path dir) throws IOException {
        Path file = dir.resolve("journal.id");
        if (Files.exists(file)) {
            String id = Files.readString(file).trim();
            if (id.matches("[0-9a-f-]{36}")) {
                return id;
            }
        }
        String id = UUID.randomUUID().toString();
        Path tmp = dir.resolve("journal.id.tmp");
        Files.writeString(tmp, id);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return id;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (segment != null) {
                segment.close();
            }
            if (lock != null) {
                lock.release();
            }
            if (lockChannel != null) {
                lockChannel.close();
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "storage: closing the usage journal failed", e);
        }
    }
}
