/**
 * The kernel's storage layer: Jdbi over an embedded H2 database (a file under the data directory by
 * default, in memory for tests), numbered SQL migrations, AES-GCM encrypted account credentials and one
 * repository per table.
 *
 * <p>Entry point: {@link dev.switchboard.kernel.store.Store#open}. Every repository is thread-safe;
 * counters are updated with atomic SQL ({@code SET n = n + :d}), never read-then-write, because the
 * read-then-write form loses most updates under concurrency. Database concurrency is
 * bounded by a fair semaphore sized like the connection pool: H2 synchronizes heavily and on JDK 21
 * {@code synchronized} pins virtual threads to their carriers.
 *
 * <p>Time comes from an injected {@link java.time.Clock}, so tests move time by hand. Instants are stored as
 * {@code TIMESTAMP WITH TIME ZONE} at UTC; usage days are UTC calendar days.
 */
package dev.switchboard.kernel.store;
