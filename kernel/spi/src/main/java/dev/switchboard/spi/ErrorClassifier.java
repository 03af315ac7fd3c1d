package dev.switchboard.spi;

/**
 * Classifies a plugin's upstream failures — once, in one place (substring checks live only here, each
 * with a fixture test). Implementations are stateless and thread-safe.
 */
public interface ErrorClassifier {

    /** Maps a non-2xx upstream answer to an exception whose kind decides retry, status and account effect. */
    GatewayException classify(UpstreamError error);
}
