package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HostedToolPolicy;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.wire.HostedToolPolicies;
import dev.switchboard.wire.ThinkingSignatures;
import dev.switchboard.wire.anthropic.AnthropicStreamDecoder;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code anthropic} provider instance. Anthropic clients are relayed: their own body with only the declared
 * edits ({@link RequestEdits#passThrough}), the answer's bytes untouched and tapped for usage — unless their history
 * holds thinking signed by another upstream, which this one would refuse; such a request, and every OpenAI client,
 * is converted through the canonical model with the wire library's Anthropic codecs, which send only signatures this
 * upstream's family issued ({@link ThinkingSignatures}). Translation is pure: a retry on another account calls
 * {@link #prepare} again. Thread-safe.
 */
final class AnthropicProvider implements Provider {
    private final String instanceId;
    private final AnthropicSettings settings;
    private final Logger log;
    private final RequestEdits edits;
    private final ErrorClassifier classifier;
    private final AccountHealthCheck healthCheck;

    AnthropicProvider(ProviderContext ctx, AnthropicSettings settings) {
        this.instanceId = ctx.instanceId();
        this.settings = settings;
        this.log = ctx.logger();
        this.edits = new RequestEdits(settings);
        this.classifier = new AnthropicErrorClassifier(ctx.clock());
        this.healthCheck = new AnthropicHealthCheck(settings, ctx.transport(), classifier);
    }

    @Override
    public List<String> models() {
        return settings.models().listed();
    }

    @Override
    public Optional<String> resolveModel(String requestedModel) {
        return settings.models().resolve(requestedModel);
    }

    /** Anthropic's server tools run here as they are; OpenAI's web search becomes Anthropic's. */
    @Override
    public HostedToolPolicy hostedTools(String upstreamModel) {
        return HostedToolPolicies.ANTHROPIC;
    }

    @Override
    public UpstreamCall prepare(ChatRequest request, String upstreamModel, Account account, ClientRequest client)
            throws GatewayException {
        String model = upstreamModel != null ? upstreamModel
                : settings.models().resolve(request.model()).orElse(request.model());
        List<String> betas = settings.betas().apply(request.betas());
        HttpHeaders clientHeaders = client == null ? null : client.headers();
        HttpHeaders headers = UpstreamHeaders.of(settings, account, clientHeaders, betas);
        Dialect dialect = client == null ? null : client.dialect();
        JsonObject raw = client == null ? null : client.rawBody();
        AnthropicStreamDecoder decoder = new AnthropicStreamDecoder(settings.signatures());
        if (dialect == Dialect.ANTHROPIC && raw != null && !raw.isEmpty()) {
            if (relayable(request)) {
                JsonObject body = edits.passThrough(raw, model);
                boolean stream = Jsons.bool(body, "stream");
                return UpstreamCall.passThrough(post(headers, body), decoder, stream, Dialect.ANTHROPIC)
                        .withErrorClassifier(SecretMask.of(classifier, account));
            }
            log.log(Level.FINE, "{0}: converting an Anthropic request whose history holds thinking another upstream "
                    + "signed", instanceId);
        }
        JsonObject body = edits.converted(request, model, dialect == Dialect.ANTHROPIC, betas);
        return UpstreamCall.converted(post(headers, body), decoder, request.stream())
                .withErrorClassifier(SecretMask.of(classifier, account));
    }

    /**
     * An Anthropic client's count, relayed with the same declared edits as its messages (credential, model, betas,
     * {@code drop-fields}; a count has no {@code max_tokens} to clamp) when {@code count-tokens: upstream}; empty
     * otherwise, or for a converted dialect (only Anthropic clients call count_tokens), so the kernel estimates.
     */
    @Override
    public Optional<UpstreamCall> prepareCountTokens(ChatRequest request, String upstreamModel, Account account,
                                                     ClientRequest client) throws GatewayException {
        if (!settings.upstreamCount() || client == null || client.dialect() != Dialect.ANTHROPIC
                || client.rawBody() == null || client.rawBody().isEmpty()) {
            return Optional.empty();
        }
        String model = upstreamModel != null ? upstreamModel
                : settings.models().resolve(request.model()).orElse(request.model());
        HttpHeaders headers = UpstreamHeaders.of(settings, account, client.headers(),
                settings.betas().apply(request.betas()));
        JsonObject body = edits.passThrough(client.rawBody(), model);
        return Optional.of(UpstreamCall.passThrough(
                UpstreamRequest.postJson(settings.countTokensUri(), headers, body.toString())
                        .withTimeouts(settings.countTimeout(), settings.countTimeout()),
                new AnthropicStreamDecoder(settings.signatures()), false, Dialect.ANTHROPIC)
                .withErrorClassifier(SecretMask.of(classifier, account)));
    }

    /**
     * Whether the client's own body may go upstream: every thinking signature in it must be one this upstream
     * verifies. A relayed answer reaches the client byte for byte, so a compatible vendor's signatures come back
     * looking like Anthropic's own (the client's family): on a vendor's instance those are taken as the vendor's,
     * which they are unless the conversation began on Anthropic's API. A signature the gateway wrapped with another
     * issuer (Kiro, OpenAI, another vendor reached through conversion) always sends the request through the converter,
     * which leaves it out.
     */
    private boolean relayable(ChatRequest request) {
        String family = settings.signatures().family();
        return ThinkingSignatures.allVerifiableBy(request.messages(), family)
                || (!family.equals(SignatureOrigin.ANTHROPIC_FAMILY)
                && ThinkingSignatures.allVerifiableBy(request.messages(), SignatureOrigin.ANTHROPIC_FAMILY));
    }

    private UpstreamRequest post(HttpHeaders headers, JsonObject body) {
        return UpstreamRequest.postJson(settings.messagesUri(), headers, Jsons.write(body));
    }

    @Override
    public ErrorClassifier errorClassifier() {
        return classifier;
    }

    @Override
    public Optional<AccountHealthCheck> healthCheck() {
        return Optional.of(healthCheck);
    }

    @Override
    public void validateAccount(PluginConfig entry) throws ConfigException {
        Credential.validate(entry);
    }
}
