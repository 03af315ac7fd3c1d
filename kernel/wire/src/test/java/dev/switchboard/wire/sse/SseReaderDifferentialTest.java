package dev.switchboard.wire.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reader tells fields on bytes and decodes only the values it keeps; the reader it replaced decoded every line
 * and cut the text. Both must give the same events and the same failure for any input, cut anywhere: seeded
 * streams of real-looking lines, odd fields, every line ending, invalid UTF-8 (also next to the colon and the
 * space), long lines across feeds, and bounds small enough to break.
 */
class SseReaderDifferentialTest {
    private static final String[] FIELDS = {"data", "event", "id", "retry", "dat", "datas", "Data", "", "dätä", "é"};
    private static final String[] VALUES = {"{\"a\":1}", " {\"b\":\"ü → 😀\"}", "", " ", "  two spaces", "[DONE]",
            " message_start", "x:y:z", "\t tab", ":"};
    private static final String[] ENDINGS = {"\n", "\r\n", "\r"};
    private static final byte[][] INVALID = {{(byte) 0xC3}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF},
            {(byte) 0x80, (byte) 0x80}, {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}};

    @Test
    void givesTheTextReadersEventsForSeededStreamsCutAnywhere() {
        Random random = new Random(20261207);
        int events = 0;
        int failures = 0;
        for (int run = 0; run < 8_000; run++) {
            byte[] stream = stream(random);
            int bound = random.nextInt(4) == 0 ? 16 + random.nextInt(200) : SseReader.DEFAULT_MAX_EVENT_BYTES;
            List<Integer> cuts = cuts(random, stream.length);
            Outcome expected = readText(stream, cuts, bound);
            Outcome actual = read(stream, cuts, bound);
            assertEquals(expected, actual, () -> "stream " + printable(stream) + " cuts " + cuts + " bound " + bound);
            events += expected.events().size();
            failures += expected.failure() == null ? 0 : 1;
        }
        assertTrue(events > 4_000, "the seeded streams produced events: " + events);
        assertTrue(failures > 100, "some seeded streams broke the bound: " + failures);
    }

    @Test
    void aDataLineLongerThanOneFeedAndSeveralDataLinesJoinAsBefore() {
        byte[] stream = ("data: " + "é".repeat(5_000) + "\ndata:\ndata: b\r\n\r\n" + "data: " + "x".repeat(9_000)
                + "\n\n").getBytes(StandardCharsets.UTF_8);
        for (int feed : new int[] {1, 7, 1000, stream.length}) {
            List<Integer> cuts = new ArrayList<>();
            for (int left = stream.length; left > 0; left -= Math.min(left, feed)) {
                cuts.add(Math.min(left, feed));
            }
            Outcome actual = read(stream, cuts, SseReader.DEFAULT_MAX_EVENT_BYTES);
            assertEquals(readText(stream, cuts, SseReader.DEFAULT_MAX_EVENT_BYTES), actual);
            assertEquals(List.of(new SseEvent(null, "é".repeat(5_000) + "\n\nb", null),
                    new SseEvent(null, "x".repeat(9_000), null)), actual.events());
        }
    }

    private record Outcome(List<SseEvent> events, String failure) {
    }

    private static byte[] stream(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int lines = 1 + random.nextInt(12);
        for (int l = 0; l < lines; l++) {
            int shape = random.nextInt(10);
            if (shape == 0) {
                write(out, ": keep-alive");
            } else if (shape == 1) {
                // a blank line: dispatches
            } else if (shape == 2) {
                write(out, "data");
            } else if (shape == 3) {
                out.writeBytes(INVALID[random.nextInt(INVALID.length)]);
                write(out, random.nextBoolean() ? ": v" : "data: v");
            } else {
                write(out, FIELDS[random.nextInt(FIELDS.length)]);
                if (random.nextInt(8) == 0) {
                    out.writeBytes(INVALID[random.nextInt(INVALID.length)]);
                }
                write(out, ":");
                if (random.nextInt(6) == 0) {
                    out.writeBytes(INVALID[random.nextInt(INVALID.length)]);
                }
                write(out, random.nextInt(10) == 0 ? "v".repeat(random.nextInt(300)) : VALUES[random.nextInt(
                        VALUES.length)]);
                if (random.nextInt(6) == 0) {
                    out.writeBytes(INVALID[random.nextInt(INVALID.length)]);
                }
            }
            if (l < lines - 1 || random.nextBoolean()) { // the last line may lack its ending
                write(out, ENDINGS[random.nextInt(ENDINGS.length)]);
            }
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    private static List<Integer> cuts(Random random, int length) {
        List<Integer> cuts = new ArrayList<>();
        int max = random.nextBoolean() ? 4 : 64;
        for (int left = length; left > 0; ) {
            int n = Math.min(left, random.nextInt(max)); // zero-length feeds included
            cuts.add(n);
            left -= n;
        }
        return cuts;
    }

    private static Outcome read(byte[] all, List<Integer> cuts, int bound) {
        SseReader r = new SseReader(bound);
        List<SseEvent> out = new ArrayList<>();
        int off = 0;
        for (int n : cuts) {
            byte[] chunk = new byte[n + 4]; // inside a larger buffer, as a socket read leaves them
            System.arraycopy(all, off, chunk, 2, n);
            out.addAll(r.feed(chunk, 2, n));
            off += n;
        }
        out.addAll(r.finish());
        return new Outcome(out, r.failure());
    }

    private static Outcome readText(byte[] all, List<Integer> cuts, int bound) {
        TextSseReader r = new TextSseReader(bound);
        List<SseEvent> out = new ArrayList<>();
        int off = 0;
        for (int n : cuts) {
            out.addAll(r.feed(all, off, n));
            off += n;
        }
        out.addAll(r.finish());
        return new Outcome(out, r.failure());
    }

    private static String printable(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(x >= 32 && x < 127 ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
        }
        return s.toString();
    }
}
