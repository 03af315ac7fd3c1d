package dev.switchboard.spi;

import dev.switchboard.spi.model.ChatRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One configured upstream (a provider instance). It translates canonical requests into upstream HTTP
 * requests and hands back a decoder for the answer; the kernel owns routing, account selection, sending,
 * retries and writing to the client. Translation is pure and idempotent: a retry calls
 * {@link #prepare} again with the same request and another account.
 *
 * <p>Implementations are thread-safe: many requests call them at once.
 */
public interface Provider extends AutoCloseable {

    /** Concrete model ids this instance serves from its own table (listed by {@code /v1/models}). */
    List<String> models();

    /**
     * The upstream model for a client model when a route target names none (a target's {@code model} wins); empty when this
     * instance does not serve it.
     */
    Optional<String> resolveModel(String requestedModel);

    /**
     * Whether this call needs a pooled account. A plugin that can serve with a client-supplied credential
     * (Factory's {@code X-Factory-API-Key}) returns false for such calls; {@link #prepare} then gets null.
     */
    default boolean requiresAccount(ClientRequest client) {
        return true;
    }

    /**
     * Builds the upstream call for one attempt.
     *
     * @param request       the canonical request (never mutated)
     * @param upstreamModel the model to ask the upstream for
     * @param account       the leased account, or null when {@link #requiresAccount} said so
     * @param client        the client's dialect, headers and raw body
     * @throws GatewayException for requests this upstream cannot take (client errors) or missing credentials
     */
    UpstreamCall prepare(ChatRequest request, String upstreamModel, Account account, ClientRequest client)
            throws GatewayException;

    /**
     * Builds the upstream call that counts a request's input tokens ({@code POST /v1/messages/count_tokens} of an
     * Anthropic client), when this upstream has such an endpoint. Empty (the default) means it has none: the kernel
     * then answers with its own estimate. The kernel reads the answer whole and relays a 2xx JSON body to the client;
     * any other answer falls back to the estimate (see the kernel's count-tokens endpoint for the account effects).
     * The call's {@link UpstreamCall#decoder()} is not used.
     *
     * @param request       the canonical request as the count endpoint read it (no {@code max_tokens})
     * @param upstreamModel the model to ask the upstream for
     * @param account       the leased account, or null when {@link #requiresAccount} said so
     * @param client        the client's dialect, headers and raw body
     * @throws GatewayException when the request cannot be sent (the kernel then estimates)
     * @since 2.1.0
     */
    default Optional<UpstreamCall> prepareCountTokens(ChatRequest request, String upstreamModel, Account account,
                                                      ClientRequest client) throws GatewayException {
        return Optional.empty();
    }

    /**
     * What this upstream does with the hosted tools a client declares for {@code upstreamModel} (run them, map them
     * to its own server tools, or leave them out); the kernel applies it before {@link #prepare}, so {@code prepare}
     * only sees hosted tools the policy passed or mapped. Default: none are run.
     */
    default HostedToolPolicy hostedTools(String upstreamModel) {
        return HostedToolPolicy.NONE;
    }

    /** Classifies this upstream's non-2xx answers. */
    ErrorClassifier errorClassifier();

    /** Refreshes expiring credentials, if the plugin's accounts have any. */
    default Optional<CredentialRefresher> credentialRefresher() {
        return Optional.empty();
    }

    /** The scheduled account probe, if any. */
    default Optional<AccountHealthCheck> healthCheck() {
        return Optional.empty();
    }

    /** The quota probe, if any. */
    default Optional<UsageProbe> usageProbe() {
        return Optional.empty();
    }

    /**
     * Default prices of upstream models this plugin knows, keyed by upstream model id (the model sent upstream).
     * The gateway's own price table ({@code pricing.models}) overrides them; a model priced nowhere is recorded
     * without a cost.
     */
    default Map<String, ModelPrice> prices() {
        return Map.of();
    }

    /** Add-account flows offered through the admin API. */
    default List<AccountFlow> flows() {
        return List.of();
    }

    /**
     * Checks one {@code accounts:} entry from YAML (or the admin API) before it is stored.
     *
     * @param entry the entry's plugin keys
     * @throws ConfigException naming the missing or malformed key
     */
    default void validateAccount(PluginConfig entry) throws ConfigException {
    }

    /** Releases resources (listeners, timers). */
    @Override
    default void close() {
    }
}
