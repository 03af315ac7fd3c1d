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
import dev.switchboard.kernel.routing.ModelRouter;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.HttpHeaders;
import io.helidon.http.HeaderNames;
import jakarta.json.JsonObject;
import java.util.Optional;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code POST /v1/messages/count_tokens} (docs/architecture.md#token-counting). When the model's upstream can count
 * ({@code Provider.prepareCountTokens}), its answer is relayed as it came, labelled
 * {@code x-gateway-token-count: upstream}; otherwise — no hook, or the upstream could not give a count
 * ({@link UpstreamTokenCount} owns those rules and the account effects) — system, messages and tools are counted with
 * the SPI's BPE counter and labelled {@code x-gateway-token-count: estimated}. Claude Code calls it ~27 times per
 * {@code /context}, so it is exempt from rate limits, never counted as a chat request, never recorded as usage, and
 * never fails because an upstream did; tool counts are cached by the counter.
 */
public final class CountTokensEndpoint {
    private static final Logger LOG = Logger.getLogger(CountTokensEndpoint.class.getName());
    private final ClientAuthenticator auth;
    private final long maxBodyBytes;
    private final UpstreamTokenCount upstream;

    public CountTokensEndpoint(ClientAuthenticator auth, long maxBodyBytes, ModelRouter router) {
        this.auth = auth;
        this.maxBodyBytes = maxBodyBytes;
        this.upstream = new UpstreamTokenCount(router);
    }

    public void register(HttpRouting.Builder r) {
        r.post("/v1/messages/count_tokens", this::handle);
    }

    private void handle(ServerRequest req, ServerResponse res) {
        String requestId = AccessLog.info(req).requestId();
        RequestInfo info = AccessLog.info(req);
        try {
            ClientPrincipal p = auth.authenticate(req.headers(), req.remotePeer().address(), Dialect.ANTHROPIC);
            JsonObject body = RequestBodies.readJson(req, maxBodyBytes);
            HttpHeaders headers = ChatEndpoints.visibleHeaders(req);
            ChatRequest request = AnthropicRequestReader.readCountTokens(body, headers);
            ModelNames.check(request.model());
            info.model(request.model());
            if (!p.allows(request.model())) {
                throw GatewayException.builder(ErrorKind.PERMISSION).param("model")
                        .message("key '" + p.name() + "' may not use model '" + request.model() + "'").build();
            }
            String loopbackAuth = p.loopbackMode() ? req.headers().first(HeaderNames.AUTHORIZATION).orElse(null) : null;
            Optional<byte[]> counted = upstream.count(request, new ClientRequest(Dialect.ANTHROPIC,
                    "/v1/messages/count_tokens", headers, body, loopbackAuth, null));
            res.header(HeaderNames.CONTENT_TYPE, "application/json");
            res.header(HeaderNames.create("request-id"), requestId);
            if (counted.isPresent()) {
                res.header(HeaderNames.create("x-gateway-token-count"), "upstream");
                res.send(counted.get());
                return;
            }
            int tokens = TokenCounter.shared().countRequest(request);
            res.header(HeaderNames.create("x-gateway-token-count"), "estimated");
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
