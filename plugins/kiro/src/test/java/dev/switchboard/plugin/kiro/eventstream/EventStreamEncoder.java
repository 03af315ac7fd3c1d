package dev.switchboard.plugin.kiro.eventstream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Test-side encoder of AWS event-stream frames (the inverse of {@link EventStreamDecoder}), used by the fake Kiro
 * upstream to produce CRC-valid frames. Stateless.
 */
public final class EventStreamEncoder {
    private EventStreamEncoder() {
    }

    /** A Kiro event frame: {@code :event-type}, {@code :content-type}, {@code :message-type=event}. */
    public static byte[] event(String eventType, String jsonPayload) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":event-type", new HeaderValue.StringValue(eventType));
        h.put(":content-type", new HeaderValue.StringValue("application/json"));
        h.put(":message-type", new HeaderValue.StringValue("event"));
        return encode(h, jsonPayload.getBytes(StandardCharsets.UTF_8));
    }

    /** A Kiro exception frame. */
    public static byte[] exception(String exceptionType, String message) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":exception-type", new HeaderValue.StringValue(exceptionType));
        h.put(":content-type", new HeaderValue.StringValue("application/json"));
        h.put(":message-type", new HeaderValue.StringValue("exception"));
        String payload = "{\"message\":" + jakarta.json.Json.createValue(message) + "}";
        return encode(h, payload.getBytes(StandardCharsets.UTF_8));
    }

    /** A generic error frame ({@code :message-type=error}). */
    public static byte[] error(String code, String message) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":message-type", new HeaderValue.StringValue("error"));
        h.put(":error-code", new HeaderValue.StringValue(code));
        h.put(":error-message", new HeaderValue.StringValue(message));
        return encode(h, new byte[0]);
    }

    /** Encodes one frame with any headers. */
    public static byte[] encode(Map<String, HeaderValue> headers, byte[] payload) {
        ByteArrayOutputStream hb = new ByteArrayOutputStream();
        for (Map.Entry<String, HeaderValue> e : headers.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            hb.write(name.length);
            hb.writeBytes(name);
            HeaderValue v = e.getValue();
            hb.write(v.typeCode());
            switch (v) {
                case HeaderValue.BoolValue b -> {
                    // The type byte is the value.
                }
                case HeaderValue.ByteValue b -> hb.write(b.value());
                case HeaderValue.ShortValue s -> hb.writeBytes(ByteBuffer.allocate(2).putShort(s.value()).array());
                case HeaderValue.IntValue i -> hb.writeBytes(ByteBuffer.allocate(4).putInt(i.value()).array());
                case HeaderValue.LongValue l -> hb.writeBytes(ByteBuffer.allocate(8).putLong(l.value()).array());
                case HeaderValue.TimestampValue t ->
                        hb.writeBytes(ByteBuffer.allocate(8).putLong(t.epochMillis()).array());
                case HeaderValue.BytesValue b -> {
                    byte[] raw = b.value();
                    hb.writeBytes(ByteBuffer.allocate(2).putShort((short) raw.length).array());
                    hb.writeBytes(raw);
                }
                case HeaderValue.StringValue s -> {
                    byte[] raw = s.value().getBytes(StandardCharsets.UTF_8);
                    hb.writeBytes(ByteBuffer.allocate(2).putShort((short) raw.length).array());
                    hb.writeBytes(raw);
                }
                case HeaderValue.UuidValue u -> hb.writeBytes(ByteBuffer.allocate(16)
                        .putLong(u.value().getMostSignificantBits())
                        .putLong(u.value().getLeastSignificantBits()).array());
            }
        }
        byte[] headerBytes = hb.toByteArray();
        int total = 16 + headerBytes.length + payload.length;
        ByteBuffer frame = ByteBuffer.allocate(total);
        frame.putInt(total).putInt(headerBytes.length);
        frame.putInt((int) crc(frame.array(), 0, 8));
        frame.put(headerBytes).put(payload);
        frame.putInt((int) crc(frame.array(), 0, total - 4));
        return frame.array();
    }

    private static long crc(byte[] b, int from, int len) {
        CRC32 c = new CRC32();
        c.update(b, from, len);
        return c.getValue();
    }
}
