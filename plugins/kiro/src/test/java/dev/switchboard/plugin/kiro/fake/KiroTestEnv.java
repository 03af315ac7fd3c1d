package dev.switchboard.plugin.kiro.fake;

import dev.switchboard.plugin.kiro.KiroProvider;
import dev.switchboard.plugin.kiro.KiroProviderFactory;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.Sleeper;
import dev.switchboard.testkit.MutableClock;
import dev.switchboard.testkit.ProviderHarness;
import dev.switchboard.testkit.TestProviderContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@code kiro} provider built by its factory against a {@link FakeKiro}, with an injectable clock and a sleeper
 * that records every wait and advances the clock instead of sleeping. Closes both.
 */
public final class KiroTestEnv implements AutoCloseable {
    public final FakeKiro fake;
    public final MutableClock clock = new MutableClock(Instant.parse("2026-05-10T10:00:00Z"));
    public final RecordingSleeper sleeper = new RecordingSleeper(clock);
    public final TestProviderContext ctx;
    public final KiroProvider provider;
    public final ProviderHarness harness;

    public KiroTestEnv() throws ConfigException {
        this(new FakeKiro(), Json.createObjectBuilder());
    }

    /** @param extra instance keys added to (or replacing) the defaults aimed at the fake */
    public KiroTestEnv(FakeKiro fake, JsonObjectBuilder extra) throws ConfigException {
        this.fake = fake;
        String base = fake.baseUrl();
        JsonObjectBuilder cfg = Json.createObjectBuilder()
                .add("id", "kiro-test").add("plugin", "kiro")
                .add("base-url", base)
                .add("endpoints", Json.createObjectBuilder().add("refresh", base + "/refreshToken")
                        .add("oidc", base).add("login", base))
                .add("callback-ports", "0")
                .add("callback-host", "127.0.0.1");
        extra.build().forEach(cfg::add);
        this.ctx = TestProviderContext.create("kiro-test", PluginConfig.of(cfg.build()), clock, sleeper);
        this.provider = (KiroProvider) new KiroProviderFactory().create(ctx);
        this.harness = new ProviderHarness(provider, ctx.transport());
    }

    /** A stored social account with live tokens valid for an hour. */
    public Account social(String name) {
        String[] t = fake.issueSocial();
        return ctx.credentials().upsert(name, Json.createObjectBuilder().add("auth-method", "social")
                .add("access-token", t[0]).add("refresh-token", t[1])
                .add("expires-at", clock.instant().plus(Duration.ofHours(1)).toString())
                .add("profile-arn", FakeKiro.ARN).add("region", "us-east-1").build());
    }

    /** A stored Builder ID account with live tokens and a registered client. */
    public Account builderId(String name, String region) {
        String[] t = fake.issueOidc();
        JsonObject c = Json.createObjectBuilder().add("auth-method", "builder-id")
                .add("access-token", t[0]).add("refresh-token", t[1])
                .add("expires-at", clock.instant().plus(Duration.ofHours(1)).toString())
                .add("client-id", t[2]).add("client-secret", t[3])
                .add("client-secret-expires-at", clock.instant().plus(Duration.ofDays(90)).toString())
                .add("region", region).add("start-url", "https://view.awsapps.com/start").build();
        return ctx.credentials().upsert(name, c);
    }

    @Override
    public void close() {
        provider.close();
        fake.close();
    }

    /** A settable clock. Thread-safe. */
    /** Records each wait and advances the clock by it at once. Thread-safe. */
    public static final class RecordingSleeper implements Sleeper {
        private final MutableClock clock;
        public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

        RecordingSleeper(MutableClock clock) {
            this.clock = clock;
        }

        @Override
        public void sleep(Duration d) throws InterruptedException {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            sleeps.add(d);
            clock.advance(d);
            Thread.sleep(1); // let the test thread run between polls
        }
    }
}
