package dev.switchboard.testkit;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ResponseDecoder;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one attempt of a provider the way the kernel's dispatcher does — prepare, send through the
 * transport, classify a non-2xx answer, decode the body — without routing, pools or a server. Plugin
 * tests and the contract-test base use it. Stateless apart from its collaborators; thread-safe.
 */
public final class ProviderHarness {
    private static final int ERROR_BODY_LIMIT = 64 * 1024;
    private final Provider provider;
    private final HttpTransport transport;

    public ProviderHarness(Provider provider, HttpTransport transport) {
        this.provider = provider;
        this.transport = transport;
    }

    /** A client request with no headers in the given dialect. */
    public static ClientRequest client(Dialect dialect) {
        return new ClientRequest(dialect, "/v1/messages", HttpHeaders.create(), JsonValue.EMPTY_JSON_OBJECT, null, null);
    }

    /**
     * Streams one attempt and returns every canonical event, feeding the decoder in the transport's own
     * read sizes.
     *
     * @throws GatewayException the classified failure of a non-2xx answer or of the transport
     */
    public List<StreamEvent> stream(ChatRequest request, String upstreamModel, Account account, ClientRequest client)
            throws GatewayException {
        UpstreamCall call = provider.prepare(request.toBuilder().stream(true).build(), upstreamModel, account, client);
        List<StreamEvent> events = new ArrayList<>();
        try (UpstreamResponse res = transport.send(call.request())) {
            failOnError(res, call);
            ResponseDecoder decoder = call.decoder();
            if (!call.streaming()) {
                return dev.switchboard.spi.stream.ResponseEvents.unfold(decoder.decodeUnary(res.readBody(Integer.MAX_VALUE)));
            }
            InputStream in = res.body();
            byte[] buf = new byte[8192];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    events.addAll(decoder.onBytes(buf, 0, n));
                }
            } catch (IOException | RuntimeException e) {
                events.add(new StreamEvent.StreamError(dev.switchboard.spi.ErrorKind.UPSTREAM_CONNECTION,
                        "upstream stream broke: " + e.getClass().getSimpleName()));
                return events;
            }
            events.addAll(decoder.onEnd());
            return events;
        }
    }

    /** One unary attempt (the provider decides whether the upstream streams; a stream is folded). */
    public ChatResponse unary(ChatRequest request, String upstreamModel, Account account, ClientRequest client)
            throws GatewayException {
        UpstreamCall call = provider.prepare(request.toBuilder().stream(false).build(), upstreamModel, account, client);
        try (UpstreamResponse res = transport.send(call.request())) {
            failOnError(res, call);
            if (!call.streaming()) {
                return call.decoder().decodeUnary(res.readBody(Integer.MAX_VALUE));
            }
            StreamAccumulator acc = new StreamAccumulator();
            byte[] body = res.readBody(Integer.MAX_VALUE);
            acc.acceptAll(call.decoder().onBytes(body, 0, body.length));
            acc.acceptAll(call.decoder().onEnd());
            return acc.toResponse();
        }
    }

    private void failOnError(UpstreamResponse res, UpstreamCall call) throws GatewayException {
        if (!res.isSuccess()) {
            throw call.classifierOr(provider.errorClassifier()).classify(
                    new UpstreamError(res.status(), res.headers(), res.readBody(ERROR_BODY_LIMIT)));
        }
    }
}
