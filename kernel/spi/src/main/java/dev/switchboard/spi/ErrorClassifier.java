package dev.switchboard.spi;

/**
 * Classifies a plugin's upstream failures — once, in one place (substring checks live only here, each
 * with a fixture test). What happens to the account (the kind's {@link AccountEffect}) must follow from the status,
 * the body's machine-readable error codes or types compared whole, and headers — never from the message, which
 * upstreams fill with the client's model name, tool names and prompt: text may only choose between kinds that both
 * leave the account alone (context too long vs. invalid request). A 400 or 404 is about the request and leaves
 * the account alone, unless a structured code says otherwise. The testkit's {@code ProviderContractTest} checks
 * this for every plugin. Implementations are stateless and thread-safe.
 */
public interface ErrorClassifier {

    /** Maps a non-2xx upstream answer to an exception whose kind decides retry, status and account effect. */
    GatewayException classify(UpstreamError error);
}
