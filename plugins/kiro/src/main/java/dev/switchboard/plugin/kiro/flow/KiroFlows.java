package dev.switchboard.plugin.kiro.flow;

import dev.switchboard.plugin.kiro.KiroSettings;
import dev.switchboard.plugin.kiro.auth.KiroTokenRefresher;
import dev.switchboard.plugin.kiro.auth.OidcClient;
import dev.switchboard.plugin.kiro.auth.SocialAuthClient;
import dev.switchboard.plugin.kiro.usage.UsageLimitsClient;
import dev.switchboard.spi.AccountFlow;
import dev.switchboard.spi.ProviderContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

/**
 * The add-account flows of one {@code kiro} instance ({@code import}, {@code device-code}, {@code social}) and the
 * sweeper that purges their records and stops idle callback listeners {@code flow-ttl} after they started, even when
 * nobody asks about them again. Expiry is measured with the injectable clock; the sweeper only decides how often to
 * look. Thread-safe; {@link #close()} stops everything.
 */
public final class KiroFlows implements AutoCloseable {
    private final FlowStore<ImportFlow.ImportSession> imports;
    private final FlowStore<DeviceCodeFlow.DeviceSession> devices;
    private final FlowStore<SocialLoginFlow.SocialSession> socials;
    private final List<AccountFlow> flows;
    private final ScheduledExecutorService sweeper;

    public KiroFlows(ProviderContext ctx, KiroSettings settings, KiroTokenRefresher refresher,
                     UsageLimitsClient usage, OidcClient oidc, SocialAuthClient social) {
        var log = ctx.logger();
        AccountRegistrar registrar = new AccountRegistrar(ctx.credentials(), refresher, usage, ctx.clock(),
                settings.refreshMargin(), ctx.instanceId(), log);
        this.imports = new FlowStore<>(ctx.clock(), settings.flowTtl(), log);
        this.devices = new FlowStore<>(ctx.clock(), settings.flowTtl(), log);
        this.socials = new FlowStore<>(ctx.clock(), settings.flowTtl(), log);
        this.flows = List.of(
                new ImportFlow(registrar, imports, ctx.clock(), log),
                new DeviceCodeFlow(oidc, registrar, devices, settings, ctx.clock(), ctx.sleeper(), log),
                new SocialLoginFlow(social, registrar, socials, settings, ctx.clock(), log));
        long period = sweepPeriod(settings.flowTtl()).toSeconds();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kiro-flow-sweeper-" + ctx.instanceId());
            t.setDaemon(true);
            return t;
        });
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                sweep();
            } catch (RuntimeException e) {
                log.log(Level.WARNING, "sweeping Kiro flows failed", e);
            }
        }, period, period, TimeUnit.SECONDS);
    }

    /** The flows, in admin-listing order. */
    public List<AccountFlow> flows() {
        return flows;
    }

    /** Times out and purges flows older than {@code flow-ttl}. */
    public void sweep() {
        imports.sweep();
        devices.sweep();
        socials.sweep();
    }

    /** Flow records currently held (for tests of the purge). */
    public int liveFlows() {
        return imports.size() + devices.size() + socials.size();
    }

    /** How often the sweeper looks: a tenth of the TTL, between 1 and 30 seconds. */
    static Duration sweepPeriod(Duration ttl) {
        return Duration.ofSeconds(Math.max(1, Math.min(30, ttl.dividedBy(10).toSeconds())));
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        imports.closeAll();
        devices.closeAll();
        socials.closeAll();
    }
}
