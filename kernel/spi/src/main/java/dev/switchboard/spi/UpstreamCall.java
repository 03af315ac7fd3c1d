package dev.switchboard.spi;

import java.util.Objects;

/**
 * What a provider prepared for one attempt: the request to send and how to read its answer.
 *
 * @param request         the HTTP request (the kernel sends it through the instance's transport)
 * @param decoder         a fresh decoder for this attempt
 * @param streaming       whether the upstream will answer with a stream (the kernel folds it for unary clients)
 * @param passThrough     when non-null, the upstream speaks this dialect and the client does too: the kernel
 *                        relays the upstream bytes untouched and only taps them (through {@code decoder}) for
 *                        usage. Null means the kernel renders the decoder's events in the client's dialect.
 * @param errorClassifier a classifier for this call's non-2xx answers when it needs request context (e.g. a
 *                        token estimate for "prompt is too long"); null to use the provider's
 */
public record UpstreamCall(UpstreamRequest request, ResponseDecoder decoder, boolean streaming, Dialect passThrough,
                           ErrorClassifier errorClassifier) {
    public UpstreamCall {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(decoder, "decoder");
    }

    /** A call whose answer the kernel renders from the decoder's canonical events. */
    public static UpstreamCall converted(UpstreamRequest request, ResponseDecoder decoder, boolean streaming) {
        return new UpstreamCall(request, decoder, streaming, null, null);
    }

    /** A call whose answer bytes are relayed untouched to a client of the same dialect. */
    public static UpstreamCall passThrough(UpstreamRequest request, ResponseDecoder usageTap, boolean streaming,
                                           Dialect dialect) {
        return new UpstreamCall(request, usageTap, streaming, Objects.requireNonNull(dialect, "dialect"), null);
    }

    /** The same call with a per-call error classifier. */
    public UpstreamCall withErrorClassifier(ErrorClassifier classifier) {
        return new UpstreamCall(request, decoder, streaming, passThrough, classifier);
    }

    /** The classifier to use for this call: the per-call one, else {@code fallback}. */
    public ErrorClassifier classifierOr(ErrorClassifier fallback) {
        return errorClassifier != null ? errorClassifier : fallback;
    }
}
