package dev.switchboard.plugin.openaicompat;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountHealthCheck;
import dev.switchboard.spi.ErrorClassifier;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpTransport;
import dev.switchboard.spi.HealthReport;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.spi.UpstreamRequest;
import dev.switchboard.spi.UpstreamResponse;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.wire.WireIds;
import dev.switchboard.wire.openai.OpenAiChatResponseReader;
import dev.switchboard.wire.openai.ToolNameMap;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.net.URI;

/**
 * The scheduled account probe: {@code GET <base-url>/models} by default — free, and enough to see
 * that the key is accepted — or a one-token chat completion ({@code health-check-mode: completion}) for backends
 * without a model list or to prove the model answers. Failures are classified like chat failures and reported
 * through {@link HealthReport#failed}, so only evidence about the key (401, a 403 naming it, 402, 429) changes the
 * account. A 200 that is not a model list (HTML from a proxy, JSON without {@code data}), a 5xx or a timeout is
 * {@code unknown}: it proves nothing about the key, and chat may work fine. OpenAI-compatible backends report no
 * quota figures. Thread-safe.
 */
final class OpenAiCompatHealthCheck implements AccountHealthCheck {
    private static final int ERROR_BODY_LIMIT = 64 * 1024;
    private static final int BODY_LIMIT = 4 * 1024 * 1024;

    private final CompatSettings settings;
    private final HttpTransport transport;
    private final ErrorClassifier classifier;

    OpenAiCompatHealthCheck(CompatSettings settings, HttpTransport transport, ErrorClassifier classifier) {
        this.settings = settings;
        this.transport = transport;
        this.classifier = classifier;
    }

    @Override
    public HealthReport check(Account account) {
        boolean completion = settings.healthCheckMode() == CompatSettings.HealthCheckMode.COMPLETION;
        UpstreamRequest req = completion ? completionRequest(account)
                : UpstreamRequest.get(URI.create(settings.modelsUrl()), UpstreamHeaders.of(settings, account, false));
        try (UpstreamResponse res = transport.send(req)) {
            if (!res.isSuccess()) {
                return HealthReport.failed(classifier.classify(new UpstreamError(res.status(), res.headers(),
                        res.readBody(ERROR_BODY_LIMIT))));
            }
            byte[] body = res.readBody(BODY_LIMIT);
            if (completion) {
                // Throws the classified error of a 200 that carries an error object, or a bad-response error.
                new OpenAiChatResponseReader(WireIds.messageId(), settings.healthCheckModel(), ToolNameMap.EMPTY,
                        settings.profile().chat().reasoningOutputField()).read(body);
                return HealthReport.healthy(null);
            }
            return modelList(body);
        } catch (GatewayException e) {
            return HealthReport.failed(e);
        }
    }

    private UpstreamRequest completionRequest(Account account) {
        JsonObject body = Jsons.objectBuilder()
                .add("model", settings.healthCheckModel())
                .add("messages", Jsons.arrayBuilder().add(Jsons.objectBuilder()
                        .add("role", "user").add("content", "Reply with the single word: ok")))
                .add(settings.profile().chat().maxTokensField().wire(), 1)
                .add("stream", false)
                .build();
        return UpstreamRequest.postJson(URI.create(settings.chatCompletionsUrl()),
                UpstreamHeaders.of(settings, account, false), body.toString());
    }

    /** A model list is {@code {"data":[…]}}; anything else does not show that the key works. */
    private static HealthReport modelList(byte[] body) {
        try {
            if (Jsons.arr(Jsons.parseObject(body), "data") != null) {
                return HealthReport.healthy(null);
            }
        } catch (JsonException e) {
            return HealthReport.unknown("the model list answered 200 but is not JSON (is base-url the API root?)");
        }
        return HealthReport.unknown("the model list answered 200 without a data array");
    }
}
