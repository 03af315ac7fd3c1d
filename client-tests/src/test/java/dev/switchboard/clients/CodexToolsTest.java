package dev.switchboard.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.clients.ClientsGateway.Upstream;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.Fixtures;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Codex's own tool declarations through every upstream: its {@code namespace} tool ({@code multi_agent_v1}) and
 * its hosted {@code web_search}. A Responses upstream that gets the client's body relayed sees both as Codex sent
 * them; every other upstream sees the namespaced functions under flat names, and Codex gets its own name and
 * namespace back in the {@code function_call}. A hosted tool the upstream does not run is left out and named in
 * the {@code x-gateway-tools-left-out} header — the request is served, never refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CodexToolsTest {
    private static final String LEFT_OUT = "x-gateway-tools-left-out";
    private static final String NAMESPACE = "multi_agent_v1";
    private static final String TOOL = "spawn_agent";
    private static final String FLAT = NAMESPACE + "__" + TOOL;
    private static final String ARGS = "{\"message\":\"lint the project\"}";

    ClientsGateway g;

    @BeforeAll
    void start(@TempDir Path home) throws Exception {
        g = new ClientsGateway(home);
    }

    @AfterAll
    void stop() {
        g.close();
    }

    private static boolean relaysTheBody(Upstream u) {
        return u == Upstream.FACTORY_OPENAI;
    }

    private HttpResponse<String> send(String capture, Upstream u) throws Exception {
        Fixtures.Capture c = Replays.CODEX.capture(capture);
        return g.post(Replays.path(c), Replays.withModel(c.body(), u.model).toString(), Replays.headers(c));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Upstream.class)
    void aNamespacedToolIsCalledUnderAFlatNameAndCodexGetsItsOwnNameAndNamespaceBack(Upstream u) throws Exception {
        String upstreamName = relaysTheBody(u) ? TOOL : FLAT;
        g.agent.plan = new AgentTurn.ToolPlan("Read hello.txt", upstreamName, ARGS);
        HttpResponse<String> res = send("tool-use-turn1", u);
        assertEquals(200, res.statusCode(), res.body());
        ClientAnswer a = ClientAnswer.read("responses", res.body());
        assertTrue(a.errors().isEmpty(), a.errors().toString());
        assertEquals(List.of(new ClientAnswer.Call(TOOL, NAMESPACE, Jsons.parseObject(ARGS))), a.calls());

        Conversation seen = g.lastConversation(u);
        assertTrue(seen.tools().containsKey(upstreamName), "the upstream was offered " + upstreamName + ": "
                + seen.tools().keySet());
        assertEquals(relaysTheBody(u) ? NAMESPACE : null, seen.tools().get(upstreamName));
        assertTrue(seen.tools().containsKey("exec_command"), "top-level functions keep their names");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Upstream.class)
    void codexsWebSearchIsRunWhereTheUpstreamRunsItAndLeftOutByNameElsewhere(Upstream u) throws Exception {
        g.agent.plan = null;
        HttpResponse<String> res = send("say-hi", u);
        assertEquals(200, res.statusCode(), "never a 400 for a hosted tool: " + res.body());
        assertEquals(AgentTurn.HELLO, ClientAnswer.read("responses", res.body()).text());
        Optional<String> leftOut = res.headers().firstValue(LEFT_OUT);
        List<String> hosted = hostedToolsSent(u, g.lastReceived(u));
        if (relaysTheBody(u)) {
            assertEquals(Optional.empty(), leftOut);
            assertEquals(List.of("web_search"), hosted, "OpenAI's Responses API runs it");
        } else {
            // Codex restricts its search to cached results, which no other provider's live search honours.
            assertEquals(Optional.of("web_search"), leftOut);
            assertEquals(List.of(), hosted);
            assertFalse(g.lastConversation(u).tools().isEmpty(), "the function tools still went");
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Upstream.class)
    void codexsResponsesOnlyOptionsReachOnlyAResponsesUpstream(Upstream u) throws Exception {
        g.agent.plan = null;
        assertEquals(200, send("say-hi", u).statusCode());
        JsonObject body = g.lastReceived(u);
        List<String> options = List.of("include", "prompt_cache_key", "client_metadata", "store");
        if (relaysTheBody(u)) {
            options.forEach(k -> assertTrue(body.containsKey(k), k + " is relayed with Codex's body"));
            assertEquals(JsonValue.FALSE, body.get("store"));
            assertEquals(Jsons.obj(Replays.CODEX.capture("say-hi").body(), "client_metadata"),
                    body.getJsonObject("client_metadata"));
        } else {
            options.forEach(k -> assertFalse(body.containsKey(k), k + " means nothing to " + u.label));
        }
    }

    /** The types of the non-function tools in an upstream request, in its wire format (Kiro has none). */
    private static List<String> hostedToolsSent(Upstream u, JsonObject body) {
        List<String> types = new ArrayList<>();
        if (u == Upstream.KIRO) {
            return types;
        }
        JsonArray tools = Jsons.arr(body, "tools");
        for (JsonValue v : tools == null ? List.<JsonValue>of() : tools) {
            String type = Jsons.str(v.asJsonObject(), "type");
            if (type != null && !type.equals("function") && !type.equals("namespace") && !type.equals("custom")) {
                types.add(type);
            }
        }
        return types;
    }
}
