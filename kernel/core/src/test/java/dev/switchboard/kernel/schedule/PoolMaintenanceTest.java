package dev.switchboard.kernel.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.config.PoolSettings;
import dev.switchboard.kernel.config.ProviderEntry;
import dev.switchboard.kernel.pool.AccountPool;
import dev.switchboard.kernel.pool.RecordingPoolEvents;
import dev.switchboard.kernel.pool.ConversationAffinity;
import dev.switchboard.kernel.pool.MemoryAccountStore;
import dev.switchboard.testkit.MutableClock;
import dev.switchboard.kernel.pool.PooledAccount;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.RefreshCoordinator;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.CredentialRefresher;
import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HealthReport;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.QuotaSnapshot;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UsageProbe;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Scheduled health checks, refresh ahead of expiry and quota sync, driven by a test clock. */
class PoolMaintenanceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final MemoryAccountStore store = new MemoryAccountStore(clock);
    private final AtomicInteger healthChecks = new AtomicInteger();
    private final AtomicReference<GatewayException> healthFailure = new AtomicReference<>();
    private final AtomicReference<String> healthUnknown = new AtomicReference<>();
    private final java.util.concurrent.atomic.AtomicBoolean healthThrows = new java.util.concurrent.atomic.AtomicBoolean();
    private final AtomicInteger refreshes = new AtomicInteger();
    private final AtomicReference<QuotaSnapshot> quota = new AtomicReference<>();
    private AccountPool pool;
    private PoolMaintenance maintenance;

    @BeforeEach
    void build() {
        PoolSettings d = PoolSettings.defaults();
        PoolSettings s = new PoolSettings("round-robin", false, d.cooldown(), 2, Duration.ofMinutes(1),
                Duration.ofMinutes(5), 0, true, Duration.ofMinutes(10), Duration.ofMinutes(2), Duration.ofMinutes(10),
                Duration.ofSeconds(60));
        pool = new AccountPool("p", s, store, clock, new ConversationAffinity(Duration.ofHours(1), 100, clock));
        store.upsertDeclared("p", "a", Jsons.objectBuilder().add("api-key", "k")
                .add("refresh-token", "rt-1").add("expires-at", clock.instant().plus(Duration.ofHours(2)).toString())
                .build(), 1, 1, null, true);
        pool.reload();
        Provider provider = new TestProvider();
        CredentialRefresher refresher = provider.credentialRefresher().orElseThrow();
        ProviderEntry entry = new ProviderEntry("p", "test", true, PluginConfig.of(JsonObject.EMPTY_JSON_OBJECT), null, s,
                List.of());
        maintenance = new PoolMaintenance(new ProviderInstance("p", entry, null, provider, null, pool,
                new RefreshCoordinator(refresher, pool, clock), null), clock);
    }

    private PooledAccount account() {
        return pool.find("a");
    }

    @Test
    void healthChecksRunAtTheirIntervalAndRecoverAccountsCooledByErrors() {
        maintenance.runOnce();
        maintenance.runOnce();
        assertEquals(1, healthChecks.get(), "not again before health-interval");
        clock.advance(Duration.ofMinutes(11));
        maintenance.runOnce();
        assertEquals(2, healthChecks.get());

        pool.setState(account(), AccountState.COOLING, "2 upstream errors within 60s", clock.instant().plusSeconds(300));
        clock.advance(Duration.ofMinutes(3)); // recovery-interval (2 min) passed, the cooldown (5 min) not yet
        maintenance.runOnce();
        assertEquals(AccountState.ACTIVE, account().status().state(), "a passing check recovers it early");
    }

    /** An inconclusive probe (5xx, timeout, unreadable answer) never takes a working account out of service. */
    @Test
    void anInconclusiveHealthCheckLeavesTheAccountActiveAndIsShown() {
        for (ErrorKind kind : new ErrorKind[]{ErrorKind.UPSTREAM_SERVER, ErrorKind.UPSTREAM_OVERLOADED,
                ErrorKind.UPSTREAM_TIMEOUT, ErrorKind.UPSTREAM_CONNECTION, ErrorKind.UPSTREAM_BAD_RESPONSE,
                ErrorKind.NOT_FOUND, ErrorKind.PERMISSION, ErrorKind.INVALID_REQUEST}) {
            healthFailure.set(new GatewayException(kind, "probe says " + kind));
            clock.advance(Duration.ofMinutes(11));
            maintenance.runOnce();
            assertEquals(AccountState.ACTIVE, account().status().state(), kind + " proves nothing about the account");
            JsonObject shown = maintenance.lastReport(account().id());
            assertEquals("unknown", shown.getString("status"));
            assertTrue(shown.getString("detail").contains("probe says " + kind), shown.toString());
        }
        healthUnknown.set("the model list is not JSON");
        healthFailure.set(null);
        clock.advance(Duration.ofMinutes(11));
        maintenance.runOnce();
        assertEquals(AccountState.ACTIVE, account().status().state());
        assertEquals("the model list is not JSON", maintenance.lastReport(account().id()).getString("detail"));
    }

    @Test
    void evidenceAboutTheCredentialAppliesItsAccountEffect() {
        healthFailure.set(GatewayException.builder(ErrorKind.UPSTREAM_RATE_LIMITED).retryAfter(Duration.ofDays(400))
                .build());
        maintenance.runOnce();
        assertEquals(AccountState.COOLING, account().status().state());
        assertEquals(clock.instant().plus(Duration.ofHours(1)), account().status().until(), "capped like traffic");
        assertEquals("unhealthy", maintenance.lastReport(account().id()).getString("status"));
        healthFailure.set(null);
        clock.advance(Duration.ofMinutes(3));
        maintenance.runOnce();
        assertEquals(AccountState.COOLING, account().status().state(),
                "a passing check does not lift a rate-limit cooling early");

        pool.setState(account(), AccountState.ACTIVE, null, null);
        Instant reset = clock.instant().plus(Duration.ofDays(5));
        healthFailure.set(GatewayException.builder(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED).until(reset).build());
        clock.advance(Duration.ofMinutes(11));
        maintenance.runOnce();
        assertEquals(AccountState.EXHAUSTED, account().status().state());
        assertEquals(reset, account().status().until());
    }

    @Test
    void healthCheckAndRefreshOutcomesAreReportedToThePoolsEvents() {
        RecordingPoolEvents events = new RecordingPoolEvents();
        pool.events(events);
        maintenance.runOnce();
        healthFailure.set(new GatewayException(ErrorKind.UPSTREAM_SERVER, "boom"));
        clock.advance(Duration.ofMinutes(11));
        maintenance.runOnce();
        healthFailure.set(new GatewayException(ErrorKind.UPSTREAM_AUTH, "401"));
        maintenance.checkNow(account());
        assertEquals(List.of("health:ok", "health:failed", "health:rejected"), events.seen);
        events.seen.clear();
        pool.setState(account(), AccountState.ACTIVE, null, null);
        healthFailure.set(null);
        clock.advance(Duration.ofMinutes(116));
        maintenance.runOnce();
        assertTrue(events.seen.contains("refresh:ok"), events.seen.toString());
    }

    @Test
    void aRejectedCredentialMakesTheAccountReauthRequired() {
        healthFailure.set(new GatewayException(ErrorKind.UPSTREAM_AUTH, "401"));
        maintenance.runOnce();
        assertEquals(AccountState.REAUTH_REQUIRED, account().status().state());
    }

    @Test
    void aCoolingLeftByAnEarlierVersionsFailedCheckRecoversOnAHealthyOne() {
        pool.setState(account(), AccountState.COOLING, "health check failed: boom", clock.instant().plusSeconds(600));
        maintenance.runOnce();
        assertEquals(AccountState.ACTIVE, account().status().state());
    }

    @Test
    void credentialsAreRefreshedAheadOfExpiryAndPersistedFirst() {
        maintenance.runOnce();
        assertEquals(0, refreshes.get(), "two hours left: not due");
        clock.advance(Duration.ofMinutes(116)); // within the 5-minute margin
        maintenance.runOnce();
        assertEquals(1, refreshes.get());
        assertEquals("rt-2", store.find("p", "a").orElseThrow().credentials().getString("refresh-token"),
                "the rotated token is in the store");
        maintenance.runOnce();
        assertEquals(1, refreshes.get(), "the new token is valid for two more hours");
    }

    @Test
    void quotaSyncExhaustsAndRestoresAccounts() {
        Instant reset = clock.instant().plus(Duration.ofDays(3));
        quota.set(new QuotaSnapshot(100.0, 100.0, reset, "credits"));
        maintenance.runOnce();
        assertEquals(AccountState.EXHAUSTED, account().status().state());
        assertEquals(reset, account().status().until());
        quota.set(new QuotaSnapshot(10.0, 100.0, reset, "credits"));
        clock.advance(Duration.ofMinutes(11));
        maintenance.runOnce();
        assertEquals(AccountState.ACTIVE, account().status().state());
        assertEquals(0.9, account().quota().remainingFraction(), 1e-9);
    }

    @Test
    void adminTestRunsTheCheckNowAndReportsTheVerdict() {
        healthFailure.set(new GatewayException(ErrorKind.UPSTREAM_SERVER, "down"));
        JsonObject r = maintenance.checkNow(account());
        assertEquals("unknown", r.getString("health"));
        assertEquals(false, r.getBoolean("ok"));
        assertEquals("active", r.getString("state"), "an inconclusive test changes nothing");
        assertTrue(r.getString("error").contains("down"), r.toString());
        healthFailure.set(new GatewayException(ErrorKind.UPSTREAM_AUTH, "401"));
        JsonObject bad = maintenance.checkNow(account());
        assertEquals("unhealthy", bad.getString("health"));
        assertEquals("reauth-required", bad.getString("state"));
        healthFailure.set(null);
        JsonObject ok = maintenance.checkNow(account());
        assertEquals("healthy", ok.getString("health"));
        assertEquals(true, ok.getBoolean("ok"));
        assertEquals("active", ok.getString("state"), "a passing test brings the account back");
    }

    @Test
    void aThrowingCheckIsUnknownNotAnOutage() {
        healthThrows.set(true);
        maintenance.runOnce();
        assertEquals(AccountState.ACTIVE, account().status().state());
        assertEquals("unknown", maintenance.lastReport(account().id()).getString("status"));
    }

    /** A provider whose checks, probe and refresher are scripted by the test fields. */
    private final class TestProvider implements Provider {
        @Override
        public List<String> models() {
            return List.of();
        }

        @Override
        public Optional<String> resolveModel(String requestedModel) {
            return Optional.empty();
        }

        @Override
        public UpstreamCall prepare(ChatRequest request, String upstreamModel, Account account, ClientRequest client)
                throws GatewayException {
            throw new GatewayException(ErrorKind.INTERNAL, "not used by these tests");
        }

        @Override
        public ErrorClassifier errorClassifier() {
            return e -> new GatewayException(ErrorKind.UPSTREAM_SERVER, "x");
        }

        @Override
        public Optional<AccountHealthCheck> healthCheck() {
            return Optional.of(a -> {
                healthChecks.incrementAndGet();
                if (healthThrows.get()) {
                    throw new IllegalStateException("plugin defect");
                }
                GatewayException f = healthFailure.get();
                if (f != null) {
                    return HealthReport.failed(f);
                }
                String unknown = healthUnknown.get();
                return unknown != null ? HealthReport.unknown(unknown) : HealthReport.healthy(null);
            });
        }

        @Override
        public Optional<UsageProbe> usageProbe() {
            return Optional.of(a -> {
                QuotaSnapshot q = quota.get();
                if (q == null) {
                    throw new GatewayException(ErrorKind.UPSTREAM_SERVER, "no figures scripted");
                }
                return q;
            });
        }

        @Override
        public Optional<CredentialRefresher> credentialRefresher() {
            return Optional.of(new CredentialRefresher() {
                @Override
                public boolean canRefresh(Account account) {
                    return account.credential("refresh-token") != null;
                }

                @Override
                public Optional<Instant> expiresAt(Account account) {
                    return Optional.of(Instant.parse(account.credential("expires-at")));
                }

                @Override
                public JsonObject refresh(Account account) {
                    int n = refreshes.incrementAndGet();
                    return Jsons.objectBuilder(account.credentials()).add("refresh-token", "rt-" + (n + 1))
                            .add("expires-at", clock.instant().plus(Duration.ofHours(2)).toString()).build();
                }
            });
        }
    }
}
