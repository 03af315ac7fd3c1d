package dev.switchboard.kernel.store;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The two databases the store runs on, and the few SQL texts that differ between them. Everything else is the same
 * SQL on both. H2 is embedded and serves one gateway; PostgreSQL is a server that several gateways share, which
 * turns on the shared-state machinery (notifications, cross-instance locks, shared rate and quota counters).
 * Stateless; thread-safe.
 */
public enum DatabaseVendor {
    H2("h2", "jdbc:h2:"),
    POSTGRESQL("postgresql", "jdbc:postgresql:");

    /** {@code password=...} in a URL's query or H2's {@code ;PASSWORD=...}: masked wherever a URL is shown. */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    private final String directory;
    private final String prefix;

    DatabaseVendor(String directory, String prefix) {
        this.directory = directory;
        this.prefix = prefix;
    }

    /**
     * The vendor of a JDBC URL.
     *
     * @throws IllegalArgumentException for any other database
     */
    public static DatabaseVendor of(String jdbcUrl) {
        for (DatabaseVendor v : values()) {
            if (jdbcUrl.regionMatches(true, 0, v.prefix, 0, v.prefix.length())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unsupported database URL " + redact(jdbcUrl)
                + ": use jdbc:h2:... (embedded) or jdbc:postgresql://host:port/database");
    }

    /** The directory of this vendor's own migration files under {@code db/migration/}. */
    public String directory() {
        return directory;
    }

    /** True when several gateways may use the database at once (a server database). */
    public boolean shared() {
        return this == POSTGRESQL;
    }

    /** The URL with any password in it masked, for logs and messages. */
    public static String redact(String jdbcUrl) {
        return jdbcUrl == null ? null : URL_PASSWORD.matcher(jdbcUrl).replaceAll("$1***");
    }

    /**
     * Inserts a row or replaces the row with the same key, atomically: H2's {@code MERGE ... KEY}, PostgreSQL's
     * {@code INSERT ... ON CONFLICT DO UPDATE} (its own {@code MERGE} is not safe against concurrent inserts of
     * the same key).
     *
     * @param key     the unique key's columns (a primary key or a unique index)
     * @param columns every column written, key columns included
     * @param values  the value of each column, in the same order (usually a named parameter such as {@code :ts})
     */
    public String upsert(String table, List<String> key, List<String> columns, List<String> values) {
        if (columns.size() != values.size()) {
            throw new IllegalArgumentException(columns.size() + " columns but " + values.size() + " values");
        }
        String cols = String.join(", ", columns);
        String vals = String.join(", ", values);
        if (this == H2) {
            return "MERGE INTO " + table + "(" + cols + ") KEY (" + String.join(", ", key) + ") VALUES (" + vals + ")";
        }
        String updates = columns.stream().filter(c -> !key.contains(c)).map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
        return "INSERT INTO " + table + "(" + cols + ") VALUES (" + vals + ") ON CONFLICT (" + String.join(", ", key)
                + ") DO " + (updates.isEmpty() ? "NOTHING" : "UPDATE SET " + updates);
    }

    /** The UTC hour of a {@code TIMESTAMP WITH TIME ZONE} column as {@code YYYY-MM-DDTHH:00:00Z}. */
    public String utcHour(String column) {
        return this == H2
                ? "FORMATDATETIME(" + column + ", 'yyyy-MM-dd''T''HH'':00:00Z''', 'en', 'UTC')"
                : "TO_CHAR(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24\":00:00Z\"')";
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
