package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.UpstreamError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each error class with the real bodies of OpenAI, Gemini (object and array forms), DeepSeek, vLLM and Ollama. */
class ErrorClassifierTest {
    private final OpenAiCompatErrorClassifier classifier = new OpenAiCompatErrorClassifier(
            Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));

    static byte[] fixture(String name) {
        try (InputStream in = ErrorClassifierTest.class.getResourceAsStream("/errors/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private GatewayException classify(int status, String file, String... headers) {
        HttpHeaders h = HttpHeaders.create();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            h.set(headers[i], headers[i + 1]);
        }
        return classifier.classify(new UpstreamError(status, h, fixture(file)));
    }

    @ParameterizedTest(name = "{1} ({0}) -> {2}")
    @CsvSource({
            "429, openai-insufficient-quota.json,     UPSTREAM_QUOTA_EXHAUSTED",
            "402, deepseek-insufficient-balance.json, UPSTREAM_QUOTA_EXHAUSTED",
            "429, openai-rate-limit.json,             UPSTREAM_RATE_LIMITED",
            "429, gemini-resource-exhausted.json,     UPSTREAM_RATE_LIMITED",
            "400, openai-context-length.json,         CONTEXT_TOO_LONG",
            "400, deepseek-context.json,              CONTEXT_TOO_LONG",
            "400, gemini-context.json,                CONTEXT_TOO_LONG",
            "400, vllm-context.json,                  CONTEXT_TOO_LONG",
            "401, openai-invalid-api-key.json,        UPSTREAM_AUTH",
            "401, deepseek-auth.json,                 UPSTREAM_AUTH",
            "400, gemini-api-key-invalid.json,        UPSTREAM_AUTH",
            "403, gemini-permission-denied.json,      UPSTREAM_AUTH",
            "403, openai-region-403.json,             UPSTREAM_AUTH",
            "403, policy-403.json,                    PERMISSION",
            "403, html-403.html,                      PERMISSION",
            "400, azure-content-filter.json,          INVALID_REQUEST",
            "400, gemini-invalid-argument.json,       INVALID_REQUEST",
            "400, openai-bad-request.json,            INVALID_REQUEST",
            "404, ollama-model-not-found.json,        NOT_FOUND",
            "404, openai-model-not-found-echo.json,   NOT_FOUND",
            "500, openai-server-error.json,           UPSTREAM_SERVER",
            "503, gemini-unavailable.json,            UPSTREAM_OVERLOADED",
            "503, deepseek-busy.json,                 UPSTREAM_OVERLOADED",
            "502, html-502.html,                      UPSTREAM_OVERLOADED",
            "504, openai-server-error.json,           UPSTREAM_TIMEOUT",
    })
    void everyClassHasItsFixture(int status, String file, ErrorKind expected) {
        GatewayException e = classify(status, file);
        assertEquals(expected, e.kind(), e.getMessage());
        assertEquals(status, e.upstreamStatus());
    }

    @Test
    void theMinimalGeminiArrayFormIsUnderstood() {
        GatewayException e = classifier.classify(new UpstreamError(400, HttpHeaders.create(),
                "[{\"error\":{\"code\":400,\"status\":\"INVALID_ARGUMENT\"}}]".getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        assertTrue(e.getMessage().contains("400"), e.getMessage());
    }

    @Test
    void retryAfterComesFromHeadersThenGeminiRetryInfoNeverFromTheMessage() {
        assertEquals(Duration.ofSeconds(7), classify(429, "openai-rate-limit.json", "retry-after", "7").retryAfter());
        assertEquals(Duration.ofMillis(2500),
                classify(429, "openai-rate-limit.json", "retry-after-ms", "2500", "retry-after", "9").retryAfter());
        assertEquals(Duration.ofSeconds(37), classify(429, "gemini-resource-exhausted.json").retryAfter());
        assertEquals(Duration.ofSeconds(360), classify(429, "openai-rate-limit.json", "x-ratelimit-remaining-tokens",
                "0", "x-ratelimit-reset-tokens", "6m0s", "x-ratelimit-remaining-requests", "99",
                "x-ratelimit-reset-requests", "1s").retryAfter(), "the reset of the used-up bucket");
        assertNull(classify(429, "openai-rate-limit.json").retryAfter(),
                "'Please try again in 1.4s' is message text, which may echo the client: the pool's cooldown applies");
        assertNull(classify(429, "openai-insufficient-quota.json").retryAfter());
    }

    /** Account poisoning: text a client can put into a 4xx (here as its model name) never decides an account effect. */
    @Test
    void clientTextInA4xxMessageNeverDecidesTheAccountEffect() {
        String poison = "no-such model; incorrect api key; invalid api key; API key not valid; authentication fails;"
                + " api key expired; insufficient_quota; permission denied";
        for (int status : new int[]{400, 403, 404, 409, 422}) {
            for (String body : new String[]{
                    "{\"error\":{\"message\":\"The model `" + poison + "` does not exist\",\"type\":"
                            + "\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}",
                    "{\"error\":\"model \\\"" + poison + "\\\" not found\"}",
                    "[{\"error\":{\"code\":" + status + ",\"message\":\"" + poison + "\",\"status\":\"INVALID_ARGUMENT\"}}]",
                    "<html>" + poison + "</html>"}) {
                GatewayException e = classifier.classify(new UpstreamError(status, HttpHeaders.create(),
                        body.getBytes(StandardCharsets.UTF_8)));
                assertEquals(dev.switchboard.spi.AccountEffect.NONE, e.kind().effect(), status + " " + body);
            }
        }
    }

    @Test
    void authFailuresNeverCarryUpstreamTextOrBodies() {
        for (String f : new String[]{"openai-invalid-api-key.json", "deepseek-auth.json"}) {
            GatewayException e = classify(401, f);
            assertFalse(e.getMessage().contains("****") || e.getMessage().contains("sk-"), e.getMessage());
            assertTrue(e.getMessage().startsWith("upstream credential rejected (HTTP 401"), e.getMessage());
            assertNull(e.upstreamBody(), "the body quotes (masked) keys: never relayed");
        }
        GatewayException gemini = classify(400, "gemini-api-key-invalid.json");
        assertEquals("upstream credential rejected (HTTP 400, INVALID_ARGUMENT)", gemini.getMessage());
    }

    @Test
    void otherErrorsKeepTheUpstreamMessageAndBodyButMaskKeyLikeText() {
        GatewayException e = classify(400, "openai-context-length.json");
        assertTrue(e.getMessage().startsWith("This model's maximum context length is 128000 tokens"));
        assertEquals("messages", e.param());
        assertArrayEquals(fixture("openai-context-length.json"), e.upstreamBody(), "relayed to same-dialect clients");
        assertEquals("bad key [redacted] here and [redacted] is invalid",
                OpenAiCompatErrorClassifier.mask("bad key sk-abc123456 here and api key: ****ab12 is invalid"));
        assertEquals("upstream returned HTTP 502: 502 Bad Gateway 502 Bad Gateway nginx/1.25.3",
                classify(502, "html-502.html").getMessage(), "HTML becomes a short status-derived message");
    }

    @Test
    void tooManyTokensPerMinuteIsARateLimitNotAContextProblem() {
        GatewayException e = classifier.classify(new UpstreamError(429, HttpHeaders.create(),
                "{\"error\":{\"message\":\"too many input tokens per minute, reduce the length of the messages\"}}"
                        .getBytes(StandardCharsets.UTF_8)));
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, e.kind());
    }
}
