package dev.switchboard.plugin.openaicompat;

import dev.switchboard.plugin.openaicompat.schema.SchemaCleaner;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.wire.WireIds;
import dev.switchboard.wire.openai.OpenAiChatRequestWriter;
import dev.switchboard.wire.openai.OpenAiChatStreamDecoder;
import dev.switchboard.wire.openai.OpenAiChatUpstreamRequest;
import dev.switchboard.wire.openai.ToolNameMap;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One {@code openai-compat} provider instance: any backend that speaks OpenAI chat completions. Requests are
 * converted with the wire library's OpenAI chat codecs (bundled in the plugin zip), shaped by the instance's
 * {@link BackendProfile};
 * this class adds only what is specific to the plugin — the backend URL and headers, schema cleaning, the model
 * table, pass-through for OpenAI-chat clients, the health probe and error classification.
 *
 * <p>Converted calls always stream upstream (the kernel folds the stream for unary clients) unless the profile
 * says the backend cannot stream. Thread-safe: all state is immutable or thread-safe (the schema cache).
 */
final class OpenAiCompatProvider implements Provider {
    private final String instanceId;
    private final CompatSettings settings;
    /** Parsed once: parsing the URL was 1 % of a converted request's CPU. */
    private final URI chatCompletions;
    private final Logger log;
    private final OpenAiChatRequestWriter writer;
    private final PassThroughPolicy passThrough;
    private final ErrorClassifier classifier;
    private final AccountHealthCheck healthCheck;
    private final List<String> models;

    OpenAiCompatProvider(ProviderContext ctx, CompatSettings settings) {
        this.instanceId = ctx.instanceId();
        this.settings = settings;
        this.chatCompletions = URI.create(settings.chatCompletionsUrl());
        this.log = ctx.logger();
        SchemaCleaner schemas = new SchemaCleaner(settings.profile().schemaDialect());
        this.writer = new OpenAiChatRequestWriter(settings.profile().chat(), schemas);
        this.passThrough = new PassThroughPolicy(settings, schemas);
        this.classifier = new OpenAiCompatErrorClassifier(ctx.clock());
        this.healthCheck = new OpenAiCompatHealthCheck(settings, ctx.transport(), classifier);
        Set<String> listed = new LinkedHashSet<>(settings.models());
        listed.addAll(settings.modelMap().literalNames());
        this.models = List.copyOf(new ArrayList<>(listed));
    }

    CompatSettings settings() {
        return settings;
    }

    @Override
    public List<String> models() {
        return models;
    }

    /**
     * The backend model for a client model when the route target names none: the {@code model-map} entry, else the
     * name itself if {@code models} lists it. An instance with neither table takes every name as it is.
     */
    @Override
    public Optional<String> resolveModel(String requestedModel) {
        Optional<String> mapped = settings.modelMap().map(requestedModel);
        if (mapped.isPresent()) {
            return mapped;
        }
        if (settings.models().contains(requestedModel)
                || (settings.models().isEmpty() && settings.modelMap().isEmpty())) {
            return Optional.of(requestedModel);
        }
        return Optional.empty();
    }

    @Override
    public UpstreamCall prepare(ChatRequest request, String upstreamModel, Account account, ClientRequest client)
            throws GatewayException {
        URI uri = chatCompletions;
        JsonObject raw = client == null ? null : client.rawBody();
        if (settings.passThrough() && client != null && client.dialect() == Dialect.OPENAI_CHAT && raw != null
                && !raw.isEmpty()) {
            String obstacle = passThrough.obstacle(raw, upstreamModel);
            if (obstacle == null) {
                return relay(request, raw, upstreamModel, account, uri);
            }
            log.log(Level.FINE, "{0}: converting an OpenAI chat request instead of relaying it: {1}",
                    new Object[]{instanceId, obstacle});
        }
        boolean stream = settings.profile().streaming();
        ChatRequest upstream = request.toBuilder().stream(stream)
                .maxTokens(settings.maxOutputTokens().clamp(request.maxTokens(), upstreamModel)).build();
        // The instance's drop-fields (fields this backend rejects) never enter the body; the decoder reads the body
        // it is paired with (whether usage was asked for).
        OpenAiChatUpstreamRequest body = writer.write(upstream, upstreamModel, settings.dropFields());
        UpstreamRequest req = UpstreamRequest.postJson(uri, UpstreamHeaders.of(settings, account, stream),
                Jsons.write(body.body()));
        OpenAiChatStreamDecoder decoder = OpenAiChatStreamDecoder.forRequest(body, request.model(),
                settings.profile().chat());
        return UpstreamCall.converted(req, decoder, stream);
    }

    /** The client's own body with the backend model; the decoder only taps the answer for usage. */
    private UpstreamCall relay(ChatRequest request, JsonObject raw, String upstreamModel, Account account, URI uri) {
        boolean stream = Jsons.bool(raw, "stream");
        boolean usage = Jsons.bool(Jsons.obj(raw, "stream_options"), "include_usage");
        UpstreamRequest req = UpstreamRequest.postJson(uri, UpstreamHeaders.of(settings, account, stream),
                Jsons.write(PassThroughPolicy.relayBody(raw, upstreamModel)));
        OpenAiChatStreamDecoder tap = new OpenAiChatStreamDecoder(WireIds.messageId(), request.model(),
                settings.profile().chat(), usage, ToolNameMap.EMPTY);
        return UpstreamCall.passThrough(req, tap, stream, Dialect.OPENAI_CHAT);
    }

    @Override
    public ErrorClassifier errorClassifier() {
        return classifier;
    }

    @Override
    public Optional<AccountHealthCheck> healthCheck() {
        return Optional.of(healthCheck);
    }

    /** An account entry may hold only an {@code api-key}; it may be left out for local servers that need none. */
    @Override
    public void validateAccount(PluginConfig entry) throws ConfigException {
        entry.rejectUnknownKeys(Set.of(CompatSettings.API_KEY));
        if (entry.secret(CompatSettings.API_KEY).isEmpty()) {
            log.warning(() -> instanceId + ": an account at " + entry.path() + " has no " + CompatSettings.API_KEY
                    + "; its requests go without credentials");
        }
    }
}
