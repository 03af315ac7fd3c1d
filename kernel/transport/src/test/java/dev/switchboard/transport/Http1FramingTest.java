package dev.switchboard.transport;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.HttpHeaders;
import io.helidon.common.buffers.DataReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The transport's own HTTP/1.1 framing, on a reader fed the way a socket delivers: in pieces cut anywhere. Request
 * heads, response heads (interim answers, keep-alive, the length rules) and bodies (fixed, chunked with extensions
 * and trailers, until close), and what {@code available()} promises: the body bytes that can be read without
 * waiting, never the framing alone.
 */
class Http1FramingTest {

    /** A reader over {@code pieces}, then the end of the stream. */
    private static DataReader reader(List<byte[]> pieces) {
        Queue<byte[]> q = new ArrayDeque<>(pieces);
        return new DataReader(q::poll);
    }

    private static DataReader reader(String... pieces) {
        return reader(Arrays.stream(pieces).map(p -> p.getBytes(ISO_8859_1)).toList());
    }

    /** The bytes cut at random places (each piece at least one byte). */
    private static List<byte[]> cut(byte[] all, Random random) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < all.length; ) {
            int n = Math.min(all.length - i, 1 + random.nextInt(7));
            out.add(Arrays.copyOfRange(all, i, i + n));
            i += n;
        }
        return out;
    }

    /** What is left on the reader, to its end. */
    private static String rest(DataReader r) {
        StringBuilder s = new StringBuilder();
        try {
            while (true) {
                s.append((char) r.read());
            }
        } catch (DataReader.InsufficientDataAvailableException end) {
            return s.toString();
        }
    }

    private static String readAll(ResponseBody body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[5];
        for (int n; (n = body.read(buf, 0, buf.length)) >= 0; ) {
            out.write(buf, 0, n);
        }
        return out.toString(ISO_8859_1);
    }

    @Test
    void aRequestHeadHasTheRawTargetHostThePluginsHeadersAndTheTransportsFramingOnly() {
        HttpHeaders h = HttpHeaders.create().set("authorization", "Bearer k").add("x-multi", "a").add("x-multi", "b")
                .set("content-length", "99").set("transfer-encoding", "gzip").set("connection", "close")
                .set("expect", "100-continue");
        String head = new String(RequestHead.encode("POST", "/v1/a%2Fb?z=1&a=2", URI.create("http://h:8080/"), h,
                RequestHead.Framing.LENGTH, 12), ISO_8859_1);
        assertEquals("POST /v1/a%2Fb?z=1&a=2 HTTP/1.1\r\nHost: h:8080\r\nauthorization: Bearer k\r\n"
                + "x-multi: a\r\nx-multi: b\r\nContent-Length: 12\r\n\r\n", head);
        String get = new String(RequestHead.encode("GET", "/", URI.create("https://h/"),
                HttpHeaders.create().set("host", "signed.example"), RequestHead.Framing.NONE, 0), ISO_8859_1);
        assertEquals("GET / HTTP/1.1\r\nhost: signed.example\r\n\r\n", get, "a plugin's Host (a signed one) is kept");
        assertTrue(new String(RequestHead.encode("POST", "/", URI.create("http://h/"), HttpHeaders.create(),
                RequestHead.Framing.NONE, 0), ISO_8859_1).contains("\r\nContent-Length: 0\r\n"));
        assertEquals("a\r\n0123456789\r\n", new String(RequestHead.chunk("0123456789xx".getBytes(ISO_8859_1), 10),
                ISO_8859_1));
    }

    @Test
    void interimAnswersAreSkippedAndHeadersKeepTheirOrderAndRepeats() {
        DataReader r = reader("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n",
                "HTTP/1.1 200 OK\r\nX-Two: a\r\nContent-Type:text/plain \r\nX-Two: b\nContent-Length: 3\r\n\r\nabc");
        ResponseHead head = ResponseHead.read(r, "GET");
        assertEquals(200, head.status());
        assertEquals(List.of("a", "b"), head.headers().all("x-two"));
        assertEquals("text/plain", head.headers().get("content-type"));
        assertFalse(head.headers().contains("link"), "the interim answer's headers are not the answer's");
        assertEquals(3, head.bodyLength());
        assertTrue(head.keepAlive());
    }

    @Test
    void aHeadCutAnywhereReadsAsWholeAndLeavesTheBodyUntouched() {
        String wire = "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nX-A: 1\nX-Long: " + "v".repeat(300)
                + "\r\nContent-Length: 4\r\n\r\nbody";
        Random random = new Random(11);
        for (int run = 0; run < 300; run++) {
            DataReader r = reader(cut(wire.getBytes(ISO_8859_1), random));
            ResponseHead head = ResponseHead.read(r, "GET");
            assertEquals(200, head.status());
            assertEquals("1", head.headers().get("x-a"));
            assertEquals("v".repeat(300), head.headers().get("x-long"));
            assertEquals("body", rest(r));
        }
    }

    @Test
    void theLengthRulesOfHttp11() {
        assertEquals(0, head("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "HEAD").bodyLength());
        assertEquals(0, head("HTTP/1.1 204 No Content\r\n\r\n", "GET").bodyLength());
        assertEquals(0, head("HTTP/1.1 304 Not Modified\r\n\r\n", "GET").bodyLength());
        assertEquals(ResponseHead.CHUNKED, head("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, Chunked\r\n"
                + "Content-Length: 5\r\n\r\n", "GET").bodyLength(), "chunked wins over a length");
        assertEquals(ResponseHead.UNTIL_CLOSE, head("HTTP/1.1 200 OK\r\n\r\n", "GET").bodyLength());
        assertEquals(7, head("HTTP/1.1 200 OK\r\nContent-Length: 7, 7\r\n\r\n", "GET").bodyLength());
        assertFalse(head("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\n\r\n", "GET").keepAlive());
        assertFalse(head("HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\n", "GET").keepAlive());
        assertTrue(head("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 1\r\n\r\n", "GET").keepAlive());
        assertEquals(502, head("HTTP/1.1 502\r\n\r\n", "GET").status(), "the reason phrase is optional");
    }

    @Test
    void whatIsNotHttpIsRefusedWithoutQuotingIt() {
        for (String bad : List.of("SSH-2.0-OpenSSH\r\n\r\n", "HTTP/1.1 2OO OK\r\n\r\n", "HTTP/2 200\r\n\r\n",
                "HTTP/1.1 200 OK\r\n folded: x\r\n\r\n", "HTTP/1.1 200 OK\r\nno colon\r\n\r\n",
                "HTTP/1.1 200 OK\r\nbad name: x\r\n\r\n", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", "HTTP/1.1 200 OK\r\nX: " + "v".repeat(20_000) + "\r\n\r\n",
                "HTTP/1.1 100 Continue\r\n\r\n".repeat(20))) {
            ResponseHead.MalformedResponse e = assertThrows(ResponseHead.MalformedResponse.class,
                    () -> ResponseHead.read(reader(bad), "GET"), bad.substring(0, Math.min(20, bad.length())));
            assertFalse(e.getMessage().contains("SSH") || e.getMessage().contains("vvv"), e.getMessage());
        }
        assertThrows(DataReader.InsufficientDataAvailableException.class, () -> ResponseHead.read(reader(), "GET"),
                "a connection closed before the answer is told apart: a pooled one is then retried");
    }

    private static ResponseHead head(String text, String method) {
        return ResponseHead.read(reader(text), method);
    }

    @Test
    void chunkedBodiesComeOutWholeHoweverTheBytesAreCut() throws IOException {
        String wire = "5;ext=1\r\nhello\r\n1A\r\n" + "abcdefghijklmnopqrstuvwxyz" + "\r\n3\nend\n0\r\nTrailer: t\r\n\r\n"
                + "HTTP/1.1 next";
        Random random = new Random(7);
        for (int run = 0; run < 300; run++) {
            AtomicInteger ends = new AtomicInteger();
            DataReader r = reader(cut(wire.getBytes(ISO_8859_1), random));
            ResponseBody body = new ResponseBody(r, ResponseHead.CHUNKED, ends::incrementAndGet);
            assertEquals("hello" + "abcdefghijklmnopqrstuvwxyz" + "end", readAll(body));
            assertEquals(1, ends.get(), "the end is reported once");
            assertTrue(body.ended());
            assertEquals("HTTP/1.1 next", rest(r), "nothing after the body was consumed");
        }
    }

    @Test
    void fixedAndCloseDelimitedBodies() throws IOException {
        AtomicInteger ends = new AtomicInteger();
        DataReader r = reader("abc", "defXYZ");
        assertEquals("abcdef", readAll(new ResponseBody(r, 6, ends::incrementAndGet)));
        assertEquals(1, ends.get());
        assertEquals(3, r.available(), "the bytes after the body stay for the next answer");
        assertEquals(1, ends.get());
        ResponseBody empty = new ResponseBody(reader(), 0, ends::incrementAndGet);
        assertEquals(2, ends.get(), "an empty body has ended at once");
        assertEquals(-1, empty.read(new byte[1], 0, 1));
        ResponseBody untilClose = new ResponseBody(reader("to the ", "end"), ResponseHead.UNTIL_CLOSE, () -> { });
        byte[] buf = new byte[64];
        assertEquals(7, untilClose.read(buf, 0, 64));
        assertEquals(3, untilClose.read(buf, 0, 64));
        assertThrows(DataReader.InsufficientDataAvailableException.class, () -> untilClose.read(buf, 0, 64),
                "the connection's end, which the body stream reads as the regular end of a close-delimited body");
    }

    @Test
    void brokenChunkingIsAnIoErrorAndACutChunkedBodyIsAnEarlyEnd() {
        for (String bad : List.of("zz\r\nabc\r\n", "5\r\nhelloXX\r\n", "-1\r\n", "\r\n", "fffffffffffffffff\r\n",
                "٣\r\nabc\r\n")) {
            ResponseBody body = new ResponseBody(reader(List.of(bad.getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                    ResponseHead.CHUNKED, () -> { });
            assertThrows(IOException.class, () -> readAll(body), bad);
        }
        ResponseBody cut = new ResponseBody(reader("5\r\nhel"), ResponseHead.CHUNKED, () -> { });
        assertThrows(DataReader.InsufficientDataAvailableException.class, () -> readAll(cut));
    }

    @Test
    void availableCountsBufferedBodyBytesButNeverTheFramingAloneAndNeverWaits() throws IOException {
        // Two events arrived in one burst; the third is still on its way.
        Queue<byte[]> socket = new ArrayDeque<>(List.of("4\r\nabcd\r\n3\r\nefg\r\n".getBytes(ISO_8859_1)));
        DataReader r = new DataReader(() -> {
            byte[] next = socket.poll();
            if (next == null) {
                throw new AssertionError("available() must not wait for the network");
            }
            return next;
        });
        ResponseBody body = new ResponseBody(r, ResponseHead.CHUNKED, () -> { });
        byte[] buf = new byte[64];
        assertEquals(4, body.read(buf, 0, 64));
        assertEquals(3, body.available(), "the next chunk of the burst counts");
        assertEquals(3, body.read(buf, 0, 64));
        assertEquals(0, body.available(), "only its CRLF is left: nothing to read without waiting");
        socket.add("0\r\n\r\n".getBytes(ISO_8859_1));
        assertEquals(-1, body.read(buf, 0, 64));
        assertTrue(body.ended());

        Queue<byte[]> lastPending = new ArrayDeque<>(List.of("2\r\nab\r\n0\r\n".getBytes(ISO_8859_1)));
        ResponseBody tail = new ResponseBody(new DataReader(() -> {
            byte[] next = lastPending.poll();
            if (next == null) {
                throw new AssertionError("available() must not wait for the network");
            }
            return next;
        }), ResponseHead.CHUNKED, () -> { });
        assertEquals(2, tail.read(buf, 0, 64));
        assertEquals(0, tail.available(), "the last chunk without its blank line yet: not taken");
        assertFalse(tail.ended());
    }
}
