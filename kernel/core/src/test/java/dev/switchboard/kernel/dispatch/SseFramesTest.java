package dev.switchboard.kernel.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
}
