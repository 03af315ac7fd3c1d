package dev.switchboard.kernel.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.wire.openai.OpenAiErrorMapping;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The relay's SSE framing: whole frames at every byte boundary, terminal and error frames per dialect. */
class SseFramesTest {
    private static final String OPENAI = "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}\n\n"
            + "data: {\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}\r\n\r\n"
            + "data: [DONE]\n\n";

    private static List<SseFrames.Frame> feedInPieces(SseFrames f, String text, int piece) throws GatewayException {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        List<SseFrames.Frame> out = new ArrayList<>();
        for (int i = 0; i < b.length; i += piece) {
            out.addAll(f.feed(b, i, Math.min(piece, b.length - i)));
        }
        return out;
    }

    @Test
    void openAiFramesAreWholeAtEveryByteBoundaryAndClassified() throws Exception {
        for (int piece = 1; piece <= OPENAI.length(); piece++) {
            SseFrames f = new SseFrames(Dialect.OPENAI_CHAT, 1 << 20);
            List<SseFrames.Frame> frames = feedInPieces(f, OPENAI, piece);
            assertEquals(3, frames.size(), "piece " + piece);
            assertEquals(SseFrames.Kind.DATA, frames.get(0).kind());
            assertEquals(SseFrames.Kind.ERROR, frames.get(1).kind());
            assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, frames.get(1).errorKind());
            assertEquals("slow down", frames.get(1).errorMessage());
            assertEquals(SseFrames.Kind.TERMINAL, frames.get(2).kind());
            StringBuilder joined = new StringBuilder();
            frames.forEach(fr -> joined.append(new String(fr.bytes(), StandardCharsets.UTF_8)));
            assertEquals(OPENAI, joined.toString(), "bytes relayed untouched");
            assertTrue(!f.partialFrame());
        }
    }

    @Test
    void aFalsyErrorMemberOrTheWordErrorInContentIsData() throws Exception {
        SseFrames f = new SseFrames(Dialect.OPENAI_CHAT, 1 << 20);
        List<SseFrames.Frame> frames = feedInPieces(f, "data: {\"error\":null,\"x\":1}\n\n"
                + "data: {\"choices\":[{\"delta\":{\"content\":\"\\\"error\\\"\"}}]}\n\n", 7);
        assertEquals(List.of(SseFrames.Kind.DATA, SseFrames.Kind.DATA), frames.stream().map(SseFrames.Frame::kind).toList());
    }

    @Test
    void anthropicMessageStopIsTerminalAndErrorEventsAreErrors() throws Exception {
        SseFrames f = new SseFrames(Dialect.ANTHROPIC, 1 << 20);
        List<SseFrames.Frame> frames = feedInPieces(f, "event: ping\ndata: {\"type\":\"ping\"}\n\n"
                + "event: error\ndata: {\"type\":\"error\"}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n", 5);
        assertEquals(List.of(SseFrames.Kind.DATA, SseFrames.Kind.ERROR, SseFrames.Kind.TERMINAL),
                frames.stream().map(SseFrames.Frame::kind).toList());
    }

    /** OpenAI's Responses streams end with response.completed and no [DONE]; a relay must not call that truncated. */
    @Test
    void responsesCompletedOrIncompleteIsTerminalAndFailedIsTheStreamsOwnError() throws Exception {
        String completed = "event: response.created\ndata: {\"type\":\"response.created\"}\n\n"
                + "event: error\ndata: {\"type\":\"error\",\"code\":\"x\",\"message\":\"m\"}\n\n"
                + "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{}}\n\n"
                + "data: {\"type\":\"response.incomplete\"}\n\n"
                + "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"error\":{}}}\n\n";
        for (int piece = 1; piece <= completed.length(); piece += 9) {
            SseFrames f = new SseFrames(Dialect.OPENAI_RESPONSES, 1 << 20);
            assertEquals(List.of(SseFrames.Kind.DATA, SseFrames.Kind.DATA, SseFrames.Kind.TERMINAL,
                    SseFrames.Kind.TERMINAL, SseFrames.Kind.ERROR),
                    feedInPieces(f, completed, piece).stream().map(SseFrames.Frame::kind).toList(), "piece " + piece);
        }
    }

    @Test
    void anUnfinishedFrameIsReportedAndAnOversizedOneIsAnUpstreamFault() throws Exception {
        SseFrames f = new SseFrames(Dialect.OPENAI_CHAT, 1024);
        assertTrue(f.feed("data: {\"partial".getBytes(StandardCharsets.UTF_8), 0, 15).isEmpty());
        assertTrue(f.partialFrame());
        byte[] junk = new byte[2048];
        java.util.Arrays.fill(junk, (byte) 'x');
        GatewayException e = assertThrows(GatewayException.class, () -> f.feed(junk, 0, junk.length));
        assertEquals(ErrorKind.UPSTREAM_BAD_RESPONSE, e.kind());
    }

    /**
     * The classification as it was when it worked on the frame's decoded text (before it read bytes): the
     * reference the byte-level reading must agree with.
     */
    private static SseFrames.Frame textClassified(Dialect dialect, byte[] frame) {
        String event = null;
        StringBuilder data = null;
        String text = new String(frame, StandardCharsets.UTF_8);
        for (int from = 0, nl; from < text.length(); from = nl + 1) {
            nl = text.indexOf('\n', from);
            if (nl < 0) {
                nl = text.length();
            }
            int to = nl > from && text.charAt(nl - 1) == '\r' ? nl - 1 : nl;
            String line = text.substring(from, to);
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:")) {
                String d = line.substring(5);
                d = d.startsWith(" ") ? d.substring(1) : d;
                data = data == null ? new StringBuilder(d) : data.append('\n').append(d);
            }
        }
        SseFrames.Kind plain = SseFrames.Kind.DATA;
        if (dialect == Dialect.ANTHROPIC) {
            return new SseFrames.Frame(frame, "message_stop".equals(event) ? SseFrames.Kind.TERMINAL
                    : "error".equals(event) ? SseFrames.Kind.ERROR : plain, null, null);
        }
        if (dialect == Dialect.OPENAI_RESPONSES) {
            String type = event != null ? event : data == null ? null
                    : Jsons.tryParseObject(data.toString()).map(o -> Jsons.str(o, "type")).orElse(null);
            return new SseFrames.Frame(frame, "response.completed".equals(type) || "response.incomplete".equals(type)
                    ? SseFrames.Kind.TERMINAL : "response.failed".equals(type) ? SseFrames.Kind.ERROR : plain,
                    null, null);
        }
        if (data == null) {
            return new SseFrames.Frame(frame, plain, null, null);
        }
        String d = data.toString().trim();
        if (d.equals("[DONE]")) {
            return new SseFrames.Frame(frame, SseFrames.Kind.TERMINAL, null, null);
        }
        if (d.contains("\"error\"")) {
            Optional<JsonObject> o = Jsons.tryParseObject(d);
            if (o.isPresent() && o.get().containsKey("error") && OpenAiErrorMapping.isTruthy(o.get().get("error"))) {
                return new SseFrames.Frame(frame, SseFrames.Kind.ERROR, OpenAiErrorMapping.kindOf(o.get().get("error")),
                        OpenAiErrorMapping.messageOf(o.get().get("error")));
            }
        }
        return new SseFrames.Frame(frame, plain, null, null);
    }

    @Test
    void readingFramesOnTheirBytesClassifiesAsReadingTheirTextDid() throws Exception {
        List<String> corpus = List.of(
                "data: {\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}",
                "data:[DONE]", "data:  [DONE] \t", "data: [DONE]\r", "data: [DONE]x", "data: [DON", "data: \u00a0[DONE]",
                "data: {\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow \u00fc down\"}}",
                "data: {\"error\":\"overloaded\"}", "data: {\"error\":null}", "data: {\"error\":false,\"e\":1}",
                "data: {\"error\":{\"code\":\"insufficient_quota\"}}\ndata: ", "data: {\"err\ndata: or\":1}",
                "data: {\"x\":\"\\\"error\\\"\"}", "data: {\"error\"", ": comment\ndata: [DONE]",
                "event: message_stop\ndata: {}", "event:  error \r\ndata: {\"type\":\"error\"}", "event: ping",
                "data: {\"type\":\"response.completed\"}", "data: {\"type\":\"response.failed\"}",
                "event: response.incomplete\ndata: {\"type\":\"response.output_text.delta\"}",
                "data: {\"type\":\n data: \"response.completed\"}", "event: response.failed",
                "data: {\"type\":\"resp\u00f6nse\"}", "dat: [DONE]", "data", "event:", "data:", "");
        java.util.Random random = new java.util.Random(7);
        List<byte[]> frames = new ArrayList<>();
        for (String c : corpus) {
            byte[] b = c.getBytes(StandardCharsets.UTF_8);
            frames.add(b);
            for (int m = 0; m < 40; m++) { // seeded mutations: bytes replaced, including invalid UTF-8 and CR/LF
                byte[] x = b.clone();
                if (x.length > 0) {
                    byte[] pool = {'\r', '\n', ' ', '"', ':', (byte) 0xc3, (byte) 0xff, (byte) 0x80, 0, 'e', '['};
                    x[random.nextInt(x.length)] = pool[random.nextInt(pool.length)];
                }
                frames.add(x);
            }
        }
        int compared = 0;
        for (Dialect dialect : List.of(Dialect.OPENAI_CHAT, Dialect.ANTHROPIC, Dialect.OPENAI_RESPONSES)) {
            for (byte[] body : frames) {
                byte[] frame = java.util.Arrays.copyOf(body, body.length + 2);
                frame[body.length] = '\n';
                frame[body.length + 1] = '\n';
                List<SseFrames.Frame> got = new SseFrames(dialect, 1 << 20).feed(frame, 0, frame.length);
                if (got.size() != 1 || got.get(0).bytes().length != frame.length) {
                    continue; // a mutation that cut the frame in two: the framing, tested above, not the reading
                }
                SseFrames.Frame want = textClassified(dialect, frame);
                SseFrames.Frame f = got.get(0);
                String what = dialect + " " + new String(frame, StandardCharsets.UTF_8);
                assertEquals(want.kind(), f.kind(), what);
                assertEquals(want.errorKind(), f.errorKind(), what);
                assertEquals(want.errorMessage(), f.errorMessage(), what);
                compared++;
            }
        }
        assertTrue(compared > 2_000, "compared " + compared);
    }
}
