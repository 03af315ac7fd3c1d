package dev.switchboard.kernel.wire.responses;

import dev.switchboard.kernel.dialect.ClientErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.ObjectMappers;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseError;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseIncludable;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStatus;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import com.openai.models.responses.WebSearchTool;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.kernel.dialect.SseWriter;
import dev.switchboard.kernel.dialect.responses.ResponsesClientRequest;
import dev.switchboard.kernel.dialect.responses.ResponsesRequestReader;
import dev.switchboard.kernel.dialect.responses.ResponsesResponseWriter;
import dev.switchboard.kernel.dialect.responses.ResponsesStreamWriter;
import dev.switchboard.testkit.GuardedStreams;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The official openai-java SDK, a required real client, against the Responses codecs: its real request bodies go
 * through {@link ResponsesRequestReader}, and its strict event parser and {@link ResponseAccumulator} read
 * what {@link ResponsesStreamWriter} and {@link ResponsesResponseWriter} produce ({@code response.created} first, items
 * added before their deltas, distinct output indices for text and tools, {@code function_call} and
 * {@code function_call_output} ↔ {@code tool_use} and {@code tool_result} with {@code id = call_id}).
 * A JDK HTTP server on 127.0.0.1 port 0 plays the gateway with a scripted canonical answer.
 */
class ResponsesOpenAiSdkTest {
    private HttpServer server;
    private OpenAIClient client;
    private volatile List<StreamEvent> script = List.of();
    private volatile ResponsesClientRequest lastRead;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/responses", this::handle);
        server.start();
        client = OpenAIOkHttpClient.builder().baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1")
                .apiKey("sk-test-not-a-secret").maxRetries(0).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            ResponsesClientRequest read;
            try {
                read = ResponsesRequestReader.read(ex.getRequestBody().readAllBytes());
            } catch (GatewayException e) {
                byte[] err = ClientErrors.openAiBody(e.kind(), e.getMessage(), e.param()).toString()
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("content-type", "application/json");
                ex.sendResponseHeaders(ClientErrors.status(e.kind(), Dialect.OPENAI_RESPONSES), err.length);
                ex.getResponseBody().write(err);
                return;
            }
            lastRead = read;
            ChatRequest req = read.chatRequest();
            if (req.stream()) {
                ex.getResponseHeaders().set("content-type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                ResponsesStreamWriter w = ResponsesStreamWriter.create(new SseWriter(ex.getResponseBody()), req.model(),
                        read.writerOptions());
                for (StreamEvent e : GuardedStreams.of(script)) { // as the kernel hands events to the writer
                    w.write(e);
                }
                w.finish();
            } else {
                StreamAccumulator acc = new StreamAccumulator();
                acc.acceptAll(script);
                ChatResponse r;
                try {
                    r = acc.toResponse().withModel(req.model());
                } catch (GatewayException e) {
                    throw new IOException(e);
                }
                byte[] json = ResponsesResponseWriter.write(r, read.writerOptions()).toString()
                        .getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("content-type", "application/json");
                ex.sendResponseHeaders(200, json.length);
                ex.getResponseBody().write(json);
            }
        }
    }

    /** thinking with a signature, text, a tool with split arguments, a tool without arguments. */
    private static List<StreamEvent> thinkingTextAndTools() {
        List<StreamEvent> l = new ArrayList<>();
        l.add(new StreamEvent.MessageStart("msg_1", "upstream", new Usage(10, 0, 0, 5, null)));
        l.add(new StreamEvent.BlockStart(0, new ContentBlock.Thinking("", "")));
        l.add(new StreamEvent.BlockDelta(0, new Delta.ThinkingDelta("reasoning")));
        l.add(new StreamEvent.BlockDelta(0, new Delta.SignatureDelta("sig")));
        l.add(new StreamEvent.BlockStop(0));
        l.add(new StreamEvent.BlockStart(1, new ContentBlock.Text("")));
        l.add(new StreamEvent.BlockDelta(1, new Delta.TextDelta("Let me ")));
        l.add(new StreamEvent.BlockDelta(1, new Delta.TextDelta("check")));
        l.add(new StreamEvent.BlockStop(1));
        l.add(new StreamEvent.BlockStart(2, new ContentBlock.ToolUse("toolu_a", "Read", jakarta.json.JsonValue.EMPTY_JSON_OBJECT)));
        l.add(new StreamEvent.BlockDelta(2, new Delta.InputJsonDelta("{\"file_path\":")));
        l.add(new StreamEvent.BlockDelta(2, new Delta.InputJsonDelta("\"a.ts\"}")));
        l.add(new StreamEvent.BlockStop(2));
        l.add(new StreamEvent.BlockStart(3, new ContentBlock.ToolUse("toolu_b", "Now", jakarta.json.JsonValue.EMPTY_JSON_OBJECT)));
        l.add(new StreamEvent.BlockStop(3));
        l.add(new StreamEvent.MessageDelta(StopReason.TOOL_USE, null, new Usage(10, 7, 0, 5, null)));
        l.add(new StreamEvent.MessageStop());
        return l;
    }

    private static List<StreamEvent> textOnly(String text) {
        return List.of(new StreamEvent.MessageStart("msg_1", "upstream", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ContentBlock.Text("")),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta(text)),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.END_TURN, null, new Usage(3, 1, 0, 0, null)),
                new StreamEvent.MessageStop());
    }

    /** Codex's declaration: a top-level function and a namespace of agent tools. */
    private static JsonValue codexTools() {
        Map<String, Object> params = Map.of("type", "object", "properties", Map.of("task", Map.of("type", "string")));
        return JsonValue.from(List.of(
                Map.of("type", "function", "name", "exec_command", "parameters", params),
                Map.of("type", "namespace", "name", "multi_agent_v1", "description", "Sub-agents",
                        "tools", List.of(Map.of("type", "function", "name", "spawn_agent", "parameters", params))),
                Map.of("type", "web_search", "external_web_access", false)));
    }

    @Test
    @DisplayName("a Codex-style tool loop: a namespaced function_call through the SDK's accumulator, its output back")
    void codexStyleNamespaceToolLoop() {
        script = List.of(new StreamEvent.MessageStart("msg_1", "upstream", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ContentBlock.ToolUse("call_1", "multi_agent_v1__spawn_agent",
                        jakarta.json.JsonValue.EMPTY_JSON_OBJECT)),
                new StreamEvent.BlockDelta(0, new Delta.InputJsonDelta("{\"task\":\"lint\"}")),
                new StreamEvent.BlockStop(0),
                new StreamEvent.MessageDelta(StopReason.TOOL_USE, null, new Usage(3, 1, 0, 0, null)),
                new StreamEvent.MessageStop());
        ResponseAccumulator acc = ResponseAccumulator.create();
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(ResponseCreateParams.builder()
                .model("gpt-5-codex").input("lint it").putAdditionalBodyProperty("tools", codexTools()).build())) {
            s.stream().forEach(e -> {
                e.validate();
                events.add(e);
                acc.accumulate(e);
            });
        }
        assertEquals("multi_agent_v1__spawn_agent", lastRead.chatRequest().tools().get(1).name(),
                "the upstream sees one flat function name");
        ResponseFunctionToolCall call = acc.response().output().getFirst().asFunctionCall();
        assertEquals("spawn_agent", call.name(), "the client gets its own name back");
        assertEquals("multi_agent_v1", call.namespace().orElseThrow());
        assertEquals("{\"task\":\"lint\"}", call.arguments());
        ResponseStreamEvent done = events.stream().filter(ResponseStreamEvent::isFunctionCallArgumentsDone)
                .findFirst().orElseThrow();
        assertEquals(JsonValue.from("spawn_agent"), done.asFunctionCallArgumentsDone()._additionalProperties().get("name"));

        script = textOnly("linted");
        List<ResponseInputItem> input = List.of(
                ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder().role(EasyInputMessage.Role.USER)
                        .content("lint it").build()),
                ResponseInputItem.ofFunctionCall(call),
                ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                        .callId("call_1").output("no warnings").build()));
        Response answer = client.responses().create(ResponseCreateParams.builder().model("gpt-5-codex")
                .inputOfResponse(input).putAdditionalBodyProperty("tools", codexTools()).build());
        assertEquals("linted", answer.output().getFirst().asMessage().content().getFirst().asOutputText().text());
        List<Message> history = lastRead.chatRequest().messages();
        assertEquals(new ContentBlock.ToolUse("call_1", "multi_agent_v1__spawn_agent",
                jakarta.json.Json.createObjectBuilder().add("task", "lint").build()), history.get(1).content().getFirst());
        assertEquals(new ContentBlock.ToolResult("call_1", List.of(new ContentBlock.Text("no warnings")), false, null),
                history.get(2).content().getFirst());
    }

    private static FunctionTool readTool() {
        return FunctionTool.builder().name("Read").description("Reads a file").strict(false)
                .parameters(FunctionTool.Parameters.builder()
                        .putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("file_path", Map.of("type", "string"))))
                        .build())
                .build();
    }

    private static ResponseCreateParams.Builder firstTurn() {
        return ResponseCreateParams.builder()
                .model("gpt-requested")
                .instructions("be brief")
                .input("read a.ts")
                .addTool(readTool())
                .addInclude(ResponseIncludable.REASONING_ENCRYPTED_CONTENT)
                .reasoning(Reasoning.builder().effort(ReasoningEffort.MEDIUM).build())
                .store(false);
    }

    private static void assertFirstTurnAnswer(Response r) {
        assertEquals(ResponseStatus.COMPLETED, r.status().orElseThrow());
        assertEquals("gpt-requested", r.model().asString());
        List<ResponseOutputItem> out = r.output();
        assertEquals(4, out.size());
        assertEquals("reasoning", out.get(0).asReasoning().summary().get(0).text());
        assertEquals("sig", out.get(0).asReasoning().encryptedContent().orElseThrow());
        assertEquals("Let me check", out.get(1).asMessage().content().get(0).asOutputText().text());
        ResponseFunctionToolCall call = out.get(2).asFunctionCall();
        assertEquals("toolu_a", call.callId());
        assertEquals("Read", call.name());
        assertEquals("{\"file_path\":\"a.ts\"}", call.arguments());
        assertEquals("{}", out.get(3).asFunctionCall().arguments());
        ResponseUsage usage = r.usage().orElseThrow();
        assertEquals(15, usage.inputTokens());
        assertEquals(5, usage.inputTokensDetails().cachedTokens());
        assertEquals(7, usage.outputTokens());
        assertEquals(22, usage.totalTokens());
    }

    @Test
    @DisplayName("the SDK's strict parser and ResponseAccumulator read the Responses stream writer's output")
    void streamingAccumulator() {
        script = thinkingTextAndTools();
        ResponseAccumulator acc = ResponseAccumulator.create();
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(firstTurn().build())) {
            s.stream().forEach(e -> {
                e.validate(); // every event has the fields openai-java requires
                events.add(e);
                acc.accumulate(e);
            });
        }
        assertTrue(events.get(0).isCreated(), "response.created first");
        assertTrue(events.get(1).isInProgress());
        Response r = acc.response();
        r.validate();
        assertFirstTurnAnswer(r);

        // the SDK's real request went through the reader
        ChatRequest read = lastRead.chatRequest();
        assertEquals("be brief", read.systemText());
        assertEquals("Read", read.tools().get(0).name());
        assertEquals(ThinkingConfig.Mode.ENABLED, read.thinking().mode());
        assertTrue(lastRead.writerOptions().includeEncryptedReasoning());
    }

    @Test
    @DisplayName("unary: Response validates and carries the same answer")
    void unaryResponse() {
        script = thinkingTextAndTools();
        Response r = client.responses().create(firstTurn().build());
        r.validate();
        assertFirstTurnAnswer(r);
    }

    @Test
    @DisplayName("the SDK's second turn (output items + function_call_output) reads as tool_use/tool_result")
    void secondTurnWithTheFirstTurnsOutputItems() {
        script = thinkingTextAndTools();
        Response first = client.responses().create(firstTurn().build());
        List<ResponseInputItem> input = new ArrayList<>();
        input.add(ResponseInputItem.ofEasyInputMessage(EasyInputMessage.builder()
                .role(EasyInputMessage.Role.USER).content("read a.ts").build()));
        for (ResponseOutputItem item : first.output()) {
            if (item.isReasoning()) {
                input.add(ResponseInputItem.ofReasoning(item.asReasoning()));
            } else if (item.isMessage()) {
                input.add(ResponseInputItem.ofResponseOutputMessage(item.asMessage()));
            } else if (item.isFunctionCall()) {
                input.add(ResponseInputItem.ofFunctionCall(item.asFunctionCall()));
            }
        }
        input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId("toolu_a").output("export {}").build()));
        input.add(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                .callId("toolu_b").output("12:00").build()));
        client.responses().create(ResponseCreateParams.builder().model("gpt-requested").inputOfResponse(input)
                .addTool(readTool()).build());

        List<Message> messages = lastRead.chatRequest().messages();
        assertEquals(3, messages.size(), messages.toString());
        assertEquals(Role.ASSISTANT, messages.get(1).role());
        assertEquals(List.of(
                new ContentBlock.Thinking("reasoning", "sig", dev.switchboard.spi.model.SignatureOrigin.OPENAI),
                new ContentBlock.Text("Let me check"),
                new ContentBlock.ToolUse("toolu_a", "Read", jakarta.json.Json.createObjectBuilder().add("file_path", "a.ts").build()),
                new ContentBlock.ToolUse("toolu_b", "Now", jakarta.json.JsonValue.EMPTY_JSON_OBJECT)),
                messages.get(1).content());
        assertEquals(List.of(
                new ContentBlock.ToolResult("toolu_a", List.of(new ContentBlock.Text("export {}")), false, null),
                new ContentBlock.ToolResult("toolu_b", List.of(new ContentBlock.Text("12:00")), false, null)),
                messages.get(2).content());
    }

    @Test
    @DisplayName("a mid-stream error reaches the SDK as an error, never as a normal finish")
    void midStreamError() {
        script = List.of(
                new StreamEvent.MessageStart("msg_1", "upstream", Usage.ZERO),
                new StreamEvent.BlockStart(0, new ContentBlock.Text("")),
                new StreamEvent.BlockDelta(0, new Delta.TextDelta("Partial")),
                new StreamEvent.StreamError(ErrorKind.UPSTREAM_OVERLOADED, "upstream overloaded"));
        // openai-java does not throw on Responses error events; it hands them out, then the failed response
        ResponseAccumulator acc = ResponseAccumulator.create();
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> s = client.responses().createStreaming(firstTurn().build())) {
            s.stream().forEach(e -> {
                e.validate();
                events.add(e);
                acc.accumulate(e);
            });
        }
        ResponseStreamEvent error = events.get(events.size() - 2);
        assertTrue(error.isError(), error.toString());
        assertEquals("upstream overloaded", error.asError().message());
        assertEquals("overloaded", error.asError().code().orElseThrow());
        Response failed = acc.response();
        assertEquals(ResponseStatus.FAILED, failed.status().orElseThrow());
        assertEquals(ResponseError.Code.SERVER_ERROR, failed.error().orElseThrow().code());
    }

    @Test
    @DisplayName("a hosted tool the SDK declares is read as a tool of its type, not refused")
    void hostedToolIsReadNotRefused() {
        script = textOnly("searched");
        Response r = client.responses().create(ResponseCreateParams.builder().model("gpt-requested")
                .input("search the web").addTool(WebSearchTool.builder().type(WebSearchTool.Type.WEB_SEARCH).build())
                .build());
        assertEquals("searched", r.output().getFirst().asMessage().content().getFirst().asOutputText().text());
        assertEquals("web_search", lastRead.chatRequest().tools().getFirst().type());
    }
}
