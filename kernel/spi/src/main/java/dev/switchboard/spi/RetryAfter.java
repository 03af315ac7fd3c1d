package dev.switchboard.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Parses {@code Retry-After} (seconds or an HTTP date) and {@code retry-after-ms}. Stateless.
 */
public final class RetryAfter {
    private RetryAfter() {
    }

    /**
     * The delay an upstream asked for, or null when it gave none (or nothing readable).
     *
     * @param headers response headers
     * @param now     the current time, for HTTP-date values
     */
    public static Duration from(HttpHeaders headers, Instant now) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            try {
                double v = Double.parseDouble(ms.trim());
                if (v >= 0) {
                    return Duration.ofMillis((long) Math.ceil(v));
                }
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        String ra = headers.get("retry-after");
        return ra == null ? null : parse(ra, now);
    }

    /** Parses one {@code Retry-After} value; null when malformed. */
    public static Duration parse(String value, Instant now) {
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 ? null : Duration.ofMillis((long) Math.ceil(seconds * 1000));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException ex) {
                return null;
            }
        }
    }
}
