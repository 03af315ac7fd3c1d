package dev.switchboard.kernel.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.dispatch.RequestInfo;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.kernel.dialect.anthropic.AnthropicStreamWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The client side of a stream: events that are ready together leave in one write; silence gets heartbeats. */
class ClientStreamTest {

    /** Counts the writes and flushes that reach the socket side. */
    private static final class Socket extends ByteArrayOutputStream {
        int flushes;
        int writes;

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            writes++;
            super.write(b, off, len);
        }

        @Override
        public synchronized void flush() {
            flushes++;
        }

        synchronized String text() {
            return toString(StandardCharsets.UTF_8);
        }
    }

    private static ClientStream stream(Socket socket, Duration heartbeat) {
        DeferredFlush out = new DeferredFlush(socket);
        return new ClientStream(new AnthropicStreamWriter(new SseWriter(out), "msg_1", "m"), out, new RequestInfo(),
                heartbeat);
    }

    @Test
    void eventsWrittenTogetherLeaveInOneFlush() throws Exception {
        Socket socket = new Socket();
        try (ClientStream cs = stream(socket, Duration.ofMinutes(1))) {
            cs.write(new StreamEvent.MessageStart("msg_1", "m", Usage.of(3, 0)));
            cs.write(new StreamEvent.BlockStart(0, new ContentBlock.Text("")));
            cs.write(new StreamEvent.BlockDelta(0, new Delta.TextDelta("hi")));
            assertEquals(0, socket.writes, "nothing is pushed while more events are ready");
            cs.flush();
            assertEquals(1, socket.writes, "three events, one write");
            assertEquals(1, socket.flushes);
            assertTrue(socket.text().contains("event: message_start") && socket.text().contains("\"text\":\"hi\""));
            cs.write(new StreamEvent.BlockDelta(0, new Delta.TextDelta(" there")));
            cs.flush();
            assertEquals(2, socket.flushes, "a later event leaves on its own");
            cs.finish();
            assertTrue(socket.text().contains("event: error"), "an unfinished stream ends with the error event");
            assertEquals(3, socket.flushes);
        }
    }

    @Test
    void aSilentStreamGetsHeartbeatsUntilItIsClosed() throws Exception {
        Socket socket = new Socket();
        Duration interval = Duration.ofMillis(47); // an interval of this test only, so its sweep holds only this stream
        ClientStream cs = stream(socket, interval);
        assertEquals(1, Heartbeats.every(interval).size(), "an open stream is looked after");
        cs.write(new StreamEvent.MessageStart("msg_1", "m", Usage.ZERO));
        cs.flush();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!socket.text().contains("event: ping") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(socket.text().contains("event: ping\ndata: {\"type\":\"ping\"}"), socket.text());
        cs.close();
        assertEquals(0, Heartbeats.every(interval).size(), "a closed stream leaves the sweep");
        String atClose = socket.text();
        Thread.sleep(300); // several intervals: a closed stream gets no more beats
        int pings = socket.text().split("event: ping", -1).length - 1;
        assertEquals(atClose.split("event: ping", -1).length - 1, pings, "no heartbeat after close");
    }
}
