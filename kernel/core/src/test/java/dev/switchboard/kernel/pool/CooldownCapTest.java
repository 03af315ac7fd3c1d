package dev.switchboard.kernel.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** An upstream's Retry-After cools an account for at most max-cooldown; a quota keeps its own reset time. */
class CooldownCapTest {

    /** A pool with the one account "a". */
    private static AccountPool oneAccount(PoolTestSupport t) {
        t.add("a", 1, 1);
        AccountPool pool = t.pool("round-robin", false, 0);
        pool.reload();
        return pool;
    }

    private static GatewayException rateLimited(Duration retryAfter) {
        return GatewayException.builder(ErrorKind.UPSTREAM_RATE_LIMITED).retryAfter(retryAfter).build();
    }

    @Test
    void aHugeRetryAfterCoolsForAtMostMaxCooldown() {
        PoolTestSupport t = new PoolTestSupport();
        AccountPool pool = oneAccount(t);
        PooledAccount a = pool.find("a");
        pool.applyFailure(a, rateLimited(Duration.ofSeconds(999_999_999)));
        assertEquals(AccountState.COOLING, a.status().state());
        assertEquals(t.clock.instant().plus(Duration.ofHours(1)), a.status().until(), "default max-cooldown: 1h");
        assertEquals(Duration.ofHours(1), pool.soonestRecovery());
    }

    @Test
    void aShortRetryAfterIsHonouredAsIs() {
        PoolTestSupport t = new PoolTestSupport();
        AccountPool pool = oneAccount(t);
        PooledAccount a = pool.find("a");
        pool.applyFailure(a, rateLimited(Duration.ofSeconds(7)));
        assertEquals(t.clock.instant().plusSeconds(7), a.status().until());
        pool.setState(a, AccountState.ACTIVE, null, null);
        pool.applyFailure(a, rateLimited(null));
        assertEquals(t.clock.instant().plusSeconds(60), a.status().until(), "no Retry-After: the pool's cooldown");
    }

    @Test
    void aRateLimitUntilFarAheadIsCappedToo() {
        PoolTestSupport t = new PoolTestSupport();
        AccountPool pool = oneAccount(t);
        PooledAccount a = pool.find("a");
        pool.applyFailure(a, GatewayException.builder(ErrorKind.UPSTREAM_RATE_LIMITED)
                .until(Instant.parse("2058-01-01T00:00:00Z")).build());
        assertEquals(t.clock.instant().plus(Duration.ofHours(1)), a.status().until());
    }

    @Test
    void quotaExhaustionKeepsItsOwnResetTime() {
        PoolTestSupport t = new PoolTestSupport();
        AccountPool pool = oneAccount(t);
        PooledAccount a = pool.find("a");
        Instant reset = t.clock.instant().plus(Duration.ofDays(9));
        pool.applyFailure(a, GatewayException.builder(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED).until(reset)
                .retryAfter(Duration.ofDays(9)).build());
        assertEquals(AccountState.EXHAUSTED, a.status().state());
        assertEquals(reset, a.status().until());
    }

    @Test
    void theClientIsToldTheCappedValue() {
        PoolTestSupport t = new PoolTestSupport();
        AccountPool pool = t.pool("round-robin", false, 0);
        GatewayException raw = rateLimited(Duration.ofSeconds(999_999_999));
        GatewayException capped = pool.capRetryAfter(raw);
        assertEquals(Duration.ofHours(1), capped.retryAfter());
        assertEquals(raw.kind(), capped.kind());
        assertEquals(raw.getMessage(), capped.getMessage());
        GatewayException small = rateLimited(Duration.ofSeconds(3));
        assertSame(small, pool.capRetryAfter(small), "nothing to cap: the same error");
    }

    @Test
    void aCoolingStoredBeforeTheCapIsShortenedOnLoad() {
        PoolTestSupport t = new PoolTestSupport();
        AccountRecord r = t.add("a", 1, 1);
        t.store.updateState(r.id(), AccountState.COOLING, "upstream rate limit", Instant.parse("2058-01-01T00:00:00Z"));
        AccountPool pool = t.pool("round-robin", false, 0);
        pool.reload();
        PooledAccount a = pool.find("a");
        assertEquals(AccountState.COOLING, a.status().state());
        assertEquals(t.clock.instant().plus(Duration.ofHours(1)), a.status().until());
        assertEquals(t.clock.instant().plus(Duration.ofHours(1)), t.store.find("p", "a").orElseThrow().stateUntil(),
                "persisted");
    }
}
