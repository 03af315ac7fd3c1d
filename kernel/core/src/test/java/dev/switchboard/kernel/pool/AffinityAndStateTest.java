package dev.switchboard.kernel.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.testkit.MutableClock;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Conversation affinity and the account state machine (docs/architecture.md#account-states). */
class AffinityAndStateTest {

    private static AccountPool threeAccounts(PoolTestSupport t) {
        t.add("a", 1, 1);
        t.add("b", 1, 1);
        t.add("c", 1, 1);
        AccountPool pool = t.pool("round-robin", true, 0);
        pool.reload();
        return pool;
    }

    @Test
    void twentyTurnsOfOneConversationStayOnOneAccount() {
        PoolTestSupport t = new PoolTestSupport();
        AccountPool pool = threeAccounts(t);
        String first = PoolTestSupport.pick(pool, "session:1");
        for (int i = 0; i < 19; i++) {
            PoolTestSupport.pick(pool, null); // other traffic moves the round-robin pointer
            assertEquals(first, PoolTestSupport.pick(pool, "session:1"));
        }
    }

    @Test
    void aCooledAccountMovesTheConversationOnceAndItSticks() {
        PoolTestSupport t = new PoolTestSupport();
        AccountPool pool = threeAccounts(t);
        String first = PoolTestSupport.pick(pool, "s");
        pool.setState(pool.find(first), AccountState.COOLING, "429", t.clock.instant().plusSeconds(60));
        String second = PoolTestSupport.pick(pool, "s");
        assertNotEquals(first, second);
        for (int i = 0; i < 5; i++) {
            assertEquals(second, PoolTestSupport.pick(pool, "s"));
        }
        t.clock.advance(Duration.ofSeconds(61));
        assertEquals(second, PoolTestSupport.pick(pool, "s"), "it stays on the new account after the old recovers");
    }

    @Test
    void affinityOutcomesAreCountedAndAMoveIsLoggedWithItsReason() {
        PoolTestSupport t = new PoolTestSupport();
        AccountPool pool = threeAccounts(t);
        RecordingPoolEvents events = new RecordingPoolEvents();
        pool.events(events);
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel() == Level.WARNING) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(AccountPool.class.getName());
        log.addHandler(capture);
        try {
            String conversation = "session-with-\nnewline";
            String first = PoolTestSupport.pick(pool, conversation);
            PoolTestSupport.pick(pool, conversation);
            pool.setState(pool.find(first), AccountState.COOLING, "upstream rate limit", t.clock.instant().plusSeconds(60));
            String second = PoolTestSupport.pick(pool, conversation);
            PoolTestSupport.pick(pool, conversation);
            assertEquals(List.of("affinity:miss", "affinity:hit", "affinity:moved", "affinity:hit"), events.seen);
            assertEquals(1, warnings.size(), warnings.toString());
            String w = warnings.get(0);
            assertTrue(w.contains("moved to account " + second) && w.contains("account " + first + " is cooling until")
                    && w.contains("(upstream rate limit)") && w.contains("prompt cache starts over"), w);
            assertTrue(!w.contains(conversation) && w.matches("conversation [0-9a-f]{16} on p .*"),
                    "the client's conversation key is logged as a tag only: " + w);
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    void distinctConversationsStillSpread() {
        PoolTestSupport t = new PoolTestSupport();
        AccountPool pool = threeAccounts(t);
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 9; i++) {
            used.add(PoolTestSupport.pick(pool, "conversation-" + i));
        }
        assertEquals(Set.of("a", "b", "c"), used);
    }

    @Test
    void affinityCanBeSwitchedOff() {
        PoolTestSupport t = new PoolTestSupport();
        t.add("a", 1, 1);
        t.add("b", 1, 1);
        AccountPool pool = t.pool("round-robin", false, 0);
        pool.reload();
        assertNotEquals(PoolTestSupport.pick(pool, "s"), PoolTestSupport.pick(pool, "s"));
    }

    @Test
    void affinityMapIsBounded() {
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        ConversationAffinity map = new ConversationAffinity(Duration.ofMinutes(10), 100, clock);
        for (int i = 0; i < 1000; i++) {
            map.put("c" + i, i);
        }
        assertTrue(map.size() <= 100, "size " + map.size());
        clock.advance(Duration.ofMinutes(11));
        map.put("fresh", 1);
        assertNull(map.get("c999"), "entries expire after the TTL");
    }

    private static Lease lease(AccountPool pool) {
        return pool.acquire(Set.of(), null).lease();
    }

    @Test
    void eachErrorClassHasItsEffect() {
        PoolTestSupport t = new PoolTestSupport();
        t.add("a", 1, 1);
        AccountPool pool = t.pool("round-robin", false, 0);
        pool.reload();
        PooledAccount a = pool.find("a");

        try (Lease l = lease(pool)) {
            l.failure(GatewayException.builder(ErrorKind.UPSTREAM_RATE_LIMITED).retryAfter(Duration.ofSeconds(7)).build());
        }
        assertEquals(AccountState.COOLING, a.status().state());
        assertEquals(t.clock.instant().plusSeconds(7), a.status().until(), "Retry-After is honoured");
        t.clock.advance(Duration.ofSeconds(8));

        try (Lease l = lease(pool)) {
            l.failure(new GatewayException(ErrorKind.UPSTREAM_RATE_LIMITED, "no header"));
        }
        assertEquals(t.clock.instant().plus(pool.settings().cooldown()), a.status().until(), "default cooldown");
        t.clock.advance(pool.settings().cooldown().plusSeconds(1));

        Instant reset = t.clock.instant().plus(Duration.ofDays(3));
        try (Lease l = lease(pool)) {
            l.failure(GatewayException.builder(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED).until(reset).build());
        }
        assertEquals(AccountState.EXHAUSTED, a.status().state());
        assertEquals(reset, a.status().until());
        pool.setState(a, AccountState.ACTIVE, null, null);

        for (ErrorKind client : new ErrorKind[]{ErrorKind.INVALID_REQUEST, ErrorKind.CONTEXT_TOO_LONG,
                ErrorKind.PERMISSION, ErrorKind.NOT_FOUND}) {
            try (Lease l = lease(pool)) {
                l.failure(new GatewayException(client, "client mistake"));
            }
            assertEquals(AccountState.ACTIVE, a.status().state(), client + " never touches the account");
        }
        assertEquals(0, t.store.find("p", "a").orElseThrow().errorCount());

        for (int i = 0; i < pool.settings().errorThreshold() - 1; i++) {
            try (Lease l = lease(pool)) {
                l.failure(new GatewayException(ErrorKind.UPSTREAM_SERVER, "500"));
            }
            assertEquals(AccountState.ACTIVE, a.status().state(), "errors below the threshold only count");
        }
        try (Lease l = lease(pool)) {
            l.failure(new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "timeout"));
        }
        assertEquals(AccountState.COOLING, a.status().state(), "N errors in the window cool the account");
        assertEquals(3, t.store.find("p", "a").orElseThrow().errorCount());
        t.clock.advance(pool.settings().errorCooldown().plusSeconds(1));

        try (Lease l = lease(pool)) {
            l.failure(new GatewayException(ErrorKind.UPSTREAM_AUTH, "401"));
        }
        assertEquals(AccountState.REAUTH_REQUIRED, a.status().state());
        assertNull(pool.acquire(Set.of(), null).lease(), "reauth-required accounts are out of the pool");
        pool.setState(a, AccountState.ACTIVE, null, null);
        try (Lease l = lease(pool)) {
            l.failure(new GatewayException(ErrorKind.UPSTREAM_BANNED, "suspended"));
        }
        assertEquals(AccountState.BANNED, a.status().state());
        assertEquals(AccountState.BANNED, t.store.find("p", "a").orElseThrow().state(), "state changes are persisted");
    }

    @Test
    void aSuccessResetsTheErrorWindow() {
        PoolTestSupport t = new PoolTestSupport();
        t.add("a", 1, 1);
        AccountPool pool = t.pool("round-robin", false, 0);
        pool.reload();
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < pool.settings().errorThreshold() - 1; i++) {
                try (Lease l = lease(pool)) {
                    l.failure(new GatewayException(ErrorKind.UPSTREAM_SERVER, "500"));
                }
            }
            PoolTestSupport.pick(pool, null);
        }
        assertEquals(AccountState.ACTIVE, pool.find("a").status().state());
    }
}
