package dev.switchboard.kernel.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The schema migrations as {@code db/migration/index.txt} lists them, one file per line in order. A line
 * {@code V6__shared_state.sql} is a file both databases run; a line {@code postgresql/V7__x.sql} (or {@code h2/...})
 * is a file only that database runs, for the few statements whose SQL differs — each database then needs its own
 * file of that version. For each database the versions are V1, V2, ... without gaps.
 *
 * <p>Class loaders cannot list a directory inside a jar, so the index names the files; a test checks that it names
 * every file there. Immutable; thread-safe.
 */
final class MigrationIndex {

    static final String DIRECTORY = "db/migration/";
    static final String INDEX = DIRECTORY + "index.txt";
    static final Pattern FILE_NAME = Pattern.compile("(?:(h2|postgresql)/)?V(\\d+)__(\\w+)\\.sql");

    /**
     * One migration file.
     *
     * @param path          the path under {@code db/migration/} ({@code V1__init.sql}, {@code postgresql/V7__x.sql})
     * @param vendor        the only database that runs it, or null for both
     * @param sql           its text with line endings normalised to LF (a Windows checkout checks out the same)
     * @param legacyChecksum the SHA-256 the pre-Flyway runner recorded for it in {@code schema_version}
     */
    record Migration(int version, String path, DatabaseVendor vendor, String sql, String legacyChecksum) {
        String fileName() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    private final List<Migration> all;

    private MigrationIndex(List<Migration> all) {
        this.all = List.copyOf(all);
    }

    /** The index on the class path. */
    static MigrationIndex load() {
        List<Migration> out = new ArrayList<>();
        for (String line : resource(INDEX).split("\n")) {
            String path = line.strip();
            if (path.isEmpty() || path.startsWith("#")) {
                continue;
            }
            Matcher m = FILE_NAME.matcher(path);
            if (!m.matches()) {
                throw new StorageException("bad migration file name in " + INDEX + ": " + path);
            }
            DatabaseVendor vendor = m.group(1) == null ? null : DatabaseVendor.valueOf(m.group(1).toUpperCase(
                    java.util.Locale.ROOT));
            String sql = resource(DIRECTORY + path);
            out.add(new Migration(Integer.parseInt(m.group(2)), path, vendor, sql,
                    Secrets.sha256Hex(sql.getBytes(StandardCharsets.UTF_8))));
        }
        MigrationIndex index = new MigrationIndex(out);
        for (DatabaseVendor v : DatabaseVendor.values()) {
            index.forVendor(v); // fails on a gap or a doubled version
        }
        return index;
    }

    /** Every file named in the index, in index order. */
    List<Migration> all() {
        return all;
    }

    /**
     * The migrations {@code vendor} runs, by version.
     *
     * @throws StorageException when its versions are not V1..Vn each exactly once
     */
    List<Migration> forVendor(DatabaseVendor vendor) {
        Map<Integer, Migration> byVersion = new TreeMap<>();
        for (Migration m : all) {
            if (m.vendor() == null || m.vendor() == vendor) {
                Migration before = byVersion.put(m.version(), m);
                if (before != null) {
                    throw new StorageException(INDEX + " lists version " + m.version() + " twice for " + vendor + ": "
                            + before.path() + " and " + m.path());
                }
            }
        }
        int expected = 1;
        for (int v : byVersion.keySet()) {
            if (v != expected) {
                throw new StorageException(INDEX + " has no version " + expected + " for " + vendor
                        + " (the versions must be V1, V2, ... without gaps)");
            }
            expected++;
        }
        return List.copyOf(byVersion.values());
    }

    /** A classpath text resource with CRLF turned into LF, so a Windows checkout has the same checksum. */
    private static String resource(String name) {
        try (InputStream in = MigrationIndex.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new StorageException("missing classpath resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("\r\n", "\n");
        } catch (IOException e) {
            throw new StorageException("cannot read classpath resource " + name + ": " + e.getMessage(), e);
        }
    }
}
