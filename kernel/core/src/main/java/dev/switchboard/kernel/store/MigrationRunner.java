package dev.switchboard.kernel.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Applies the numbered SQL migrations on the classpath ({@code db/migration/V1__init.sql}, ...) in order and
 * records each in {@code schema_version} with a checksum. Running it again applies nothing (idempotent);
 * an applied migration whose file changed, or a database from a newer release, stops startup.
 *
 * <p>Why not Flyway: this runner is about fifty lines and does all the gateway needs (ordered files, a version
 * table, checksums); Flyway would add a megabyte-sized dependency and its own configuration to the distribution.
 *
 * <p>Class loaders cannot list a directory inside a jar, so the files are named in {@code db/migration/index.txt}
 * (one per line, in order); a test checks that the index names every file in the directory.
 *
 * <p>Not thread-safe: run once, at startup, before the database is shared.
 */
final class MigrationRunner {

    private static final Logger LOG = Logger.getLogger(MigrationRunner.class.getName());
    static final String DIRECTORY = "db/migration/";
    static final String INDEX = DIRECTORY + "index.txt";
    static final Pattern FILE_NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    /** One migration file; {@code checksum} is the SHA-256 of its text with line endings normalised. */
    record Migration(int version, String file, String sql, String checksum) {
    }

    private final Jdbi jdbi;
    private final Clock clock;

    MigrationRunner(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** Applies every pending migration; returns how many were applied. */
    int migrate() {
        List<Migration> available = available();
        jdbi.useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS schema_version (version INT PRIMARY KEY, "
                + "file VARCHAR(200) NOT NULL, checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)"));
        Map<Integer, String> applied = jdbi.withHandle(h -> h.createQuery("SELECT version, checksum FROM schema_version")
                .map((rs, ctx) -> Map.entry(rs.getInt(1), rs.getString(2)))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
        for (Map.Entry<Integer, String> e : applied.entrySet()) {
            if (e.getKey() > available.size()) {
                throw new StorageException("the database has schema version " + e.getKey() + " but this Switchboard "
                        + "knows versions up to " + available.size() + ": it was written by a newer release");
            }
            Migration m = available.get(e.getKey() - 1);
            if (!m.checksum().equals(e.getValue())) {
                throw new StorageException("migration " + m.file() + " was changed after it was applied to this database "
                        + "(checksum " + e.getValue() + " recorded, " + m.checksum() + " now); restore the original file");
            }
        }
        int count = 0;
        for (Migration m : available) {
            if (applied.containsKey(m.version())) {
                continue;
            }
            // H2 commits DDL implicitly, so a failed migration may be half applied; it is not recorded and
            // startup stops, so the operator sees it rather than running on a partial schema.
            try {
                jdbi.useTransaction(h -> {
                    h.createScript(m.sql()).executeAsSeparateStatements();
                    h.createUpdate("INSERT INTO schema_version(version, file, checksum, applied_at) "
                                    + "VALUES (:v, :f, :c, :t)")
                            .bind("v", m.version()).bind("f", m.file()).bind("c", m.checksum())
                            .bind("t", clock.instant()).execute();
                });
            } catch (RuntimeException e) {
                throw new StorageException("migration " + m.file() + " failed: " + e.getMessage(), e);
            }
            LOG.info(() -> "storage: applied migration " + m.file());
            count++;
        }
        return count;
    }

    /** The migrations named in the index, checked to be V1, V2, ... without gaps. */
    static List<Migration> available() {
        List<Migration> out = new ArrayList<>();
        for (String line : resource(INDEX).split("\n")) {
            String file = line.strip();
            if (file.isEmpty() || file.startsWith("#")) {
                continue;
            }
            Matcher m = FILE_NAME.matcher(file);
            if (!m.matches()) {
                throw new StorageException("bad migration file name in " + INDEX + ": " + file);
            }
            int version = Integer.parseInt(m.group(1));
            if (version != out.size() + 1) {
                throw new StorageException(INDEX + " lists " + file + " where version " + (out.size() + 1) + " belongs");
            }
            String sql = resource(DIRECTORY + file);
            out.add(new Migration(version, file, sql, Secrets.sha256Hex(sql.getBytes(StandardCharsets.UTF_8))));
        }
        return out;
    }

    /** A classpath text resource with CRLF turned into LF, so a Windows checkout has the same checksum. */
    private static String resource(String name) {
        try (InputStream in = MigrationRunner.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new StorageException("missing classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new StorageException("cannot read classpath resource " + name + ": " + e.getMessage(), e);
        }
    }
}
