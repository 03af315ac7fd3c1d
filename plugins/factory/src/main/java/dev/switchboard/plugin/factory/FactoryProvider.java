package dev.switchboard.plugin.factory;

import dev.switchboard.plugin.factory.FactorySettings.Endpoint;
import dev.switchboard.plugin.factory.auth.AuthImportFlow;
import dev.switchboard.plugin.factory.auth.Credentials;
import dev.switchboard.plugin.factory.auth.WorkOsRefresher;
import dev.switchboard.plugin.factory.billing.BillingProbe;
import dev.switchboard.plugin.factory.model.ModelEntry;
import dev.switchboard.plugin.factory.shaping.AnthropicShaping;
import dev.switchboard.plugin.factory.shaping.CommonShaping;
import dev.switchboard.plugin.factory.shaping.GeminiRequestWriter;
import dev.switchboard.plugin.factory.shaping.GeminiStreamDecoder;
import dev.switchboard.plugin.factory.shaping.ResponsesShaping;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountFlow;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.CredentialRefresher;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HostedToolPolicy;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UsageProbe;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.wire.HostedToolPolicies;
import dev.switchboard.wire.ThinkingSignatures;
import dev.switchboard.wire.anthropic.AnthropicStreamDecoder;
import dev.switchboard.wire.openai.OpenAiChatStreamDecoder;
import dev.switchboard.wire.openai.OpenAiChatUpstreamRequest;
import dev.switchboard.wire.responses.ResponsesStreamDecoder;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One Factory provider instance: resolves models through its table, picks the credential (client key,
 * pooled key or refresh-token account, client {@code Authorization}), shapes the request for the model's
 * family, and hands the kernel the call and a decoder. Anthropic clients on anthropic models and Responses
 * clients on openai models are relayed byte for byte with only the declared edits; every other combination
 * converts through the canonical model. Translation is pure: a retry on another account calls
 * {@link #prepare} again. Thread-safe.
 */
public final class FactoryProvider implements Provider {
    /** The header with which a client brings its own Factory key (first in the credential priority). */
    public static final String CLIENT_KEY_HEADER = "x-factory-api-key";
    static final String NO_CREDENTIAL = "Please provide X-Factory-API-Key header with your API key, "
            + "or configure server authentication.";

    private final ProviderContext ctx;
    private final FactorySettings settings;
    private final FactoryHeaders headers;
    private final AnthropicShaping anthropic;
    private final ResponsesShaping responses;
    private final CommonShaping common;
    private final FactoryErrorClassifier classifier;
    private final WorkOsRefresher refresher;
    private final BillingProbe billing;
    private final AccountHealthCheck healthCheck;
    private final List<AccountFlow> flows;

    FactoryProvider(ProviderContext ctx, FactorySettings settings) {
        this.ctx = ctx;
        this.settings = settings;
        this.headers = new FactoryHeaders(settings);
        this.anthropic = new AnthropicShaping(settings.budgets(), settings.rewrites());
        this.responses = new ResponsesShaping(settings.rewrites());
        this.common = new CommonShaping(settings.rewrites());
        this.classifier = new FactoryErrorClassifier(ctx.clock());
        this.refresher = new WorkOsRefresher(ctx.transport(), settings.workosBaseUrl(), settings.workosClientId(),
                settings.refreshMargin(), ctx.clock());
        this.billing = new BillingProbe(ctx.transport(), settings.billingBaseUrl(), settings.userAgent(), ctx.clock());
        this.healthCheck = settings.healthProbe() == FactorySettings.HealthProbe.CHAT
                ? new ChatHealthCheck(this, ctx.transport(), settings.healthProbeModel()) : billing;
        this.flows = List.of(new AuthImportFlow(ctx.credentials()));
    }

    public FactorySettings settings() {
        return settings;
    }

    @Override
    public List<String> models() {
        return settings.models().ids();
    }

    @Override
    public Optional<String> resolveModel(String requestedModel) {
        return settings.models().resolve(requestedModel).map(ModelEntry::id);
    }

    /**
     * False when the client brings its own key ({@code X-Factory-API-Key}, unless disallowed) or, with
     * {@code passthrough-client-auth}, its own {@code Authorization} while this instance has no account.
     */
    @Override
    public boolean requiresAccount(ClientRequest client) {
        if (clientKey(client) != null) {
            return false;
        }
        return !(settings.passthroughClientAuth() && client.clientAuthorization() != null
                && ctx.credentials().list().isEmpty());
    }

    /** OpenAI-family models run OpenAI's hosted tools, Anthropic-family models Anthropic's server tools. */
    @Override
    public HostedToolPolicy hostedTools(String upstreamModel) {
        if (upstreamModel == null) {
            return HostedToolPolicy.NONE;
        }
        return settings.models().find(settings.models().redirect(upstreamModel)).map(m -> switch (m.type()) {
            case OPENAI -> HostedToolPolicies.OPENAI_RESPONSES;
            case ANTHROPIC -> HostedToolPolicies.ANTHROPIC;
            case COMMON, GOOGLE -> HostedToolPolicy.NONE;
        }).orElse(HostedToolPolicy.NONE);
    }

    @Override
    public UpstreamCall prepare(ChatRequest request, String upstreamModel, Account account, ClientRequest client)
            throws GatewayException {
        String id = settings.models().redirect(upstreamModel != null ? upstreamModel : request.model());
        ModelEntry model = settings.models().find(id).orElseThrow(() -> GatewayException.builder(ErrorKind.NOT_FOUND)
                .param("model").message("Model " + id + " not found").build());
        String authorization = authorization(account, client);
        String prompt = model.effectiveSystemPrompt(settings.systemPrompt());
        Endpoint endpoint = settings.endpoint(model.type());
        HttpHeaders clientHeaders = client == null ? HttpHeaders.create() : client.headers();
        Dialect dialect = client == null ? null : client.dialect();
        boolean rawBody = client != null && client.rawBody() != null && !client.rawBody().isEmpty();
        UpstreamCall call = switch (model.type()) {
            case ANTHROPIC -> {
                SignatureOrigin signatures = model.signatureOrigin();
                if (dialect == Dialect.ANTHROPIC && rawBody && relayable(request, signatures)) {
                    AnthropicShaping.Shaped s = anthropic.passThrough(client.rawBody(), request.betas(), model, id, prompt);
                    boolean stream = Jsons.bool(s.body(), "stream");
                    yield UpstreamCall.passThrough(post(endpoint, headers.build(model, authorization, clientHeaders,
                            s.betaHeader(), stream), s.body()), new AnthropicStreamDecoder(signatures), stream,
                            Dialect.ANTHROPIC);
                }
                AnthropicShaping.Shaped s = anthropic.converted(request, model, id, prompt, dialect == Dialect.ANTHROPIC);
                yield UpstreamCall.converted(post(endpoint, headers.build(model, authorization, clientHeaders,
                        s.betaHeader(), request.stream()), s.body()), new AnthropicStreamDecoder(signatures),
                        request.stream());
            }
            case OPENAI -> {
                SignatureOrigin signatures = model.signatureOrigin();
                boolean relay = dialect == Dialect.OPENAI_RESPONSES && rawBody && relayable(request, signatures);
                JsonObject body = relay ? responses.passThrough(client.rawBody(), model, id, prompt)
                        : responses.converted(request, model, id, prompt);
                boolean stream = Jsons.bool(body, "stream");
                UpstreamRequest req = post(endpoint, headers.build(model, authorization, clientHeaders, null, stream), body);
                ResponsesStreamDecoder decoder = new ResponsesStreamDecoder(id, signatures);
                yield relay ? UpstreamCall.passThrough(req, decoder, stream, Dialect.OPENAI_RESPONSES)
                        : UpstreamCall.converted(req, decoder, stream);
            }
            case COMMON -> {
                OpenAiChatUpstreamRequest up = common.converted(request, model, id, prompt);
                yield UpstreamCall.converted(post(endpoint, headers.build(model, authorization, clientHeaders, null,
                        request.stream()), up.body()), OpenAiChatStreamDecoder.forRequest(up, id, CommonShaping.PROFILE),
                        request.stream());
            }
            case GOOGLE -> {
                // Never asks for a stream (how the endpoint picks SSE is unknown); the decoder reads either form.
                JsonObject body = GeminiRequestWriter.write(settings.rewrites().apply(request), id, prompt, model.reasoning());
                yield UpstreamCall.converted(post(endpoint, headers.build(model, authorization, clientHeaders, null, false),
                        body), new GeminiStreamDecoder(id), false);
            }
        };
        return call.withErrorClassifier(classifierFor(account));
    }

    /**
     * The client's own body may be relayed only when all its thinking is signed by this model's family: a
     * conversation that began on another upstream carries signatures this one rejects, so it goes through the
     * converted path, whose writers leave them out.
     */
    private static boolean relayable(ChatRequest request, SignatureOrigin signatures) {
        return ThinkingSignatures.allVerifiableBy(request.messages(), signatures.family());
    }

    /**
     * The credential, in priority order (plugins/factory/README.md#credentials-in-priority-order); the value is a
     * secret and never logged.
     */
    private String authorization(Account account, ClientRequest client) throws GatewayException {
        String key = clientKey(client);
        if (key != null) {
            return "Bearer " + key;
        }
        if (account != null) {
            String token = Credentials.bearerToken(account);
            if (token == null) {
                throw new GatewayException(ErrorKind.UPSTREAM_AUTH, "account '" + account.name()
                        + "' has neither an api-key nor an access token");
            }
            return "Bearer " + token;
        }
        if (settings.passthroughClientAuth() && client != null && client.clientAuthorization() != null) {
            return client.clientAuthorization();
        }
        // A missing upstream credential is never a 401 to the client: a 401 means the client's own key is bad.
        throw new GatewayException(ErrorKind.NO_CAPACITY, NO_CREDENTIAL);
    }

    private String clientKey(ClientRequest client) {
        if (!settings.allowClientKeyHeader() || client == null || client.headers() == null) {
            return null;
        }
        String v = client.headers().get(CLIENT_KEY_HEADER);
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** 402s exhaust the account until its known quota window ends. */
    private ErrorClassifier classifierFor(Account account) {
        return account != null && account.quota() != null && account.quota().resetsAt() != null
                ? new FactoryErrorClassifier(ctx.clock(), account.quota().resetsAt()) : classifier;
    }

    private static UpstreamRequest post(Endpoint endpoint, HttpHeaders h, JsonObject body) {
        return new UpstreamRequest("POST", endpoint.uri(), h, Jsons.write(body).getBytes(StandardCharsets.UTF_8), null,
                null, null);
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
        return Optional.of(billing);
    }

    @Override
    public List<AccountFlow> flows() {
        return flows;
    }

    /** An account needs an {@code api-key} or a {@code refresh-token}. */
    @Override
    public void validateAccount(PluginConfig entry) throws ConfigException {
        boolean key = entry.secret(Credentials.API_KEY).isPresent();
        boolean refresh = entry.secret(Credentials.REFRESH_TOKEN).isPresent();
        if (!key && !refresh) {
            throw entry.problem(Credentials.API_KEY, "an account needs an api-key or a refresh-token");
        }
        if (key && refresh) {
            throw entry.problem(Credentials.REFRESH_TOKEN, "give either an api-key or a refresh-token, not both");
        }
    }
}
