package dev.switchboard.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The delay an upstream asked for, read from headers only — never from message text, which may echo what a
 * client sent. In order: {@code retry-after-ms}; {@code Retry-After} (seconds or an HTTP date); else the reset
 * time of a rate-limit bucket the answer reports as used up ({@code x-ratelimit-remaining-requests: 0} with
 * {@code x-ratelimit-reset-requests: 6m0s} as OpenAI, Groq and DeepSeek send them, or Anthropic's
 * {@code anthropic-ratelimit-*-remaining: 0} with an RFC 3339 {@code anthropic-ratelimit-*-reset}). The values
 * are the upstream's; the kernel caps them (the provider's {@code max-cooldown}). Stateless.
 */
public final class RetryAfter {
    /** Bucket names of the OpenAI-style {@code x-ratelimit-*-<bucket>} headers. */
    private static final String[] OPENAI_BUCKETS = {"requests", "tokens"};
    /** Bucket names of Anthropic's {@code anthropic-ratelimit-<bucket>-*} headers. */
    private static final String[] ANTHROPIC_BUCKETS = {"requests", "tokens", "input-tokens", "output-tokens"};
    /** One part of a Go duration ({@code 1h2m3.5s}, {@code 20ms}), the format of OpenAI's reset headers. */
    private static final Pattern GO_DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|h|m|s)");
    private static final Pattern BARE_SECONDS = Pattern.compile("\\d+(?:\\.\\d+)?");

    private RetryAfter() {
    }

    /**
     * The delay an upstream asked for, or null when it gave none (or nothing readable).
     *
     * @param headers response headers
     * @param now     the current time, for date values
     */
    public static Duration from(HttpHeaders headers, Instant now) {
        String ms = headers.get("retry-after-ms");
        if (ms != null) {
            try {
                double v = Double.parseDouble(ms.trim());
                if (v >= 0 && Double.isFinite(v)) {
                    return millis(Math.ceil(v));
                }
            } catch (NumberFormatException e) {
                // fall through to Retry-After
            }
        }
        String ra = headers.get("retry-after");
        Duration d = ra == null ? null : parse(ra, now);
        return d != null ? d : exhaustedBucketReset(headers, now);
    }

    /** Parses one {@code Retry-After} value; null when malformed. */
    public static Duration parse(String value, Instant now) {
        String v = value.trim();
        try {
            double seconds = Double.parseDouble(v);
            return seconds < 0 || !Double.isFinite(seconds) ? null : millis(Math.ceil(seconds * 1000));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return untilFrom(now, at);
            } catch (DateTimeParseException ex) {
                return null;
            }
        }
    }

    /**
     * The latest reset among the rate-limit buckets the headers report as used up, or null. A bucket with
     * requests or tokens left says nothing about when to retry, so it is ignored.
     */
    static Duration exhaustedBucketReset(HttpHeaders headers, Instant now) {
        Duration latest = null;
        for (String bucket : OPENAI_BUCKETS) {
            if (isZero(headers.get("x-ratelimit-remaining-" + bucket))) {
                latest = later(latest, goDuration(headers.get("x-ratelimit-reset-" + bucket)));
            }
        }
        for (String bucket : ANTHROPIC_BUCKETS) {
            if (isZero(headers.get("anthropic-ratelimit-" + bucket + "-remaining"))) {
                latest = later(latest, timestamp(headers.get("anthropic-ratelimit-" + bucket + "-reset"), now));
            }
        }
        return latest;
    }

    /** A Go duration such as {@code 6m0s}, {@code 1.5s} or {@code 20ms}; a bare number counts as seconds. */
    static Duration goDuration(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (BARE_SECONDS.matcher(v).matches()) {
            return millis(Math.ceil(Double.parseDouble(v) * 1000));
        }
        Matcher m = GO_DURATION_PART.matcher(v);
        double nanos = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) {
                return null;
            }
            end = m.end();
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "h" -> 3_600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
        }
        return end == v.length() && end > 0 ? millis(Math.ceil(nanos / 1e6)) : null;
    }

    private static Duration timestamp(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return untilFrom(now, OffsetDateTime.parse(value.trim()).toInstant());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isZero(String remaining) {
        if (remaining == null) {
            return false;
        }
        try {
            return Double.parseDouble(remaining.trim()) <= 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static Duration later(Duration a, Duration b) {
        return b == null ? a : a == null || b.compareTo(a) > 0 ? b : a;
    }

    private static Duration untilFrom(Instant now, Instant at) {
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Milliseconds as a duration; absurd values (a date centuries ahead) saturate instead of overflowing. */
    private static Duration millis(double ms) {
        return Duration.ofMillis(ms >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) ms);
    }
}
