package dev.switchboard.kernel.http;

import dev.switchboard.kernel.dialect.ErrorResponses;
import dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader;
import dev.switchboard.kernel.dispatch.RequestInfo;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.kernel.auth.ClientAuthenticator;
import dev.switchboard.kernel.auth.ClientPrincipal;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.TokenCounter;
import dev.switchboard.spi.model.ChatRequest;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /v1/messages/count_tokens} (docs/architecture.md#token-counting): counts system, messages and
 * tools with the SPI's BPE counter and labels the figure {@code x-gateway-token-count: estimated}. Claude
 * Code calls it ~27 times per {@code /context}, so it is exempt from rate limits and never 404s; tool
 * counts are cached by the counter.
 */
public final class CountTokensEndpoint {
    private static final Logger LOG = Logger.getLogger(CountTokensEndpoint.class.getName());
    private final ClientAuthenticator auth;
    private final long maxBodyBytes;

    public CountTokensEndpoint(ClientAuthenticator auth, long maxBodyBytes) {
        this.auth = auth;
        this.maxBodyBytes = maxBodyBytes;
    }

    public void register(HttpRouting.Builder r) {
        r.post("/v1/messages/count_tokens", this::handle);
    }

    private void handle(ServerRequest req, ServerResponse res) {
        String requestId = AccessLogFilter.info(req).requestId();
        RequestInfo info = AccessLogFilter.info(req);
        try {
            ClientPrincipal p = auth.authenticate(req.headers(), req.remotePeer().address(), Dialect.ANTHROPIC);
            ChatRequest request = AnthropicRequestReader.readCountTokens(RequestBodies.readJson(req, maxBodyBytes),
                    ChatEndpoints.visibleHeaders(req));
            ModelNames.check(request.model());
            info.model(request.model());
            if (!p.allows(request.model())) {
                throw GatewayException.builder(ErrorKind.PERMISSION).param("model")
                        .message("key '" + p.name() + "' may not use model '" + request.model() + "'").build();
            }
            int tokens = TokenCounter.shared().countRequest(request);
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.header(HeaderNames.create("x-gateway-token-count"), "estimated");
            res.header(HeaderNames.create("request-id"), requestId);
            res.send(Jsons.objectBuilder().add("input_tokens", tokens).build().toString());
        } catch (GatewayException e) {
            ErrorResponses.send(res, Dialect.ANTHROPIC, e, requestId);
        } catch (RuntimeException e) {
            // Never Helidon's text/plain 500: a defect still answers in the Anthropic error shape.
            LOG.log(Level.SEVERE, "internal error counting tokens (request " + requestId + ")", e);
            ErrorResponses.send(res, Dialect.ANTHROPIC, new GatewayException(ErrorKind.INTERNAL,
                    "internal gateway error (request " + requestId + ")"), requestId);
        }
    }
}
