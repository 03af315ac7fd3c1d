package dev.switchboard.plugin.kiro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.UpstreamError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** Every Kiro error shape (HTTP and in-stream, "too long" included) maps to its kind, one fixture per substring rule.
 */
class KiroErrorClassifierTest {
    private static final Logger LOG = Logger.getLogger(KiroErrorClassifierTest.class.getName());
    private static final java.time.Clock CLOCK = java.time.Clock.systemUTC();
    private static final KiroErrorClassifier GENERIC = KiroErrorClassifier.generic(CLOCK, LOG);

    static UpstreamError error(int status, String body, String... headers) {
        HttpHeaders h = HttpHeaders.create();
        for (int i = 0; i < headers.length; i += 2) {
            h.set(headers[i], headers[i + 1]);
        }
        return new UpstreamError(status, h, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void contentLengthExceedsThresholdIsPromptTooLongWithTheEstimate() {
        UpstreamError e = error(400, "{\"message\":\"Input is too long.\",\"reason\":\"CONTENT_LENGTH_EXCEEDS_THRESHOLD\"}",
                "x-amzn-errortype", "ValidationException:http://internal.amazon.com/coral/com.amazon.aws.codewhisperer/");
        GatewayException g = KiroErrorClassifier.forCall(250_123, 200_000, null, CLOCK, LOG).classify(e);
        assertEquals(ErrorKind.CONTEXT_TOO_LONG, g.kind());
        assertEquals("prompt is too long: 250123 tokens > 200000 maximum", g.getMessage());
        assertEquals(400, g.upstreamStatus());
        // An estimate below the window still reports a figure above it: the upstream said it does not fit.
        assertEquals("prompt is too long: 200001 tokens > 200000 maximum",
                KiroErrorClassifier.forCall(1_000, 200_000, null, CLOCK, LOG).classify(e).getMessage());
        assertEquals(ErrorKind.CONTEXT_TOO_LONG, GENERIC.classify(error(400,
                "{\"message\":\"x\",\"reason\":\"PROMPT_TOO_LONG\"}")).kind());
        assertEquals(ErrorKind.CONTEXT_TOO_LONG, GENERIC.classify(error(400,
                "{\"message\":\"Input is too long for this model\"}")).kind());
    }

    @Test
    void improperlyFormedIsAClientErrorWithTheUpstreamMessage() {
        GatewayException g = GENERIC.classify(error(400, "{\"message\":\"Improperly formed request.\",\"reason\":null}"));
        assertEquals(ErrorKind.INVALID_REQUEST, g.kind());
        assertEquals("Improperly formed request.", g.getMessage());
        assertTrue(!g.kind().retryable() && g.kind().effect() == dev.switchboard.spi.AccountEffect.NONE);
    }

    @Test
    void accessDeniedAndBadBearerAreAuthFailures() {
        GatewayException g = GENERIC.classify(error(403,
                "{\"message\":\"The bearer token included in the request is invalid.\",\"reason\":null}",
                "x-amzn-errortype", "AccessDeniedException:http://internal.amazon.com/coral/"));
        assertEquals(ErrorKind.UPSTREAM_AUTH, g.kind());
        assertTrue(g.getMessage().contains("AccessDeniedException"));
        assertEquals(ErrorKind.UPSTREAM_AUTH, GENERIC.classify(error(401, "")).kind());
        assertEquals(ErrorKind.UPSTREAM_AUTH, GENERIC.classify(error(403,
                "{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"message\":\"denied\"}")).kind(),
                "the type may come in the body's __type");
    }

    /** Account poisoning: only the status, x-amzn-errortype / __type and reason decide, never the message. */
    @Test
    void promptTextQuotedInAnErrorNeverTouchesTheAccount() {
        String quoted = "{\"message\":\"The bearer token included in the request is invalid. MONTHLY_REQUEST_COUNT"
                + " ThrottlingException AccessDeniedException ServiceQuotaExceededException\",\"reason\":null}";
        for (int status : new int[]{400, 403, 404, 409, 413, 422}) {
            GatewayException g = GENERIC.classify(error(status, quoted));
            assertEquals(dev.switchboard.spi.AccountEffect.NONE, g.kind().effect(), status + " -> " + g.kind());
        }
        GatewayException html403 = GENERIC.classify(error(403, "<html>Access denied by corporate proxy</html>"));
        assertEquals(ErrorKind.PERMISSION, html403.kind(), "a 403 without a credential type is relayed, no penalty");
        assertEquals(ErrorKind.NOT_FOUND, GENERIC.classify(error(404, "{\"message\":\"x\"}")).kind(),
                "a wrong endpoint is the same for every account: never a penalty");
    }

    @Test
    void quotaAndThrottling() {
        Instant reset = Instant.parse("2026-07-01T00:00:00Z");
        GatewayException q = KiroErrorClassifier.forCall(1, 200_000, reset, CLOCK, LOG).classify(error(400,
                "{\"message\":\"monthly limit\",\"reason\":\"MONTHLY_REQUEST_COUNT\"}"));
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, q.kind());
        assertEquals(reset, q.until());
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, GENERIC.classify(error(402, "{}")).kind());
        assertNull(GENERIC.classify(error(402, "{}")).until());
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, GENERIC.classify(error(429,
                "{\"__type\":\"com.amazon.aws.codewhisperer#ServiceQuotaExceededException\",\"message\":\"q\"}")).kind());
        GatewayException t = GENERIC.classify(error(429, "{\"message\":\"Too many requests\"}",
                "x-amzn-errortype", "ThrottlingException", "retry-after", "30"));
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, t.kind());
        assertEquals(Duration.ofSeconds(30), t.retryAfter());
    }

    @Test
    void serverSideFailuresFailOver() {
        assertEquals(ErrorKind.UPSTREAM_SERVER, GENERIC.classify(error(500, "{\"message\":\"boom\"}")).kind());
        assertEquals(ErrorKind.UPSTREAM_OVERLOADED, GENERIC.classify(error(500, "{}",
                "x-amzn-errortype", "ServiceUnavailableException")).kind());
        assertEquals(ErrorKind.UPSTREAM_OVERLOADED, GENERIC.classify(error(503, "<html>busy</html>")).kind());
        assertEquals(ErrorKind.UPSTREAM_TIMEOUT, GENERIC.classify(error(504, "")).kind());
        GatewayException html = GENERIC.classify(error(502, "<html><body>Bad gateway</body></html>"));
        assertEquals(ErrorKind.UPSTREAM_SERVER, html.kind());
        assertTrue(html.kind().retryable());
    }
}
