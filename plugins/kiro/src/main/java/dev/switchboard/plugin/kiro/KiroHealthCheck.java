package dev.switchboard.plugin.kiro;

import dev.switchboard.plugin.kiro.usage.KiroUsageProbe;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HealthReport;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;

/**
 * The kernel's account probe ({@code health-check-mode}): {@code usage} (default) checks that
 * the token works with a {@code getUsageLimits} call, which spends no credits and returns the quota on the way;
 * {@code chat} sends the reference proxy's tiny request ({@code "Hi"}, 10 tokens) and wants a non-empty answer.
 * Only evidence about the token (401, a 403 of a credential type, 402 / quota, 429) makes it unhealthy
 * ({@link HealthReport#failed}); a 5xx, a broken or empty stream, a timeout or an unreadable answer is unknown.
 * Thread-safe.
 */
final class KiroHealthCheck implements AccountHealthCheck {
    private final KiroProvider provider;
    private final KiroUsageProbe usage;
    private final HttpTransport transport;
    private final KiroSettings settings;

    KiroHealthCheck(KiroProvider provider, KiroUsageProbe usage, HttpTransport transport, KiroSettings settings) {
        this.provider = provider;
        this.usage = usage;
        this.transport = transport;
        this.settings = settings;
    }

    @Override
    public HealthReport check(Account account) {
        try {
            if (settings.healthCheckMode() == KiroSettings.HealthCheckMode.USAGE) {
                return HealthReport.healthy(usage.probe(account));
            }
            return chat(account);
        } catch (GatewayException e) {
            return HealthReport.failed(e);
        }
    }

    private HealthReport chat(Account account) throws GatewayException {
        ChatRequest hi = ChatRequest.builder(settings.healthCheckModel()).addMessage(Message.user("Hi"))
                .maxTokens(10).stream(true).build();
        String model = settings.models().require(settings.healthCheckModel()).modelId();
        ClientRequest client = new ClientRequest(Dialect.ANTHROPIC, "/v1/messages", HttpHeaders.create(),
                JsonValue.EMPTY_JSON_OBJECT, null, null);
        UpstreamCall call = provider.prepare(hi, model, account, client);
        StreamAccumulator acc = new StreamAccumulator();
        try (UpstreamResponse res = transport.send(call.request())) {
            if (!res.isSuccess()) {
                throw call.classifierOr(provider.errorClassifier())
                        .classify(new UpstreamError(res.status(), res.headers(), res.readBody(64 * 1024)));
            }
            InputStream in = res.body();
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf)) > 0) {
                acc.acceptAll(call.decoder().onBytes(buf, 0, n));
            }
            acc.acceptAll(call.decoder().onEnd());
        } catch (IOException e) {
            throw new GatewayException(ErrorKind.UPSTREAM_CONNECTION, "the health-check stream broke", e);
        }
        StreamEvent.StreamError error = acc.error();
        if (error != null) {
            return HealthReport.failed(new GatewayException(error.kind(), error.message()));
        }
        ChatResponse r = acc.toResponse();
        return r.content().isEmpty() ? HealthReport.unknown("the health-check answer was empty")
                : HealthReport.healthy(null);
    }
}
