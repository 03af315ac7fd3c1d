package dev.switchboard.kernel.store;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;

/**
 * The kernel's storage, opened once at startup: the database (migrated), the credential cipher (key found,
 * generated on a first start, or startup refused when it cannot be the data's key) and one repository per table,
 * plus what gateways sharing a database coordinate through: {@link #locks()} and {@link #changes()}.
 *
 * <p>Thread-safe; the repositories are shared by all requests. {@link #close()} after the server has stopped.
 */
public final class Store implements AutoCloseable {

    private final Database database;
    private final AccountRepository accounts;
    private final ClientKeyRepository clientKeys;
    private final UsageRepository usage;
    private final UsageRollup usageRollup;
    private final AdminRepository admin;
    private final MetaRepository meta;
    private final java.nio.file.Path dataDir;
    private UsageJournal usageJournal;
    private final RateBucketRepository rateBuckets;
    private final AffinityPinRepository affinityPins;
    private final InstanceLocks locks;
    private final ChangeFeed changes;

    private Store(Database database, CredentialCipher cipher, StorageSettings settings, Clock clock) {
        this.database = database;
        this.dataDir = settings.dataDir();
        if (database.vendor().shared()) {
            String schema = database.jdbi().withHandle(h -> h.createQuery("SELECT current_schema()")
                    .mapTo(String.class).one());
            this.locks = new PostgresLocks(database.jdbi(), schema, settings.maxConnections());
            this.changes = PostgresChangeFeed.of(database, schema);
        } else {
            this.locks = InstanceLocks.LOCAL;
            this.changes = ChangeFeed.NONE;
        }
        this.accounts = new AccountRepository(database.jdbi(), cipher, clock);
        this.clientKeys = new ClientKeyRepository(database.jdbi(), clock);
        this.usage = new UsageRepository(database.jdbi(), clock);
        this.usageRollup = new UsageRollup(database.jdbi(), clock, settings.usageRetentionDays(), locks);
        this.admin = new AdminRepository(database.jdbi(), clock);
        this.meta = new MetaRepository(database.jdbi());
        this.rateBuckets = new RateBucketRepository(database.jdbi());
        this.affinityPins = new AffinityPinRepository(database.jdbi());
        if (database.vendor().shared()) {
            // Every account change made here — by a gateway or a command — reaches the other gateways.
            accounts.onChange(id -> changes.publish(AccountChange.message(id)));
        }
    }

    /** Opens the store with the process environment (see {@link #open(StorageSettings, Clock, Map)}). */
    public static Store open(StorageSettings settings, Clock clock) {
        return open(settings, clock, System.getenv());
    }

    /**
     * Opens the store.
     *
     * @param env the process environment ({@code System.getenv()}), injectable for tests
     * @throws StorageException with an operator-facing message when it cannot start safely
     */
    public static Store open(StorageSettings settings, Clock clock, Map<String, String> env) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(env, "env");
        Database db = Database.open(settings, clock);
        try {
            CredentialCipher cipher = EncryptionKeys.load(db.jdbi(), settings, env);
            Store store = new Store(db, cipher, settings, clock);
            // Rows a killed gateway journaled but had not yet written are in the database before anyone reads it.
            UsageJournal.recoverIfPresent(settings.dataDir(), store.usage::fold, store.meta::get);
            return store;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public Database database() {
        return database;
    }

    public AccountRepository accounts() {
        return accounts;
    }

    public ClientKeyRepository clientKeys() {
        return clientKeys;
    }

    public UsageRepository usage() {
        return usage;
    }

    public UsageRollup usageRollup() {
        return usageRollup;
    }

    public AdminRepository admin() {
        return admin;
    }

    public MetaRepository meta() {
        return meta;
    }

    /** Shared requests-per-minute buckets (used when several gateways share the database). */
    public RateBucketRepository rateBuckets() {
        return rateBuckets;
    }

    /** Shared conversation pins (used when several gateways share the database). */
    public AffinityPinRepository affinityPins() {
        return affinityPins;
    }

    /** Locks between the gateways sharing the database (none on an embedded one). */
    public InstanceLocks locks() {
        return locks;
    }

    /** Messages between the gateways sharing the database ({@link ChangeFeed#NONE} on an embedded one). */
    public ChangeFeed changes() {
        return changes;
    }

    /** True when several gateways may share this database. */
    public boolean shared() {
        return database.vendor().shared();
    }

    /** The data directory (database file, key, usage journal). */
    public java.nio.file.Path dataDirectory() {
        return dataDir;
    }

    /**
     * The usage journal, opened for appending on first use (its lock then keeps other gateways off this data
     * directory's journal until {@link #close()}).
     */
    public synchronized UsageJournal usageJournal() {
        if (usageJournal == null) {
            usageJournal = UsageJournal.open(dataDir, usage::fold, meta::get);
        }
        return usageJournal;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (usageJournal != null) {
                usageJournal.close();
            }
        }
        changes.close();
        database.close();
    }
}
