package dev.switchboard.spi;

import java.util.Objects;

/**
 * What a provider prepared for one attempt: the request to send and how to read its answer.
 *
 * @param request     the HTTP request (the kernel sends it through the instance's transport)
 * @param decoder     a fresh decoder for this attempt
 * @param streaming   whether the upstream will answer with a stream (the kernel folds it for unary clients)
 * @param passThrough when non-null, the upstream speaks this dialect and the client does too: the kernel
 *                    relays the upstream bytes untouched and only taps them (through {@code decoder}) for
 *                    usage. Null means the kernel renders the decoder's events in the client's dialect.
 */
public record UpstreamCall(UpstreamRequest request, ResponseDecoder decoder, boolean streaming, Dialect passThrough) {
    public UpstreamCall {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(decoder, "decoder");
    }

    public static UpstreamCall converted(UpstreamRequest request, ResponseDecoder decoder, boolean streaming) {
        return new UpstreamCall(request, decoder, streaming, null);
    }
}
