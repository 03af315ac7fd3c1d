package dev.switchboard.plugin.kiro.eventstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.KiroFixtures;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** The AWS event-stream framing decoder against the shared fixture and hand-made frames. */
class EventStreamDecoderTest {

    @Test
    void sampleStreamDecodesToTheSevenDocumentedFrames() throws Exception {
        List<EventStreamMessage> frames = feed(new EventStreamDecoder(), KiroFixtures.toolUseStream(), 0, 1127);
        assertEquals(7, frames.size());
        String[] types = {"assistantResponseEvent", "toolUseEvent", "toolUseEvent", "toolUseEvent", "toolUseEvent",
                "meteringEvent", "contextUsageEvent"};
        String[] payloads = {
                "{\"content\":\"I will read the file.\"}",
                "{\"name\":\"Read\",\"toolUseId\":\"tooluse_AbCdEfGhIjKlMnOpQrStUv\"}",
                "{\"input\":\"{\\\"file_pa\",\"name\":\"Read\",\"toolUseId\":\"tooluse_AbCdEfGhIjKlMnOpQrStUv\"}",
                "{\"input\":\"th\\\": \\\"/src/a.txt\\\"}\",\"name\":\"Read\",\"toolUseId\":\"tooluse_AbCdEfGhIjKlMnOpQrStUv\"}",
                "{\"name\":\"Read\",\"stop\":true,\"toolUseId\":\"tooluse_AbCdEfGhIjKlMnOpQrStUv\"}",
                "{\"unit\":\"credit\",\"unitPlural\":\"credits\",\"usage\":0.0456}",
                "{\"contextUsagePercentage\":2.5}"};
        for (int i = 0; i < 7; i++) {
            EventStreamMessage m = frames.get(i);
            assertEquals(types[i], m.eventType());
            assertEquals("event", m.messageType());
            assertEquals("application/json", m.stringHeader(":content-type"));
            assertEquals(List.of(":event-type", ":content-type", ":message-type"), List.copyOf(m.headers().keySet()));
            assertEquals(payloads[i], m.payloadText());
        }
    }

    @Test
    void everySplitOfTheSampleDecodesIdentically() throws Exception {
        byte[] all = KiroFixtures.toolUseStream();
        List<EventStreamMessage> whole = feed(new EventStreamDecoder(), all, 0, all.length);
        for (int cut = 0; cut <= all.length; cut++) {
            EventStreamDecoder d = new EventStreamDecoder();
            List<EventStreamMessage> got = new ArrayList<>(feed(d, all, 0, cut));
            got.addAll(feed(d, all, cut, all.length - cut));
            assertEquals(whole, got, "split at " + cut);
            assertFalse(d.hasPartialFrame());
        }
        EventStreamDecoder bytewise = new EventStreamDecoder();
        List<EventStreamMessage> got = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            got.addAll(feed(bytewise, all, i, 1));
            boolean boundary = false;
            for (int o : KiroFixtures.STREAM_OFFSETS) {
                boundary |= o == i + 1;
            }
            assertEquals(!boundary, bytewise.hasPartialFrame(), "after byte " + i);
        }
        assertEquals(whole, got);
    }

    @Test
    void aFlippedBitAnywhereFailsACrcAndYieldsNothing() throws Exception {
        byte[] frame = KiroFixtures.hex(KiroFixtures.HI_FRAME);
        for (int bit = 0; bit < frame.length * 8; bit++) {
            byte[] bad = frame.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            EventStreamException e = assertThrows(EventStreamException.class,
                    () -> feed(new EventStreamDecoder(), bad, 0, bad.length), "bit " + bit);
            assertTrue(e.getMessage().contains("CRC mismatch"), e.getMessage());
        }
    }

    @Test
    void aFlippedPayloadBitIsAMessageCrcMismatchAfterEarlierFramesDecoded() throws Exception {
        byte[] all = KiroFixtures.toolUseStream();
        all[240] ^= 0x01; // inside frame 1's payload
        EventStreamDecoder d = new EventStreamDecoder();
        List<EventStreamMessage> delivered = new ArrayList<>();
        EventStreamException e = assertThrows(EventStreamException.class,
                () -> d.feed(all, 0, all.length, delivered::add));
        assertEquals(1, delivered.size(), "the good frame before the bad one is delivered");
        assertEquals("assistantResponseEvent", delivered.getFirst().eventType());
        assertTrue(e.getMessage().contains("message CRC mismatch"));
        assertEquals(143, e.offset());
        assertThrows(IllegalStateException.class, () -> feed(d, all, 0, 1), "no resync after a fatal error");
    }

    @Test
    void multiByteUtf8SplitAcrossChunksStaysIntact() throws Exception {
        byte[] frame = KiroFixtures.hex(KiroFixtures.EURO_FRAME);
        EventStreamDecoder d = new EventStreamDecoder();
        assertTrue(feed(d, frame, 0, 117).isEmpty());
        List<EventStreamMessage> out = feed(d, frame, 117, frame.length - 117);
        assertEquals("{\"content\":\"€uro\"}", out.getFirst().payloadText());
    }

    @Test
    void everyHeaderTypeRoundTrips() throws Exception {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put("t", new HeaderValue.BoolValue(true));
        h.put("f", new HeaderValue.BoolValue(false));
        h.put("b", new HeaderValue.ByteValue((byte) -7));
        h.put("s", new HeaderValue.ShortValue((short) -300));
        h.put("i", new HeaderValue.IntValue(123_456_789));
        h.put("l", new HeaderValue.LongValue(-9_876_543_210L));
        h.put("bytes", new HeaderValue.BytesValue(new byte[] {1, 2, 3, (byte) 0xff}));
        h.put("str", new HeaderValue.StringValue("héllo"));
        h.put("ts", new HeaderValue.TimestampValue(1_700_000_000_123L));
        h.put("uuid", new HeaderValue.UuidValue(UUID.fromString("123e4567-e89b-12d3-a456-426614174000")));
        byte[] frame = EventStreamEncoder.encode(h, "{}".getBytes(StandardCharsets.UTF_8));
        EventStreamMessage m = feed(new EventStreamDecoder(), frame, 0, frame.length).getFirst();
        assertEquals(h, m.headers());
        assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), m.payload());
    }

    @Test
    void theEncoderReproducesTheFixtureBytes() {
        byte[] all = KiroFixtures.toolUseStream();
        byte[] frame0 = EventStreamEncoder.event("assistantResponseEvent", "{\"content\":\"I will read the file.\"}");
        assertArrayEquals(java.util.Arrays.copyOfRange(all, 0, 143), frame0);
        assertArrayEquals(KiroFixtures.hex(KiroFixtures.EXCEPTION_FRAME),
                EventStreamEncoder.exception("ThrottlingException", "Too many requests"));
    }

    @Test
    void limitsAndUnknownHeaderTypesAreFatal() {
        // total_len above 16 MiB, with a valid prelude CRC.
        assertFatal(prelude(16 * 1024 * 1024 + 1, 0), "out of range");
        // headers_len larger than the frame allows.
        assertFatal(prelude(100, 90), "out of range");
        // total_len below the 16-byte minimum.
        assertFatal(prelude(15, 0), "out of range");
        // An unknown header type (10).
        byte[] header = {1, 'x', 10};
        assertFatal(frame(header, new byte[0]), "unknown header type 10");
        // A string header whose length runs past the header block.
        byte[] truncated = {1, 'x', 7, 0, 50, 'a'};
        assertFatal(frame(truncated, new byte[0]), "truncated");
        // A payload that is not UTF-8.
        assertFatal(frame(new byte[0], new byte[] {(byte) 0xc3, (byte) 0x28}), "not valid UTF-8");
    }

    /** Feeds a chunk and collects the frames it completes. */
    static List<EventStreamMessage> feed(EventStreamDecoder d, byte[] b, int off, int len) throws EventStreamException {
        List<EventStreamMessage> out = new ArrayList<>();
        d.feed(b, off, len, out::add);
        return out;
    }

    private static void assertFatal(byte[] bytes, String expected) {
        EventStreamException e = assertThrows(EventStreamException.class,
                () -> feed(new EventStreamDecoder(), bytes, 0, bytes.length));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    private static byte[] prelude(int total, int headers) {
        ByteBuffer b = ByteBuffer.allocate(12).putInt(total).putInt(headers);
        CRC32 c = new CRC32();
        c.update(b.array(), 0, 8);
        b.putInt((int) c.getValue());
        return b.array();
    }

    private static byte[] frame(byte[] headers, byte[] payload) {
        int total = 16 + headers.length + payload.length;
        ByteBuffer b = ByteBuffer.allocate(total).putInt(total).putInt(headers.length);
        CRC32 c = new CRC32();
        c.update(b.array(), 0, 8);
        b.putInt((int) c.getValue()).put(headers).put(payload);
        CRC32 m = new CRC32();
        m.update(b.array(), 0, total - 4);
        b.putInt((int) m.getValue());
        return b.array();
    }
}
