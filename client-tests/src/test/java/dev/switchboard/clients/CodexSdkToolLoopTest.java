package dev.switchboard.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.switchboard.clients.ClientsGateway.Upstream;
import dev.switchboard.spi.json.Jsons;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A Codex-style tool loop through openai-java, the way Codex drives the Responses API: Codex's own tool list
 * (functions, the {@code multi_agent_v1} namespace, the hosted {@code web_search}), a streamed turn folded by the
 * SDK's {@link ResponseAccumulator} into a namespaced {@code function_call}, then the call and its
 * {@code function_call_output} sent back statelessly and answered — on every upstream, the Anthropic-family and
 * Kiro ones included. Each streamed event must validate against the SDK's model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CodexSdkToolLoopTest {
    private static final String NAMESPACE = "multi_agent_v1";
    private static final String TOOL = "spawn_agent";
    private static final String ARGS = "{\"message\":\"read hello.txt\"}";
    private static final String OUTPUT = "agent says: hello from the file";

    ClientsGateway g;
    OpenAIClient client;
    JsonValue codexTools;

    @BeforeAll
    void start(@TempDir Path home) throws Exception {
        g = new ClientsGateway(home);
        client = OpenAIOkHttpClient.builder().baseUrl(g.base() + "/v1").apiKey(ClientsGateway.KEY)
                .timeout(Duration.ofSeconds(60)).maxRetries(0).build();
        String tools = Replays.CODEX.capture("tool-use-turn1").body().getJsonArray("tools").toString();
        codexTools = JsonValue.from(ObjectMappers.jsonMapper().readValue(tools, Object.class));
    }

    @AfterAll
    void stop() {
        if (client != null) {
            client.close();
        }
        g.close();
    }

    private static EasyInputMessage user(String text) {
        return EasyInputMessage.builder().role(EasyInputMessage.Role.USER).content(text).build();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Upstream.class)
    void aStreamedNamespacedCallAndItsOutputRoundTrip(Upstream u) {
        // A relayed Responses body keeps the namespace; the other upstreams see the flat name.
        String upstreamName = u == Upstream.FACTORY_OPENAI ? TOOL : NAMESPACE + "__" + TOOL;
        g.agent.plan = new AgentTurn.ToolPlan("Read hello.txt", upstreamName, ARGS);
        ResponseAccumulator acc = ResponseAccumulator.create();
        try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(ResponseCreateParams.builder()
                .model(u.model).inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(
                        user("Read hello.txt and tell me what it says"))))
                .putAdditionalBodyProperty("tools", codexTools)
                .putAdditionalBodyProperty("store", JsonValue.from(false)).build())) {
            s.stream().forEach(e -> {
                e.validate();
                acc.accumulate(e);
            });
        }
        ResponseFunctionToolCall call = acc.response().output().stream().filter(o -> o.isFunctionCall())
                .findFirst().orElseThrow(() -> new AssertionError("no function_call: " + acc.response()))
                .asFunctionCall();
        assertEquals(TOOL, call.name(), "Codex's own name");
        assertEquals(NAMESPACE, call.namespace().orElseThrow(), "and its namespace");
        assertEquals(Jsons.parseObject(ARGS), Jsons.parseObject(call.arguments()));

        g.agent.plan = null;
        Response answer = client.responses().create(ResponseCreateParams.builder().model(u.model)
                .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(
                                user("Read hello.txt and tell me what it says")),
                        ResponseInputItem.ofFunctionCall(call),
                        ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                .callId(call.callId()).output(OUTPUT).build())))
                .putAdditionalBodyProperty("tools", codexTools)
                .putAdditionalBodyProperty("store", JsonValue.from(false)).build());
        String text = answer.output().stream().filter(o -> o.isMessage()).findFirst().orElseThrow()
                .asMessage().content().getFirst().asOutputText().text();
        assertTrue(text.startsWith(AgentTurn.AFTER_TOOL) && text.contains(OUTPUT), text);
        assertEquals(OUTPUT, g.lastConversation(u).toolResult().strip(), "the upstream got the output for its call");
    }
}
