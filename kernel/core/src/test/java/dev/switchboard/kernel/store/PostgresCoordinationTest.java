package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testkit.PostgresCluster;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What two gateways on one PostgreSQL database coordinate through, with two stores standing in for them: change
 * notifications (own ones dropped, a broken listening connection reconnects and catches up) and instance locks.
 */
class PostgresCoordinationTest {
    @TempDir
    Path dir;
    Store a;
    Store b;

    @BeforeEach
    void open() {
        StorageSettings s = StoreBackend.POSTGRESQL.durable(dir);
        Map<String, String> env = Map.of(EncryptionKeys.ENV_VAR, TestStores.newKey());
        a = Store.open(s, Clock.systemUTC(), env);
        b = Store.open(s, Clock.systemUTC(), env);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static void awaitTrue(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(5);
        }
    }

    @Test
    void anAccountChangeOnOneReachesTheOtherButNotItself() throws Exception {
        List<String> atA = new CopyOnWriteArrayList<>();
        List<String> atB = new CopyOnWriteArrayList<>();
        a.changes().subscribe(atA::add);
        b.changes().subscribe(atB::add);
        awaitTrue("both listen", () -> a.changes().live() && b.changes().live());

        long id = a.accounts().insert(AccountSpec.of("p", "x", jakarta.json.Json.createObjectBuilder()
                .add("api-key", "k").build()), AccountSource.ADMIN).id();
        a.accounts().setState(id, dev.switchboard.spi.AccountState.COOLING, "test", null);
        awaitTrue("B hears both changes", () -> atB.size() >= 2);
        assertEquals(List.of(AccountChange.message(id), AccountChange.message(id)), atB.subList(0, 2));
        b.changes().publish("hello");
        awaitTrue("A hears B", () -> atA.contains("hello"));
        assertFalse(atA.contains(AccountChange.message(id)), "a gateway does not hear itself");
        assertEquals("listening", a.changes().state());
    }

    @Test
    void aBrokenListeningConnectionReconnectsAndCatchesUp() throws Exception {
        AtomicInteger catchUps = new AtomicInteger();
        List<String> heard = new CopyOnWriteArrayList<>();
        b.changes().onGap(catchUps::incrementAndGet);
        b.changes().subscribe(heard::add);
        awaitTrue("B listens", () -> b.changes().live());
        int before = catchUps.get(); // live() comes after the first catch-up, so only a reconnect can raise it
        assertEquals(1, before, "the first connect catches up once");
        PostgresCluster.get().superuser("switchboard_tests", "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                + "WHERE application_name = 'switchboard-listen'");
        awaitTrue("B caught up after reconnecting", () -> catchUps.get() > before && b.changes().live());
        a.changes().publish("after the gap");
        awaitTrue("B hears again", () -> heard.contains("after the gap"));
    }

    @Test
    void anAccountLockExcludesTheOtherGatewayAndItsWaitIsBounded() throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicBoolean inside = new AtomicBoolean();
        Thread holder = Thread.ofVirtual().start(() -> quietly(() -> a.locks().withAccountLock(5, Duration.ofSeconds(30),
                () -> {
                    inside.set(true);
                    held.countDown();
                    release.await();
                    inside.set(false);
                    return null;
                })));
        assertTrue(held.await(30, TimeUnit.SECONDS));
        StorageException timedOut = assertThrows(StorageException.class,
                () -> b.locks().withAccountLock(5, Duration.ofMillis(300), () -> "never"));
        assertTrue(timedOut.getMessage().contains("timed out"), timedOut.getMessage());
        assertEquals("other account", b.locks().withAccountLock(6, Duration.ofSeconds(5), () -> "other account"));

        AtomicBoolean waited = new AtomicBoolean();
        Thread waiter = Thread.ofVirtual().start(() -> quietly(() -> b.locks().withAccountLock(5, Duration.ofSeconds(30),
                () -> {
                    overlapped.set(inside.get());
                    waited.set(true);
                    return null;
                })));
        Thread.sleep(100); // let the waiter queue on the lock; what is asserted does not depend on it
        release.countDown();
        holder.join();
        waiter.join();
        assertTrue(waited.get(), "the waiting gateway got the lock once it was free");
        assertFalse(overlapped.get(), "the second gateway ran only after the first released the lock");
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static void quietly(Work w) {
        try {
            w.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTaskRunsOnOneGatewayAtATime() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = Thread.ofVirtual().start(() -> a.locks().runAlone("chore", () -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertTrue(running.await(30, TimeUnit.SECONDS));
        AtomicBoolean ran = new AtomicBoolean();
        assertFalse(b.locks().runAlone("chore", () -> ran.set(true)), "skipped while the other runs it");
        assertFalse(ran.get());
        assertTrue(b.locks().runAlone("another chore", () -> ran.set(true)));
        release.countDown();
        first.join();
        assertTrue(b.locks().runAlone("chore", () -> { }), "free again");
    }
}
