package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.helidon.common.buffers.DataReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The plain connection's reads: arrays as large as the peer's recent segments, bytes unchanged. */
class AdaptiveReadsTest {

    /** An input that hands out the given segments, one per read (as a socket does), then ends. */
    private static final class Segments extends InputStream {
        private final Deque<byte[]> segments = new ArrayDeque<>();
        private final Deque<Integer> asked = new ArrayDeque<>();

        Segments(byte[]... segments) {
            this.segments.addAll(Arrays.asList(segments));
        }

        @Override
        public int read() {
            throw new AssertionError("reads whole arrays");
        }

        /** What a socket reports as received: here the next segment, whole. */
        @Override
        public int available() {
            byte[] next = segments.peekFirst();
            return next == null ? 0 : next.length;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            asked.add(len);
            byte[] next = segments.peekFirst();
            if (next == null) {
                return -1;
            }
            int n = Math.min(len, next.length);
            System.arraycopy(next, 0, b, off, n);
            segments.removeFirst();
            if (n < next.length) {
                segments.addFirst(Arrays.copyOfRange(next, n, next.length));
            }
            return n;
        }
    }

    @Test
    void smallSegmentsShrinkTheArrayAWaitingReadHolds() {
        byte[][] events = new byte[8][];
        for (int i = 0; i < events.length; i++) {
            events[i] = ("data: {\"n\":" + i + "}\n\n").getBytes();
        }
        Segments in = new Segments(events);
        AdaptiveReads reads = new AdaptiveReads(in);
        for (byte[] event : events) {
            assertArrayEquals(event, reads.get(), "each read returns exactly the bytes received");
        }
        assertEquals(AdaptiveReads.MIN, reads.nextSize(), "a slow stream waits on the smallest array");
        assertEquals(AdaptiveReads.FIRST, in.asked.peekFirst());
        assertNull(reads.get(), "the end of the stream");
        assertTrue(reads.ended());
    }

    @Test
    void fullReadsGrowTheArrayUpToItsBound() {
        byte[] big = new byte[200_000];
        new Random(7).nextBytes(big);
        Segments in = new Segments(big);
        AdaptiveReads reads = new AdaptiveReads(in);
        int expected = AdaptiveReads.FIRST;
        int offset = 0;
        while (offset < big.length) {
            byte[] got = reads.get();
            assertEquals(Math.min(expected, big.length - offset), got.length);
            assertArrayEquals(Arrays.copyOfRange(big, offset, offset + got.length), got);
            offset += got.length;
            expected = Math.min(AdaptiveReads.MAX, expected * 2);
        }
        assertEquals(AdaptiveReads.MAX, in.asked.stream().mapToInt(Integer::intValue).max().orElseThrow(),
                "never more than the bound per read");
        assertFalse(reads.ended());
    }

    @Test
    void bytesKnownToHaveArrivedAreTakenInOneReadWithoutChangingTheAdaptiveSize() {
        byte[] burst = new byte[10_000];
        new Random(5).nextBytes(burst);
        Segments in = new Segments(burst);
        AdaptiveReads reads = new AdaptiveReads(in);
        assertEquals(burst.length, reads.arrived());
        reads.expect(reads.arrived());
        assertArrayEquals(burst, reads.get(), "the whole burst in one read, no copy cut from a larger array");
        assertEquals(burst.length, in.asked.peekFirst());
        assertEquals(AdaptiveReads.FIRST, reads.nextSize(), "a known burst says nothing about the stream's pace");
        reads.expect(AdaptiveReads.MAX * 4);
        assertNull(reads.get());
        assertEquals(AdaptiveReads.MAX, in.asked.peekLast(), "never more than the bound, however much arrived");
        assertEquals(0, reads.arrived(), "nothing after the end");
    }

    @Test
    void aDataReaderOnTopSeesOneContinuousStream() {
        byte[] body = new byte[50_000];
        new Random(11).nextBytes(body);
        Random cuts = new Random(3);
        Deque<byte[]> parts = new ArrayDeque<>();
        for (int at = 0; at < body.length; ) {
            int n = Math.min(body.length - at, 1 + cuts.nextInt(cuts.nextBoolean() ? 64 : 9000));
            parts.add(Arrays.copyOfRange(body, at, at + n));
            at += n;
        }
        DataReader reader = new DataReader(new AdaptiveReads(new Segments(parts.toArray(byte[][]::new))));
        assertArrayEquals(body, reader.readBytes(body.length));
        assertThrows(DataReader.InsufficientDataAvailableException.class, reader::pullData,
                "the end of the stream is Helidon's end of data, as on Helidon's own sockets");
    }

    @Test
    void aReadTimeoutSurfacesAsHelidonsSocketsReportIt() {
        AdaptiveReads reads = new AdaptiveReads(new InputStream() {
            @Override
            public int read() {
                throw new AssertionError();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new SocketTimeoutException("Read timed out");
            }
        });
        UncheckedIOException e = assertThrows(UncheckedIOException.class, reads::get);
        assertInstanceOf(SocketTimeoutException.class, e.getCause());
        assertFalse(reads.ended());
    }
}
