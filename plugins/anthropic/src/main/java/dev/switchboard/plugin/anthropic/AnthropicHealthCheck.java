package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HealthReport;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.wire.anthropic.AnthropicStreamDecoder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * The scheduled account probe. {@code health-check-mode: models} (the default) asks {@code GET /v1/models}, which
 * validates the key without spending tokens on Anthropic's API; {@code completion} sends a one-token message to
 * {@code health-check-model}, for compatible endpoints without a model list. Failures are classified like chat
 * failures and reported through {@link HealthReport#failed}, so only evidence about the key (401, a 403 naming it,
 * 402, 429) changes the account. An answer that cannot decide — a 404 (the endpoint has no such route), a 200 that is
 * not the expected JSON (a proxy's HTML page), a 5xx or a timeout — leaves the account as it is. Thread-safe.
 */
final class AnthropicHealthCheck implements AccountHealthCheck {
    private static final int ERROR_BODY_LIMIT = 64 * 1024;
    private static final int BODY_LIMIT = 4 * 1024 * 1024;

    private final AnthropicSettings settings;
    private final HttpTransport transport;
    private final ErrorClassifier classifier;

    AnthropicHealthCheck(AnthropicSettings settings, HttpTransport transport, ErrorClassifier classifier) {
        this.settings = settings;
        this.transport = transport;
        this.classifier = classifier;
    }

    @Override
    public HealthReport check(Account account) {
        boolean completion = settings.healthCheck() == AnthropicSettings.HealthCheckMode.COMPLETION;
        try {
            HttpHeaders headers = UpstreamHeaders.of(settings, account, null, List.of());
            UpstreamRequest req = completion ? UpstreamRequest.postJson(settings.messagesUri(), headers, probeBody())
                    : UpstreamRequest.get(settings.modelsUri(), headers);
            try (UpstreamResponse res = transport.send(req)) {
                if (res.status() == 404) {
                    return HealthReport.unknown("the endpoint has no " + req.uri().getPath() + " (404); set "
                            + AnthropicSettings.HEALTH_CHECK_MODE + ": completion");
                }
                if (!res.isSuccess()) {
                    return HealthReport.failed(SecretMask.of(classifier, account).classify(new UpstreamError(
                            res.status(), res.headers(), res.readBody(ERROR_BODY_LIMIT))));
                }
                byte[] body = res.readBody(BODY_LIMIT);
                return completion ? completion(body) : modelList(body);
            }
        } catch (GatewayException e) {
            return HealthReport.failed(e);
        }
    }

    private String probeBody() {
        return Jsons.objectBuilder().add("model", settings.healthCheckModel()).add("max_tokens", 1)
                .add("messages", Jsons.arrayBuilder().add(Jsons.objectBuilder().add("role", "user")
                        .add("content", "Reply with the single word: ok"))).build().toString();
    }

    /** A 200 message proves the key works; an error object inside it is classified; anything else proves nothing. */
    private HealthReport completion(byte[] body) {
        try {
            new AnthropicStreamDecoder(settings.signatures()).decodeUnary(body);
            return HealthReport.healthy(null);
        } catch (GatewayException e) {
            return e.kind() == ErrorKind.UPSTREAM_BAD_RESPONSE
                    ? HealthReport.unknown("the completion probe answered 200 without a message") : HealthReport.failed(e);
        }
    }

    /** A model list is {@code {"data":[…]}}; anything else does not show that the key works. */
    private static HealthReport modelList(byte[] body) {
        try {
            JsonObject list = Jsons.parseObject(body);
            return Jsons.arr(list, "data") != null ? HealthReport.healthy(null)
                    : HealthReport.unknown("the model list answered 200 without a data array");
        } catch (JsonException e) {
            return HealthReport.unknown("the model list answered 200 but is not JSON (is base-url the API root?)");
        }
    }
}
