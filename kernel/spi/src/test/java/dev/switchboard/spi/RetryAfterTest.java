package dev.switchboard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Delays come from headers only: Retry-After in both forms, retry-after-ms, and the reset of a used-up bucket. */
class RetryAfterTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private static HttpHeaders h(String... pairs) {
        HttpHeaders h = HttpHeaders.create();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            h.set(pairs[i], pairs[i + 1]);
        }
        return h;
    }

    @Test
    void retryAfterSecondsDatesAndMilliseconds() {
        assertEquals(Duration.ofSeconds(7), RetryAfter.from(h("retry-after", "7"), NOW));
        assertEquals(Duration.ofMillis(1500), RetryAfter.from(h("retry-after", "1.5"), NOW));
        assertEquals(Duration.ofMillis(250), RetryAfter.from(h("retry-after-ms", "250", "retry-after", "9"), NOW));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atOffset(ZoneOffset.UTC));
        assertEquals(Duration.ofSeconds(30), RetryAfter.from(h("retry-after", date), NOW));
        assertNull(RetryAfter.from(h("retry-after", "soon"), NOW));
        assertNull(RetryAfter.from(h(), NOW));
    }

    @Test
    void absurdValuesSaturateInsteadOfOverflowing() {
        Duration huge = RetryAfter.from(h("retry-after", "999999999999999999999999"), NOW);
        assertTrue(huge.compareTo(Duration.ofDays(365 * 1000)) > 0, "kept huge for the kernel to cap: " + huge);
        assertEquals(Duration.ofSeconds(999_999_999), RetryAfter.from(h("retry-after", "999999999"), NOW));
        assertNull(RetryAfter.from(h("retry-after", "NaN"), NOW));
        assertNull(RetryAfter.from(h("retry-after", "-5"), NOW));
    }

    @Test
    void theResetOfAUsedUpOpenAiStyleBucketCounts() {
        assertEquals(Duration.ofSeconds(360), RetryAfter.from(h("x-ratelimit-remaining-tokens", "0",
                "x-ratelimit-reset-tokens", "6m0s", "x-ratelimit-remaining-requests", "12",
                "x-ratelimit-reset-requests", "2s"), NOW), "only the used-up bucket says when to retry");
        assertEquals(Duration.ofMillis(179_560), RetryAfter.from(h("x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "2m59.56s"), NOW));
        assertEquals(Duration.ofMillis(20), RetryAfter.from(h("x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "20ms"), NOW));
        assertEquals(Duration.ofSeconds(3723), RetryAfter.from(h("x-ratelimit-remaining-tokens", "0",
                "x-ratelimit-reset-tokens", "1h2m3s"), NOW));
        assertNull(RetryAfter.from(h("x-ratelimit-remaining-requests", "5", "x-ratelimit-reset-requests", "1s"), NOW),
                "a bucket with room left is no reason to wait");
        assertNull(RetryAfter.from(h("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests", "1x2y"), NOW));
    }

    @Test
    void theResetOfAUsedUpAnthropicBucketCounts() {
        assertEquals(Duration.ofSeconds(42), RetryAfter.from(h("anthropic-ratelimit-output-tokens-remaining", "0",
                "anthropic-ratelimit-output-tokens-reset", "2026-11-22T10:00:42Z",
                "anthropic-ratelimit-requests-remaining", "40",
                "anthropic-ratelimit-requests-reset", "2026-11-22T10:00:01Z"), NOW));
    }

    @Test
    void retryAfterWinsOverResetHeaders() {
        assertEquals(Duration.ofSeconds(3), RetryAfter.from(h("retry-after", "3", "x-ratelimit-remaining-requests", "0",
                "x-ratelimit-reset-requests", "10m"), NOW));
    }
}
