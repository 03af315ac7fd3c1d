package dev.switchboard.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic mutations of real captures for the fuzzers: a property draws a seed document and a random seed,
 * and {@link #mutate} applies 1-8 edits (byte flips, inserts, deletions, duplicated or truncated ranges, and
 * tokens that break parsers: deep nesting, huge or overflowing numbers, lone surrogates, NUL, SSE framing).
 * The same two numbers always give the same input, so a failure jqwik reports can be replayed.
 */
public final class Mutations {
    private static final String[] TOKENS = {"{", "}", "[", "]", "\"", ",", ":", "null", "true", "-", "1e999", "-1e999",
            "1E+999999999", "0." + "9".repeat(1200), "\"\\ud800\"", "\\u0000", "\u0000", "\r\n", "\n\n", "data: ",
            "event: error\n", "data: [DONE]\n\n", "\"type\":", "\"index\":-1", "\"index\":2147483648", "NaN",
            "[".repeat(600) + "]".repeat(600), "{\"a\":".repeat(700), "\"\u00e9\u2028\"", "\\", "\uFFFF"};

    private Mutations() {
    }

    public static byte[] resource(String path) {
        try (InputStream in = Mutations.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] mutate(byte[] seed, long randomSeed) {
        Random r = new Random(randomSeed);
        byte[] b = seed.clone();
        int edits = 1 + r.nextInt(8);
        for (int i = 0; i < edits; i++) {
            b = edit(b, r);
        }
        return b;
    }

    private static byte[] edit(byte[] b, Random r) {
        int n = b.length;
        int at = n == 0 ? 0 : r.nextInt(n);
        ByteArrayOutputStream out = new ByteArrayOutputStream(n + 64);
        switch (r.nextInt(7)) {
            case 0 -> { // flip one byte
                byte[] c = b.clone();
                if (n > 0) {
                    c[at] = (byte) r.nextInt(256);
                }
                return c;
            }
            case 1 -> { // insert a parser-breaking token
                out.write(b, 0, at);
                out.writeBytes(TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
                out.write(b, at, n - at);
            }
            case 2 -> { // delete a range
                int len = Math.min(n - at, 1 + r.nextInt(64));
                out.write(b, 0, at);
                out.write(b, at + len, n - at - len);
            }
            case 3 -> { // duplicate a range
                int len = Math.min(n - at, 1 + r.nextInt(256));
                out.write(b, 0, at + len);
                out.write(b, at, n - at);
            }
            case 4 -> out.write(b, 0, at); // truncate
            case 5 -> { // random bytes
                out.write(b, 0, at);
                byte[] junk = new byte[1 + r.nextInt(16)];
                r.nextBytes(junk);
                out.writeBytes(junk);
                out.write(b, at, n - at);
            }
            default -> { // replace a quoted string's content with a number or an object
                int skip = Math.min(n, at + 1 + r.nextInt(8));
                out.write(b, 0, at);
                out.writeBytes((r.nextBoolean() ? "12345" : "{}").getBytes(StandardCharsets.UTF_8));
                out.write(b, skip, n - skip);
            }
        }
        return out.toByteArray();
    }

    /** Splits {@code b} into 1-12 random pieces (decoders must not care where reads end). */
    public static List<byte[]> chunks(byte[] b, long randomSeed) {
        Random r = new Random(randomSeed ^ 0x5DEECE66DL);
        List<byte[]> out = new ArrayList<>();
        int pos = 0;
        int pieces = 1 + r.nextInt(12);
        for (int i = 0; i < pieces - 1 && pos < b.length; i++) {
            int len = 1 + r.nextInt(Math.max(1, (b.length - pos) / 2 + 1));
            int end = Math.min(b.length, pos + len);
            out.add(java.util.Arrays.copyOfRange(b, pos, end));
            pos = end;
        }
        out.add(java.util.Arrays.copyOfRange(b, pos, b.length));
        return out;
    }

    /**
     * Feeds {@code body} to a fresh decoder in random pieces and ends it; fails unless the events end in the
     * stream's terminal event or an error event (a stream never ends silently) — an unchecked exception fails too.
     */
    public static List<dev.switchboard.spi.stream.StreamEvent> assertEndsInStopOrError(
            dev.switchboard.spi.ResponseDecoder decoder, byte[] body, long randomSeed) {
        List<dev.switchboard.spi.stream.StreamEvent> events = new ArrayList<>();
        for (byte[] c : chunks(body, randomSeed)) {
            events.addAll(decoder.onBytes(c, 0, c.length));
        }
        events.addAll(decoder.onEnd());
        org.junit.jupiter.api.Assertions.assertFalse(events.isEmpty(), "a stream always ends with something");
        var last = events.getLast();
        org.junit.jupiter.api.Assertions.assertTrue(last instanceof dev.switchboard.spi.stream.StreamEvent.MessageStop
                || last instanceof dev.switchboard.spi.stream.StreamEvent.StreamError,
                "a stream ends in its terminal event or an error, got " + last);
        return events;
    }
}
