package dev.switchboard.plugin.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.AccountEffect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.UpstreamError;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Account effects follow the status, {@code error.type} and headers — never the message. */
class AnthropicErrorClassifierTest {
    static final Instant NOW = Instant.parse("2026-12-07T03:00:00Z");
    final AnthropicErrorClassifier classifier = new AnthropicErrorClassifier(Clock.fixed(NOW, ZoneOffset.UTC));

    static String body(String type, String message) {
        return "{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\"}}";
    }

    GatewayException classify(int status, String body, HttpHeaders headers) {
        return classifier.classify(new UpstreamError(status, headers, body.getBytes(StandardCharsets.UTF_8)));
    }

    GatewayException classify(int status, String body) {
        return classify(status, body, HttpHeaders.create());
    }

    @Test
    void a401NeedsANewKeyAndNeverQuotesTheUpstream() {
        GatewayException e = classify(401, body("authentication_error", "invalid x-api-key sk-ant-api03-abc***"));
        assertEquals(ErrorKind.UPSTREAM_AUTH, e.kind());
        assertEquals(AccountEffect.REAUTH, e.kind().effect());
        assertFalse(e.getMessage().contains("sk-ant"), e.getMessage());
        assertTrue(e.getMessage().contains("authentication_error"), e.getMessage());
    }

    @Test
    void a403PermissionErrorIsAboutTheKeyAnyOther403IsNot() {
        assertEquals(ErrorKind.UPSTREAM_AUTH, classify(403, body("permission_error",
                "Your API key does not have permission to use the specified resource.")).kind());
        assertEquals(ErrorKind.UPSTREAM_AUTH, classify(403, body("authentication_error", "x")).kind());
        GatewayException other = classify(403, body("invalid_request_error", "permission_error authentication_error"));
        assertEquals(ErrorKind.PERMISSION, other.kind());
        assertEquals(AccountEffect.NONE, other.kind().effect());
        assertEquals(ErrorKind.PERMISSION, classify(403, "<html>Forbidden</html>").kind(), "a proxy's bare 403");
    }

    @Test
    void a429CoolsUntilRetryAfter() {
        GatewayException e = classify(429, body("rate_limit_error", "slow down"),
                HttpHeaders.create().set("retry-after", "17"));
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, e.kind());
        assertEquals(AccountEffect.COOLDOWN, e.kind().effect());
        assertEquals(Duration.ofSeconds(17), e.retryAfter());
    }

    @Test
    void a429WithoutRetryAfterCoolsUntilTheUsedUpBucketResets() {
        GatewayException e = classify(429, body("rate_limit_error", "slow down"), HttpHeaders.create()
                .set("anthropic-ratelimit-tokens-remaining", "0")
                .set("anthropic-ratelimit-tokens-reset", "2026-12-07T03:02:30Z")
                .set("anthropic-ratelimit-requests-remaining", "12")
                .set("anthropic-ratelimit-requests-reset", "2026-12-07T03:10:00Z"));
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, e.kind());
        assertEquals(Duration.ofSeconds(150), e.retryAfter(), "the bucket that is used up decides, not the other");
    }

    @Test
    void overloadedFailsOverAndCountsLikeA5xx() {
        GatewayException e = classify(529, body("overloaded_error", "Overloaded"));
        assertEquals(ErrorKind.UPSTREAM_OVERLOADED, e.kind());
        assertTrue(e.kind().retryable());
        assertEquals(AccountEffect.COUNT_ERROR, e.kind().effect());
        assertEquals(ErrorKind.UPSTREAM_OVERLOADED, classify(500, body("overloaded_error", "Overloaded")).kind());
        assertEquals(ErrorKind.UPSTREAM_SERVER, classify(500, body("api_error", "Internal server error")).kind());
    }

    @Test
    void billingErrorsExhaustTheAccount() {
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, classify(402, body("billing_error", "pay")).kind());
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, classify(429, body("billing_error", "pay")).kind());
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 404, 409, 413, 422})
    void requestErrorsNeverTouchTheAccountWhateverTheirType(int status) {
        for (String type : new String[]{"authentication_error", "permission_error", "billing_error", "rate_limit_error",
                "overloaded_error", "invalid_request_error"}) {
            GatewayException e = classify(status, body(type, "invalid x-api-key; rate limit; overloaded"));
            assertEquals(AccountEffect.NONE, e.kind().effect(), status + " " + type + " -> " + e.kind());
            assertFalse(e.kind().retryable(), status + " " + type);
        }
    }

    @Test
    void promptTooLongIsTheContextKind() {
        GatewayException e = classify(400, body("invalid_request_error", "prompt is too long: 210000 tokens > 200000 maximum"));
        assertEquals(ErrorKind.CONTEXT_TOO_LONG, e.kind());
        assertNull(e.retryAfter());
    }
}
