package dev.switchboard.wire.sse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SSE reader never buffers more than one bounded event: oversized input breaks the stream, visibly. */
class SseReaderBoundsTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void eventsUpToTheBoundPass() {
        SseReader r = new SseReader(64);
        List<SseEvent> out = r.feed(b("data: " + "x".repeat(50) + "\n\n"), 0, 58);
        assertEquals(1, out.size());
        assertNull(r.failure());
    }

    @Test
    void aLineWithoutEndBreaksTheStreamAtTheBound() {
        SseReader r = new SseReader(1024);
        List<SseEvent> out = new ArrayList<>(r.feed(b("data: {\"a\":1}\n\n"), 0, 15));
        byte[] junk = new byte[4096];
        Arrays.fill(junk, (byte) 'j');
        out.addAll(r.feed(junk, 0, junk.length));
        assertEquals(1, out.size(), "the complete event before the junk still counts");
        assertTrue(r.failure().contains("exceeds 1024 bytes"), r.failure());
        assertEquals(List.of(), r.feed(b("data: {}\n\n"), 0, 10), "nothing after the break");
        assertEquals(List.of(), r.finish());
    }

    @Test
    void manyDataLinesOfOneEventCountTogether() {
        SseReader r = new SseReader(100);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append("data: 0123456789\n");
        }
        byte[] bytes = b(sb.toString());
        assertEquals(List.of(), r.feed(bytes, 0, bytes.length));
        assertTrue(r.failure() != null, "a multi-line event over the bound");
    }

    @Test
    void commentsAndBlankLinesAreNotBuffered() {
        SseReader r = new SseReader(100);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            sb.append(": keep-alive\n\n");
        }
        sb.append("data: {}\n\n");
        byte[] bytes = b(sb.toString());
        assertEquals(1, r.feed(bytes, 0, bytes.length).size());
        assertNull(r.failure());
    }
}
