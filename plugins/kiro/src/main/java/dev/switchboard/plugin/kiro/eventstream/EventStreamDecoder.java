package dev.switchboard.plugin.kiro.eventstream;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * Incremental decoder of the AWS binary event-stream framing: it buffers bytes,
 * cuts whole frames, verifies the prelude CRC and the message CRC (CRC-32/ISO-HDLC, {@link CRC32}), checks the
 * length limits, parses every header type and checks that the payload is well-formed UTF-8 — in that order, so a
 * corrupted frame never yields content. Chunk boundaries never change the output: a frame (or a UTF-8 character)
 * split across reads is simply completed by the next read.
 *
 * <p>Errors are fatal (there is no resynchronisation): after an {@link EventStreamException} the decoder refuses
 * further input. One decoder per response; it keeps its state in fields and is not thread-safe.
 */
public final class EventStreamDecoder {
    /** Prelude: total length, headers length, prelude CRC. */
    static final int PRELUDE_LENGTH = 12;
    /** Smallest legal frame: prelude plus message CRC. */
    static final int MIN_FRAME = 16;
    /** Largest legal frame (16 MiB). */
    static final int MAX_FRAME = 16 * 1024 * 1024;
    /** Largest legal header block (128 KiB). */
    static final int MAX_HEADERS = 128 * 1024;
    /** Longest header name. */
    static final int MAX_NAME = 127;
    /** Longest string or bytes header value. */
    static final int MAX_VALUE = 32_767;

    private byte[] buffer = new byte[8192];
    private int start;
    private int end;
    private long streamOffset;
    private boolean failed;

    /** Receives frames as they are cut. */
    @FunctionalInterface
    public interface FrameSink {
        void accept(EventStreamMessage message);
    }

    /**
     * Feeds the next chunk and hands every frame it completes to {@code sink}, in order. Frames completed before a
     * malformed one are delivered before the exception is thrown.
     *
     * @throws EventStreamException on the first malformed frame; the decoder is unusable afterwards
     */
    public void feed(byte[] chunk, int offset, int length, FrameSink sink) throws EventStreamException {
        if (failed) {
            throw new IllegalStateException("the event-stream decoder already failed");
        }
        append(chunk, offset, length);
        try {
            EventStreamMessage m;
            while ((m = next()) != null) {
                sink.accept(m);
            }
        } catch (EventStreamException e) {
            failed = true;
            throw e;
        }
    }

    /** True while bytes of an incomplete frame are buffered (an end of stream now would cut a frame). */
    public boolean hasPartialFrame() {
        return end > start;
    }

    /** Bytes consumed as whole frames so far. */
    public long offset() {
        return streamOffset;
    }

    private void append(byte[] chunk, int offset, int length) {
        if (length <= 0) {
            return;
        }
        if (end + length > buffer.length) {
            int pending = end - start;
            if (pending + length <= buffer.length && start > 0) {
                System.arraycopy(buffer, start, buffer, 0, pending);
            } else {
                byte[] grown = new byte[Math.max(buffer.length * 2, pending + length)];
                System.arraycopy(buffer, start, grown, 0, pending);
                buffer = grown;
            }
            start = 0;
            end = pending;
        }
        System.arraycopy(chunk, offset, buffer, end, length);
        end += length;
    }

    /** The next complete frame, or null when more bytes are needed. */
    private EventStreamMessage next() throws EventStreamException {
        int available = end - start;
        if (available < PRELUDE_LENGTH) {
            return null;
        }
        long totalLength = readUInt32(buffer, start);
        long headersLength = readUInt32(buffer, start + 4);
        long preludeCrc = readUInt32(buffer, start + 8);
        // The prelude CRC is checked before the lengths are trusted: a flipped length bit must not make the
        // decoder wait for megabytes that will never come.
        if (crc(buffer, start, 8) != preludeCrc) {
            throw new EventStreamException(streamOffset, "prelude CRC mismatch");
        }
        if (totalLength < MIN_FRAME || totalLength > MAX_FRAME) {
            throw new EventStreamException(streamOffset, "frame length " + totalLength + " out of range");
        }
        if (headersLength > MAX_HEADERS || headersLength > totalLength - MIN_FRAME) {
            throw new EventStreamException(streamOffset, "headers length " + headersLength + " out of range");
        }
        int total = (int) totalLength;
        if (available < total) {
            return null;
        }
        long messageCrc = readUInt32(buffer, start + total - 4);
        if (crc(buffer, start, total - 4) != messageCrc) {
            throw new EventStreamException(streamOffset, "message CRC mismatch");
        }
        int headersStart = start + PRELUDE_LENGTH;
        Map<String, HeaderValue> headers = parseHeaders(headersStart, (int) headersLength);
        int payloadStart = headersStart + (int) headersLength;
        int payloadLength = total - (int) headersLength - MIN_FRAME;
        byte[] payload = Arrays.copyOfRange(buffer, payloadStart, payloadStart + payloadLength);
        checkUtf8(payload, "payload");
        start += total;
        streamOffset += total;
        if (start == end) {
            start = 0;
            end = 0;
        }
        return new EventStreamMessage(headers, payload);
    }

    private Map<String, HeaderValue> parseHeaders(int from, int length) throws EventStreamException {
        Map<String, HeaderValue> headers = new LinkedHashMap<>();
        int pos = from;
        int limit = from + length;
        while (pos < limit) {
            int nameLength = buffer[pos++] & 0xFF;
            if (nameLength == 0 || nameLength > MAX_NAME) {
                throw new EventStreamException(streamOffset, "header name length " + nameLength + " out of range");
            }
            require(pos, nameLength + 1, limit);
            byte[] nameBytes = Arrays.copyOfRange(buffer, pos, pos + nameLength);
            String name = checkUtf8(nameBytes, "header name");
            pos += nameLength;
            int type = buffer[pos++] & 0xFF;
            HeaderValue value;
            switch (type) {
                case 0 -> value = new HeaderValue.BoolValue(true);
                case 1 -> value = new HeaderValue.BoolValue(false);
                case 2 -> {
                    require(pos, 1, limit);
                    value = new HeaderValue.ByteValue(buffer[pos]);
                    pos += 1;
                }
                case 3 -> {
                    require(pos, 2, limit);
                    value = new HeaderValue.ShortValue(ByteBuffer.wrap(buffer, pos, 2).getShort());
                    pos += 2;
                }
                case 4 -> {
                    require(pos, 4, limit);
                    value = new HeaderValue.IntValue(ByteBuffer.wrap(buffer, pos, 4).getInt());
                    pos += 4;
                }
                case 5, 8 -> {
                    require(pos, 8, limit);
                    long v = ByteBuffer.wrap(buffer, pos, 8).getLong();
                    value = type == 5 ? new HeaderValue.LongValue(v) : new HeaderValue.TimestampValue(v);
                    pos += 8;
                }
                case 6, 7 -> {
                    require(pos, 2, limit);
                    int valueLength = ((buffer[pos] & 0xFF) << 8) | (buffer[pos + 1] & 0xFF);
                    pos += 2;
                    if (valueLength > MAX_VALUE) {
                        throw new EventStreamException(streamOffset, "header value length " + valueLength
                                + " out of range");
                    }
                    require(pos, valueLength, limit);
                    byte[] raw = Arrays.copyOfRange(buffer, pos, pos + valueLength);
                    pos += valueLength;
                    value = type == 6 ? new HeaderValue.BytesValue(raw)
                            : new HeaderValue.StringValue(checkUtf8(raw, "header value"));
                }
                case 9 -> {
                    require(pos, 16, limit);
                    ByteBuffer bb = ByteBuffer.wrap(buffer, pos, 16);
                    value = new HeaderValue.UuidValue(new UUID(bb.getLong(), bb.getLong()));
                    pos += 16;
                }
                default -> throw new EventStreamException(streamOffset, "unknown header type " + type);
            }
            headers.put(name, value);
        }
        return headers;
    }

    private void require(int pos, int needed, int limit) throws EventStreamException {
        if (pos + needed > limit) {
            throw new EventStreamException(streamOffset, "header block truncated");
        }
    }

    private String checkUtf8(byte[] bytes, String what) throws EventStreamException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new EventStreamException(streamOffset, what + " is not valid UTF-8");
        }
    }

    static long readUInt32(byte[] b, int at) {
        return ((long) (b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8)
                | (b[at + 3] & 0xFF);
    }

    static long crc(byte[] b, int from, int length) {
        CRC32 crc = new CRC32();
        crc.update(b, from, length);
        return crc.getValue();
    }
}
