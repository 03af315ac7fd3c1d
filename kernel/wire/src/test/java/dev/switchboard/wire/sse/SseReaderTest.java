package dev.switchboard.wire.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The incremental SSE parser: line endings, fields, comments, and the same events however the bytes are cut. */
class SseReaderTest {
    private static final String STREAM = "event: message_start\ndata: {\"a\":1}\n\n"
            + ": keep-alive\n\n"
            + "data:no-space\r\ndata: second line\r\n\r\n"
            + "event: ping\rdata: {\"type\":\"ping\"}\r\r"
            + "id: 7\ndata: ünïcødé → 😀\nretry: 100\n\n"
            + "data: [DONE]\n\n"
            + "data: unterminated";

    private static final List<SseEvent> EXPECTED = List.of(
            new SseEvent("message_start", "{\"a\":1}", null),
            new SseEvent(null, "no-space\nsecond line", null),
            new SseEvent("ping", "{\"type\":\"ping\"}", null),
            new SseEvent(null, "ünïcødé → 😀", "7"),
            new SseEvent(null, "[DONE]", null),
            new SseEvent(null, "unterminated", null));

    @Test
    void readsEveryLineEndingFieldAndCommentInOneFeed() {
        assertEquals(EXPECTED, readIn(bytes(), List.of(bytes().length)));
    }

    @Test
    void theBytesCanBeCutAnywhereEvenInsideACrLfOrAMultiByteCharacter() {
        byte[] all = bytes();
        List<Integer> oneByOne = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            oneByOne.add(1);
        }
        assertEquals(EXPECTED, readIn(all, oneByOne));
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            List<Integer> cuts = new ArrayList<>();
            for (int left = all.length; left > 0; ) {
                int n = Math.min(left, random.nextInt(12)); // zero-length feeds included
                cuts.add(n);
                left -= n;
            }
            assertEquals(EXPECTED, readIn(all, cuts), "cuts " + cuts);
        }
    }

    @Test
    void aLongLineAcrossManyFeedsComesOutWhole() {
        String big = "x".repeat(100_000);
        byte[] all = ("data: " + big + "\n\n").getBytes(StandardCharsets.UTF_8);
        List<Integer> cuts = new ArrayList<>();
        for (int left = all.length; left > 0; left -= Math.min(left, 1000)) {
            cuts.add(Math.min(left, 1000));
        }
        assertEquals(List.of(new SseEvent(null, big, null)), readIn(all, cuts));
    }

    private static byte[] bytes() {
        return STREAM.getBytes(StandardCharsets.UTF_8);
    }

    private static List<SseEvent> readIn(byte[] all, List<Integer> cuts) {
        SseReader r = new SseReader();
        List<SseEvent> out = new ArrayList<>();
        int off = 0;
        for (int n : cuts) {
            byte[] chunk = new byte[n + 6]; // the bytes sit inside a larger buffer, as a socket read leaves them
            System.arraycopy(all, off, chunk, 3, n);
            out.addAll(r.feed(chunk, 3, n));
            off += n;
        }
        out.addAll(r.finish());
        return out;
    }
}
