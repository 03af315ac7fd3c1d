package dev.switchboard.kernel.store;

import dev.switchboard.testkit.PostgresCluster;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The databases the storage tests run on ({@link BothDatabases}): embedded H2, and a real PostgreSQL (the test
 * JVM's {@link PostgresCluster}, a new schema for each database a test asks for). Without PostgreSQL installed the
 * PostgreSQL runs are skipped with a message ({@code SWITCHBOARD_REQUIRE_POSTGRES=1} makes that a failure).
 */
public enum StoreBackend {
    H2,
    POSTGRESQL;

    /** A new, empty database that lives as long as a store has it open (H2 in memory). */
    public StorageSettings fresh(Path dataDir) {
        StorageSettings s = StorageSettings.of(dataDir);
        return this == H2 ? s.withJdbcUrl("jdbc:h2:mem:test-" + UUID.randomUUID()) : postgres(s);
    }

    /** A new, empty database that outlives the store: reopened later in the same test (H2 in a file). */
    public StorageSettings durable(Path dataDir) {
        StorageSettings s = StorageSettings.of(dataDir);
        return this == H2 ? s : postgres(s);
    }

    /** True when several gateways may share the database (its rules for keys and admin passwords apply). */
    public boolean shared() {
        return this == POSTGRESQL;
    }

    private static StorageSettings postgres(StorageSettings s) {
        return s.withJdbcUrl(PostgresCluster.get().newSchema())
                .withCredentials(PostgresCluster.USER, PostgresCluster.PASSWORD);
    }
}
