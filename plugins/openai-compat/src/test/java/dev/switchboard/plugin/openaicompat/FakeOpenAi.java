package dev.switchboard.plugin.openaicompat;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;

/**
 * A fake OpenAI-compatible backend on the testkit's {@link FakeUpstream}: {@code POST /v1/chat/completions} and
 * {@code GET /v1/models}, scripted per test with real chat-completion JSON and SSE, and the faults backends show —
 * 429 with Retry-After, 500, HTML errors, a connection cut mid-stream, a slow first byte, a stream without
 * {@code [DONE]}. Thread-safe like the server it wraps; one per test.
 */
final class FakeOpenAi implements AutoCloseable {
    static final String CHAT = "/v1/chat/completions";
    static final String MODELS = "/v1/models";

    final FakeUpstream server = FakeUpstream.start();

    /** The {@code base-url} to configure: {@code http://127.0.0.1:<port>/v1}. */
    String baseUrl() {
        return server.baseUrl() + "/v1";
    }

    FakeOpenAi onChat(FakeUpstream.Handler h) {
        server.on("POST", CHAT, h);
        return this;
    }

    FakeOpenAi onModels(FakeUpstream.Handler h) {
        server.on("GET", MODELS, h);
        return this;
    }

    List<FakeUpstream.Recorded> chatRequests() {
        return server.requests(CHAT);
    }

    /** The JSON body of the last chat request. */
    JsonObject lastChat() {
        List<FakeUpstream.Recorded> r = chatRequests();
        if (r.isEmpty()) {
            throw new AssertionError("the fake backend received no chat request");
        }
        return Jsons.parseObject(r.get(r.size() - 1).body());
    }

    /** Streams {@code sse} frame by frame (each flushed), then ends the body. */
    static FakeUpstream.Handler stream(ChatSse sse) {
        return stream(sse, Duration.ZERO);
    }

    /** Like {@link #stream(ChatSse)}, after a silence before the first byte. */
    static FakeUpstream.Handler stream(ChatSse sse, Duration firstByteDelay) {
        return (req, ex) -> {
            ex.pause(firstByteDelay);
            ex.status(200).header("content-type", "text/event-stream");
            sse.frames().forEach(ex::write);
            ex.end();
        };
    }

    /** Streams the frames, then drops the connection without ending the body. */
    static FakeUpstream.Handler streamThenCut(ChatSse sse) {
        return (req, ex) -> {
            ex.status(200).header("content-type", "text/event-stream");
            sse.frames().forEach(ex::write);
            ex.cut();
        };
    }

    /** Answers with a status, a JSON body and header pairs. */
    static FakeUpstream.Handler json(int status, String body, String... headerPairs) {
        return (req, ex) -> {
            ex.status(status);
            for (int i = 0; i + 1 < headerPairs.length; i += 2) {
                ex.header(headerPairs[i], headerPairs[i + 1]);
            }
            ex.json(body);
        };
    }

    @Override
    public void close() {
        server.close();
    }
}
