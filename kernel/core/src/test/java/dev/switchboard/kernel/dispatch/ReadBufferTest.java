package dev.switchboard.kernel.dispatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadBufferTest {
    /** Hands out its chunks one per read, as an upstream body does with HTTP chunks. */
    private static InputStream chunks(int... sizes) {
        List<byte[]> parts = new ArrayList<>();
        byte b = 0;
        for (int size : sizes) {
            byte[] part = new byte[size];
            for (int i = 0; i < size; i++) {
                part[i] = b++;
            }
            parts.add(part);
        }
        return new InputStream() {
            private int index;
            private ByteArrayInputStream current = new ByteArrayInputStream(new byte[0]);

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buf, int off, int len) {
                if (current.available() == 0) {
                    if (index == parts.size()) {
                        return -1;
                    }
                    current = new ByteArrayInputStream(parts.get(index++));
                }
                return current.read(buf, off, len);
            }
        };
    }

    @Test
    void smallReadsKeepTheSmallBuffer() throws IOException {
        ReadBuffer buf = new ReadBuffer();
        InputStream in = chunks(200, 300, ReadBuffer.INITIAL - 1, 40);
        while (buf.read(in) >= 0) {
            assertEquals(ReadBuffer.INITIAL, buf.capacity(), "no read filled the buffer");
        }
    }

    @Test
    void aReadThatFillsTheBufferDoublesItForTheNextUpToTheMaximum() throws IOException {
        ReadBuffer buf = new ReadBuffer();
        InputStream in = chunks(100_000);
        List<Integer> capacities = new ArrayList<>();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int n;
        while ((n = buf.read(in)) >= 0) {
            capacities.add(buf.capacity());
            got.write(buf.bytes(), 0, n);
        }
        assertEquals(List.of(512, 1024, 2048, 4096, 8192, 8192), capacities.subList(0, 6));
        assertEquals(ReadBuffer.MAX, buf.capacity());
        byte[] expected = new byte[100_000];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (byte) i;
        }
        assertArrayEquals(expected, got.toByteArray(), "every byte arrives once, in order, across the growth");
    }

    @Test
    void theBytesOfAReadStayValidUntilTheNextRead() throws IOException {
        ReadBuffer buf = new ReadBuffer();
        InputStream in = chunks(ReadBuffer.INITIAL, 10);
        int n = buf.read(in);
        byte[] first = buf.bytes();
        byte[] copy = Arrays.copyOf(first, n);
        assertArrayEquals(copy, Arrays.copyOf(buf.bytes(), n));
        assertEquals(10, buf.read(in));
        assertEquals(2 * ReadBuffer.INITIAL, buf.capacity(), "the full read grew the buffer for this one");
        assertArrayEquals(copy, Arrays.copyOf(first, n), "growing left the earlier array untouched");
    }
}
