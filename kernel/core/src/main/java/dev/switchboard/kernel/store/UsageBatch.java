package dev.switchboard.kernel.store;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The usage rows of one fold, bound by position straight on the JDBC connection of the fold's transaction. The
 * folder writes every answered request's row; through Jdbi's named arguments each value of each row was looked up,
 * wrapped and described (an {@code Instant} even formatted as text for the description), which cost about a
 * quarter of a fold under load. The values and their SQL types are the ones the rest of the store binds: instants
 * as {@code TIMESTAMP WITH TIME ZONE} at UTC (see {@link SqlTime}), days as {@code DATE}.
 *
 * <p>Three statements, each prepared on first use: plain rows, a stream's first row, and a stream's row that
 * replaces an earlier one of its key. Not thread-safe: one fold's transaction.
 */
final class UsageBatch implements AutoCloseable {
    /** The columns every row sets, in the order they are bound. */
    static final List<String> COLUMNS = List.of("ts", "day_utc", "client_key_id", "client_key_name", "provider",
            "account_name", "route_model", "upstream_model", "input_tokens", "output_tokens", "cache_creation_tokens",
            "cache_read_tokens", "usage_source", "latency_ms", "ttft_ms", "status", "outcome", "dialect", "stream",
            "error_kind", "cost", "credits");
    /** A stream's row: its key first, then {@link #COLUMNS}. */
    static final List<String> STREAM_COLUMNS = withKey(COLUMNS);

    private final Connection connection;
    private final String insert;
    private final String insertStream;
    private final String upsertStream;
    private PreparedStatement inserts;
    private PreparedStatement streams;
    private PreparedStatement upserts;

    UsageBatch(Connection connection, DatabaseVendor vendor) {
        this.connection = connection;
        this.insert = insert(COLUMNS);
        this.insertStream = insert(STREAM_COLUMNS);
        this.upsertStream = vendor.upsert("usage", List.of("stream_key"), STREAM_COLUMNS, placeholders(STREAM_COLUMNS));
    }

    /** A plain row (no stream key). */
    void insert(UsageRecord r) throws SQLException {
        inserts = inserts == null ? connection.prepareStatement(insert) : inserts;
        bind(inserts, 1, r);
        inserts.addBatch();
    }

    /**
     * A stream's row under {@code streamKey}; {@code mayExist} false inserts it without looking for an earlier row
     * of that key (a duplicate then fails the batch with SQLSTATE 23505).
     */
    void stream(long streamKey, UsageRecord r, boolean mayExist) throws SQLException {
        PreparedStatement s;
        if (mayExist) {
            upserts = upserts == null ? connection.prepareStatement(upsertStream) : upserts;
            s = upserts;
        } else {
            streams = streams == null ? connection.prepareStatement(insertStream) : streams;
            s = streams;
        }
        s.setLong(1, streamKey);
        bind(s, 2, r);
        s.addBatch();
    }

    /** Runs what was added: plain rows, then streams' first rows, then replaced rows. */
    void execute() throws SQLException {
        for (PreparedStatement s : new PreparedStatement[] {inserts, streams, upserts}) {
            if (s != null) {
                s.executeBatch();
            }
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement s : new PreparedStatement[] {inserts, streams, upserts}) {
            try {
                if (s != null) {
                    s.close();
                }
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Binds {@link #COLUMNS} from {@code at}. */
    private static void bind(PreparedStatement s, int at, UsageRecord r) throws SQLException {
        int i = at;
        s.setObject(i++, SqlTime.utc(r.ts()), Types.TIMESTAMP_WITH_TIMEZONE);
        s.setObject(i++, SqlTime.utcDay(r.ts()), Types.DATE);
        setLong(s, i++, r.clientKeyId());
        s.setString(i++, r.clientKeyName());
        s.setString(i++, r.provider());
        s.setString(i++, r.accountName());
        s.setString(i++, r.routeModel());
        s.setString(i++, r.upstreamModel());
        s.setLong(i++, r.usage().inputTokens());
        s.setLong(i++, r.usage().outputTokens());
        s.setLong(i++, r.usage().cacheCreationInputTokens());
        s.setLong(i++, r.usage().cacheReadInputTokens());
        s.setString(i++, r.usage().source().wire());
        setLong(s, i++, r.latencyMs());
        setLong(s, i++, r.ttftMs());
        if (r.status() == null) {
            s.setNull(i++, Types.INTEGER);
        } else {
            s.setInt(i++, r.status());
        }
        s.setString(i++, r.outcome().wire());
        s.setString(i++, dialect(r));
        s.setBoolean(i++, r.stream());
        s.setString(i++, r.errorKindWire());
        BigDecimal cost = r.cost();
        if (cost == null) {
            s.setNull(i++, Types.DECIMAL);
        } else {
            s.setBigDecimal(i++, cost);
        }
        s.setDouble(i, r.usage().credits());
    }

    /** The text a row stores as its dialect (what the width check measures too). */
    static String dialect(UsageRecord r) {
        return r.dialect() == null ? null : r.dialect().name().toLowerCase(Locale.ROOT);
    }

    private static void setLong(PreparedStatement s, int i, Long v) throws SQLException {
        if (v == null) {
            s.setNull(i, Types.BIGINT);
        } else {
            s.setLong(i, v);
        }
    }

    private static String insert(List<String> columns) {
        return "INSERT INTO usage(" + String.join(", ", columns) + ") VALUES ("
                + String.join(", ", placeholders(columns)) + ")";
    }

    private static List<String> placeholders(List<String> columns) {
        return Collections.nCopies(columns.size(), "?");
    }

    private static List<String> withKey(List<String> columns) {
        List<String> all = new ArrayList<>();
        all.add("stream_key");
        all.addAll(columns);
        return List.copyOf(all);
    }
}
