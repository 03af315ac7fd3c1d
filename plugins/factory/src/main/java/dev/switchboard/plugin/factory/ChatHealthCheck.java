package dev.switchboard.plugin.factory;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HealthReport;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.Message;
import jakarta.json.JsonValue;
import java.time.Duration;

/**
 * The optional chat-based health check ({@code health-probe: chat}; off by default because every check
 * spends quota): a tiny non-streamed request ("Reply with exactly OK.", 16 tokens) to the configured model,
 * shaped exactly like client traffic through the provider's own {@link FactoryProvider#prepare}, and
 * classified like it; only evidence about the credential makes it unhealthy ({@link HealthReport#failed}).
 * Thread-safe.
 */
final class ChatHealthCheck implements AccountHealthCheck {
    static final String PROMPT = "Reply with exactly OK.";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int BODY_LIMIT = 64 * 1024;

    private final FactoryProvider provider;
    private final HttpTransport transport;
    private final String model;

    ChatHealthCheck(FactoryProvider provider, HttpTransport transport, String model) {
        this.provider = provider;
        this.transport = transport;
        this.model = model;
    }

    @Override
    public HealthReport check(Account account) {
        ChatRequest probe = ChatRequest.builder(model).addMessage(Message.user(PROMPT)).maxTokens(16).build();
        ClientRequest client = new ClientRequest(Dialect.OPENAI_CHAT, "/health-probe", HttpHeaders.create(),
                JsonValue.EMPTY_JSON_OBJECT, null, null);
        try {
            UpstreamCall call = provider.prepare(probe, model, account, client);
            try (UpstreamResponse res = transport.send(call.request().withTimeouts(TIMEOUT, TIMEOUT))) {
                byte[] body = res.readBody(BODY_LIMIT);
                if (!res.isSuccess()) {
                    return HealthReport.failed(call.classifierOr(provider.errorClassifier())
                            .classify(new UpstreamError(res.status(), res.headers(), body)));
                }
                call.decoder().decodeUnary(body); // an unreadable answer proves nothing: unknown
                return HealthReport.healthy(null);
            }
        } catch (GatewayException e) {
            return HealthReport.failed(e);
        }
    }
}
