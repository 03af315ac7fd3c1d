package dev.switchboard.plugin.kiro.eventstream;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * A typed header value of the AWS event-stream encoding. The wire type byte is
 * {@link #typeCode()}. Immutable.
 */
public sealed interface HeaderValue {

    /** The wire type byte (0…9). */
    int typeCode();

    /** Types 0 and 1: a boolean carried by the type byte itself. */
    record BoolValue(boolean value) implements HeaderValue {
        @Override
        public int typeCode() {
            return value ? 0 : 1;
        }
    }

    /** Type 2: a signed byte. */
    record ByteValue(byte value) implements HeaderValue {
        @Override
        public int typeCode() {
            return 2;
        }
    }

    /** Type 3: a big-endian int16. */
    record ShortValue(short value) implements HeaderValue {
        @Override
        public int typeCode() {
            return 3;
        }
    }

    /** Type 4: a big-endian int32. */
    record IntValue(int value) implements HeaderValue {
        @Override
        public int typeCode() {
            return 4;
        }
    }

    /** Type 5: a big-endian int64. */
    record LongValue(long value) implements HeaderValue {
        @Override
        public int typeCode() {
            return 5;
        }
    }

    /** Type 6: opaque bytes (u16 length + data). */
    record BytesValue(byte[] value) implements HeaderValue {
        public BytesValue {
            value = Objects.requireNonNull(value, "value").clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public int typeCode() {
            return 6;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BytesValue b && Arrays.equals(value, b.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "BytesValue[" + HexFormat.of().formatHex(value) + "]";
        }
    }

    /** Type 7: a UTF-8 string (u16 length + bytes) — the only type Kiro sends. */
    record StringValue(String value) implements HeaderValue {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public int typeCode() {
            return 7;
        }
    }

    /** Type 8: a timestamp in epoch milliseconds (int64). */
    record TimestampValue(long epochMillis) implements HeaderValue {
        @Override
        public int typeCode() {
            return 8;
        }
    }

    /** Type 9: a UUID (16 bytes, big-endian). */
    record UuidValue(UUID value) implements HeaderValue {
        public UuidValue {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public int typeCode() {
            return 9;
        }
    }
}
