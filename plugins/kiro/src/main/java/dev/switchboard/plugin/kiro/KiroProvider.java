package dev.switchboard.plugin.kiro;

import dev.switchboard.plugin.kiro.auth.AccountValidator;
import dev.switchboard.plugin.kiro.auth.KiroCredentials;
import dev.switchboard.plugin.kiro.auth.KiroTokenRefresher;
import dev.switchboard.plugin.kiro.auth.OidcClient;
import dev.switchboard.plugin.kiro.auth.SocialAuthClient;
import dev.switchboard.plugin.kiro.convert.KiroRequest;
import dev.switchboard.plugin.kiro.convert.KiroRequestConverter;
import dev.switchboard.plugin.kiro.flow.KiroFlows;
import dev.switchboard.plugin.kiro.stream.KiroStreamDecoder;
import dev.switchboard.plugin.kiro.usage.KiroUsageProbe;
import dev.switchboard.plugin.kiro.usage.UsageLimitsClient;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountFlow;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.CredentialRefresher;
import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UsageProbe;
import dev.switchboard.spi.model.ChatRequest;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * One {@code kiro} provider instance: Kiro IDE accounts on the CodeWhisperer {@code generateAssistantResponse} API
 * (plugins/kiro/README.md). {@link #prepare} converts the canonical request to {@code conversationState} and hands back
 * a fresh {@link KiroStreamDecoder} for the binary event stream (Kiro always streams; the kernel folds it for unary
 * clients) and a per-call classifier that knows the request's token estimate. Token refresh, the usage probe, the
 * health check and the add-account flows hang off it.
 *
 * <p>Thread-safe: every per-request object is created in {@link #prepare}.
 */
public final class KiroProvider implements Provider {
    private final ProviderContext ctx;
    private final KiroSettings settings;
    private final Logger log;
    private final KiroRequestConverter converter;
    private final KiroErrorClassifier classifier;
    private final KiroTokenRefresher refresher;
    private final KiroUsageProbe usageProbe;
    private final KiroHealthCheck healthCheck;
    private final KiroFlows flows;

    /**
     * Builds an instance from its configuration.
     *
     * @throws ConfigException naming the offending key
     */
    public KiroProvider(ProviderContext ctx) throws ConfigException {
        this(ctx, KiroSettings.fromConfig(ctx.config()));
    }

    KiroProvider(ProviderContext ctx, KiroSettings settings) {
        this.ctx = ctx;
        this.settings = settings;
        this.log = ctx.logger();
        this.converter = new KiroRequestConverter(settings.conversion(), ctx.tokenCounter(), log);
        this.classifier = KiroErrorClassifier.generic(ctx.clock(), log);
        SocialAuthClient social = new SocialAuthClient(ctx.transport(), settings.endpoints(), settings.identity(),
                ctx.clock());
        OidcClient oidc = new OidcClient(ctx.transport(), settings.endpoints());
        this.refresher = new KiroTokenRefresher(social, oidc, ctx.clock(), settings.refreshMargin(), log);
        UsageLimitsClient usage = new UsageLimitsClient(ctx.transport(), settings.endpoints(), settings.identity(),
                classifier, settings.apiRegion(), settings.allowOverage(), ctx.clock());
        this.usageProbe = new KiroUsageProbe(usage, log);
        this.healthCheck = new KiroHealthCheck(this, usageProbe, ctx.transport(), settings);
        this.flows = new KiroFlows(ctx, settings, refresher, usage, oidc, social);
    }

    /** The parsed settings. */
    public KiroSettings settings() {
        return settings;
    }

    @Override
    public List<String> models() {
        return settings.models().names();
    }

    @Override
    public Optional<String> resolveModel(String requestedModel) {
        return settings.models().find(requestedModel).map(KiroModels.KiroModel::modelId);
    }

    @Override
    public UpstreamCall prepare(ChatRequest request, String upstreamModel, Account account, ClientRequest client)
            throws GatewayException {
        if (account == null) {
            throw new GatewayException(ErrorKind.INTERNAL, "the kiro provider needs a pooled account");
        }
        KiroCredentials c = KiroCredentials.of(account);
        if (c.accessToken() == null) {
            throw new GatewayException(ErrorKind.UPSTREAM_AUTH,
                    "Kiro account '" + account.name() + "' has no access token yet; it needs a refresh");
        }
        KiroModels.KiroModel model = settings.models().require(upstreamModel);
        KiroRequest converted = converter.convert(request, model, c.profileArnToSend());
        UpstreamRequest http = new UpstreamRequest("POST",
                settings.endpoints().chatUri(c.apiRegion(settings.apiRegion())),
                settings.identity().apiHeaders(c.accessToken(), c.machineIdOr(KiroTokenRefresher.seed(account))),
                converted.bytes(), null, null, null);
        KiroErrorClassifier errors = KiroErrorClassifier.forCall(converted.inputTokens(), model.contextWindow(),
                account.quota() == null ? null : account.quota().resetsAt(), ctx.clock(), log);
        KiroStreamDecoder decoder = new KiroStreamDecoder(converted, request.model(), ctx.tokenCounter(), errors,
                log);
        log.fine(() -> "Kiro request for '" + account.name() + "': model " + model.modelId() + ", conversation "
                + converted.conversationId() + ", " + converted.bytes().length + " bytes, ~"
                + converted.inputTokens() + " input tokens");
        return UpstreamCall.converted(http, decoder, true).withErrorClassifier(errors);
    }

    @Override
    public ErrorClassifier errorClassifier() {
        return classifier;
    }

    @Override
    public Optional<CredentialRefresher> credentialRefresher() {
        return Optional.of(refresher);
    }

    @Override
    public Optional<AccountHealthCheck> healthCheck() {
        return Optional.of(healthCheck);
    }

    @Override
    public Optional<UsageProbe> usageProbe() {
        return Optional.of(usageProbe);
    }

    @Override
    public List<AccountFlow> flows() {
        return flows.flows();
    }

    /** The flows with their sweeper (tests drive the purge through it). */
    public KiroFlows flowRegistry() {
        return flows;
    }

    @Override
    public void validateAccount(PluginConfig entry) throws ConfigException {
        AccountValidator.validate(entry);
    }

    @Override
    public void close() {
        flows.close();
    }
}
