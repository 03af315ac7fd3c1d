package dev.switchboard.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.clients.ClientsGateway.Upstream;
import dev.switchboard.clients.Replays.Replay;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.Fixtures;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The recorded requests of Claude Code, Codex CLI, Qwen Code and opencode, in every client API each speaks, replayed
 * through the gateway to every upstream (each plugin, and each of Factory's endpoint families) — the cells of the
 * README's compatibility matrix. Each cell checks what the client gets back in its own API and what the upstream got
 * in its own wire format.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CaptureReplayTest {
    ClientsGateway g;

    @BeforeAll
    void start(@TempDir Path home) throws Exception {
        g = new ClientsGateway(home);
    }

    @AfterAll
    void stop() {
        g.close();
    }

    static Stream<Arguments> cells() {
        return Replays.ALL.stream().flatMap(r -> Stream.of(Upstream.values()).map(u -> Arguments.of(r, u)));
    }

    private HttpResponse<String> send(Fixtures.Capture c, JsonObject body) throws Exception {
        return g.post(Replays.path(c), body.toString(), Replays.headers(c));
    }

    private ClientAnswer answer(Replay r, HttpResponse<String> res) {
        assertEquals(200, res.statusCode(), res.body());
        ClientAnswer a = ClientAnswer.read(r.api(), res.body());
        assertTrue(a.errors().isEmpty(), a.errors().toString());
        assertTrue(a.finished(), "the answer ends normally: " + res.body());
        return a;
    }

    private void cell(Replay r, String capture, Upstream u, String capability, CompatResults.Check check)
            throws Exception {
        CompatResults.check(r.client(), r.version(capture), r.api(), "replay", u.label, capability, check);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("cells")
    void sayHi(Replay r, Upstream u) throws Exception {
        cell(r, r.sayHi(), u, "say-hi", () -> {
            g.agent.plan = null;
            Fixtures.Capture c = r.capture(r.sayHi());
            ClientAnswer a = answer(r, send(c, Replays.withModel(c.body(), u.model)));
            assertEquals(AgentTurn.HELLO, a.text());
            assertTrue(a.calls().isEmpty());
            assertFalse(g.lastConversation(u).tools().isEmpty(), "the client's tools reached the upstream");
        });
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("cells")
    void toolLoop(Replay r, Upstream u) throws Exception {
        cell(r, r.turn1(), u, "tool loop", () -> {
            g.agent.plan = r.plan();
            Fixtures.Capture c = r.capture(r.turn1());
            ClientAnswer a = answer(r, send(c, Replays.withModel(c.body(), u.model)));
            assertEquals(1, a.calls().size(), "one call: " + a);
            assertEquals(r.plan().tool(), a.calls().getFirst().name(), "the client's own tool name");
            assertEquals(Jsons.parseObject(r.plan().arguments()), a.calls().getFirst().arguments());
        });
        cell(r, r.turn2(), u, "tool loop", () -> {
            g.agent.plan = r.plan();
            Fixtures.Capture c = r.capture(r.turn2());
            ClientAnswer a = answer(r, send(c, Replays.withModel(c.body(), u.model)));
            String seen = g.lastConversation(u).toolResult();
            assertNotNull(seen, "the upstream got the tool result last");
            assertTrue(seen.contains(r.resultText()), seen);
            assertTrue(a.text().startsWith(AgentTurn.AFTER_TOOL), a.text());
        });
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("cells")
    void streaming(Replay r, Upstream u) throws Exception {
        cell(r, r.sayHi(), u, "streaming", () -> {
            g.agent.plan = null;
            Fixtures.Capture c = r.capture(r.sayHi());
            HttpResponse<String> streamed = send(c, Replays.withStream(Replays.withModel(c.body(), u.model), true));
            assertTrue(streamed.headers().firstValue("content-type").orElse("").startsWith("text/event-stream"));
            assertEquals(AgentTurn.HELLO, answer(r, streamed).text());
            HttpResponse<String> unary = send(c, Replays.withStream(Replays.withModel(c.body(), u.model), false));
            assertTrue(unary.headers().firstValue("content-type").orElse("").startsWith("application/json"),
                    unary.body());
            assertEquals(AgentTurn.HELLO, answer(r, unary).text());
        });
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("cells")
    void images(Replay r, Upstream u) throws Exception {
        cell(r, r.sayHi(), u, "images", () -> {
            g.agent.plan = null;
            Fixtures.Capture c = r.capture(r.sayHi());
            ClientAnswer a = answer(r, send(c, Replays.withImage(r.api(), Replays.withModel(c.body(), u.model))));
            assertEquals(AgentTurn.HELLO, a.text());
            assertEquals(1, g.lastConversation(u).images(), "the image reached the upstream");
        });
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("cells")
    void thinking(Replay r, Upstream u) throws Exception {
        cell(r, r.sayHi(), u, "thinking", () -> {
            g.agent.plan = null;
            Fixtures.Capture c = r.capture(r.sayHi());
            ClientAnswer a = answer(r, send(c, Replays.withThinking(r.api(), Replays.withModel(c.body(), u.model))));
            assertTrue(g.lastConversation(u).thinking(), "the upstream was asked to think");
            assertEquals(AgentTurn.REASONING, a.reasoning(), "the client got the reasoning");
            assertEquals(AgentTurn.HELLO, a.text());
        });
    }
}
