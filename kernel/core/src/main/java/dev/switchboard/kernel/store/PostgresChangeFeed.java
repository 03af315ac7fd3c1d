package dev.switchboard.kernel.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * {@link ChangeFeed} on PostgreSQL's LISTEN/NOTIFY. Messages go out with {@code pg_notify} on a pooled connection
 * (delivered once the statement commits, so after the change it announces); one dedicated connection, outside the
 * pool, listens on a channel named after the schema. Each message carries this gateway's random id, so its own
 * come back and are dropped. When the listening connection fails, the feed reconnects with a growing pause (up to
 * 5 s) and runs every catch-up once it listens again, and is {@link #live} only after them; an idle connection is
 * checked every 5 s, so a dead one is noticed even when nothing is sent.
 *
 * <p>Thread-safe: {@link #publish} from any thread; listeners run on the feed's own thread.
 */
public final class PostgresChangeFeed implements ChangeFeed {
    private static final Logger LOG = Logger.getLogger(PostgresChangeFeed.class.getName());
    private static final int WAIT_MILLIS = 500;
    private static final Duration PING_EVERY = Duration.ofSeconds(5);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(5);

    private final Jdbi jdbi;
    private final StorageSettings settings;
    private final String channel;
    private final String instance = Secrets.randomBase62(12);
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> catchUps = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean live;
    private volatile boolean closed;
    private volatile Connection connection;

    private PostgresChangeFeed(Jdbi jdbi, StorageSettings settings, String channel) {
        this.jdbi = jdbi;
        this.settings = settings;
        this.channel = channel;
        this.thread = Thread.ofPlatform().daemon().name("storage-change-feed").unstarted(this::run);
    }

    /**
     * The feed of the database's current schema. It publishes at once; it listens (one more connection) only from
     * the first {@link #subscribe}, so a command-line tool that only changes things opens none.
     */
    static PostgresChangeFeed of(Database db, String schema) {
        return new PostgresChangeFeed(db.jdbi(), db.settings(), channelOf(schema));
    }

    /** {@code switchboard_<schema>} reduced to what an unquoted identifier may hold, at most 63 characters. */
    static String channelOf(String schema) {
        String c = ("switchboard_" + schema).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return c.length() <= 63 ? c : c.substring(0, 63);
    }

    @Override
    public void publish(String message) {
        if (closed) {
            return;
        }
        try {
            jdbi.useHandle(h -> h.createQuery("SELECT 1 FROM (SELECT pg_notify(:c, :m)) AS sent").bind("c", channel)
                    .bind("m", instance + "|" + message).mapTo(Integer.class).one());
        } catch (RuntimeException e) {
            LOG.warning(() -> "storage: a change notification could not be sent (" + SqlErrors.describe(e)
                    + "); other gateways pick the change up when they poll");
        }
    }

    @Override
    public synchronized void subscribe(Consumer<String> listener) {
        listeners.add(listener);
        if (!closed && thread.getState() == Thread.State.NEW) {
            thread.start();
        }
    }

    @Override
    public void onGap(Runnable catchUp) {
        catchUps.add(catchUp);
    }

    @Override
    public boolean live() {
        return live;
    }

    @Override
    public String state() {
        return closed ? "off" : live ? "listening" : "reconnecting";
    }

    private void run() {
        Duration pause = Duration.ofMillis(100);
        while (!closed) {
            try (Connection c = connect()) {
                connection = c;
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel);
                }
                pause = Duration.ofMillis(100);
                LOG.fine(() -> "storage: listening for changes of other gateways on " + channel);
                // Live only once caught up: whoever sees live() may rely on everything before it having been read.
                catchUps.forEach(PostgresChangeFeed::runQuietly);
                live = true;
                listen(c);
            } catch (SQLException | RuntimeException e) {
                if (closed) {
                    break;
                }
                boolean wasLive = live;
                live = false;
                if (wasLive) {
                    LOG.warning(() -> "storage: lost the change notifications of other gateways ("
                            + SqlErrors.describe(e) + "); polling until they are back");
                }
            } finally {
                live = false;
                connection = null;
            }
            if (closed) {
                break;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                if (closed) {
                    break;
                }
            }
            pause = pause.multipliedBy(2).compareTo(MAX_PAUSE) > 0 ? MAX_PAUSE : pause.multipliedBy(2);
        }
    }

    private void listen(Connection c) throws SQLException {
        PGConnection pg = c.unwrap(PGConnection.class);
        long lastPing = System.nanoTime();
        while (!closed) {
            PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
            if (received != null) {
                for (PGNotification n : received) {
                    deliver(n.getParameter());
                }
            }
            if (System.nanoTime() - lastPing > PING_EVERY.toNanos()) {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
                lastPing = System.nanoTime();
            }
        }
    }

    private void deliver(String payload) {
        int bar = payload.indexOf('|');
        if (bar < 0 || payload.regionMatches(0, instance, 0, bar) && bar == instance.length()) {
            return; // not ours to read, or our own
        }
        String message = payload.substring(bar + 1);
        for (Consumer<String> l : listeners) {
            try {
                l.accept(message);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "storage: a change notification could not be applied", e);
            }
        }
    }

    private Connection connect() throws SQLException {
        Properties p = new Properties();
        if (settings.username() != null) {
            p.setProperty("user", settings.username());
        }
        if (settings.password() != null) {
            p.setProperty("password", settings.password());
        }
        p.setProperty("ApplicationName", "switchboard-listen");
        p.setProperty("connectTimeout", Long.toString(Math.max(1, settings.connectTimeout().toSeconds())));
        p.setProperty("tcpKeepAlive", "true");
        return DriverManager.getConnection(settings.effectiveJdbcUrl(), p);
    }

    private static void runQuietly(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "storage: catching up with other gateways' changes failed", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        live = false;
        Connection c = connection;
        if (c != null) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.log(Level.FINE, "closing the listening connection", e);
            }
        }
        synchronized (this) {
            if (thread.getState() == Thread.State.NEW) {
                return;
            }
        }
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
