package dev.switchboard.kernel.wire.openai;

import dev.switchboard.kernel.dialect.ClientErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.OpenAIException;
import com.openai.errors.SseException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionAssistantMessageParam;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.switchboard.kernel.dialect.openai.OpenAiChatReadResult;
import dev.switchboard.kernel.dialect.openai.OpenAiChatRequestReader;
import dev.switchboard.kernel.dialect.openai.OpenAiChatResponseWriter;
import dev.switchboard.kernel.dialect.openai.OpenAiChatStreamWriter;
import dev.switchboard.testkit.GuardedStreams;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.stream.Delta;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import java.io.IOException;
import java.io.OutputStream;
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
 * The official openai-java SDK, a required real client, against the OpenAI chat codecs: its real request bodies go
 * through {@link OpenAiChatRequestReader}, and its strictest consumer, {@link ChatCompletionAccumulator},
 * reads what {@link OpenAiChatStreamWriter} and {@link OpenAiChatResponseWriter} produce: its
 * {@code ChatCompletionAccumulator} must accept every stream without an exception (index, id, created and model on
 * every chunk, role first, a finish_reason chunk, tool call indices).
 * A JDK HTTP server on 127.0.0.1 port 0 plays the gateway with a scripted canonical answer.
 */
class OpenAiJavaSdkCompatibilityTest {
    private HttpServer server;
    private OpenAIClient client;
    private volatile List<StreamEvent> script = List.of();
    private volatile OpenAiChatReadResult lastRead;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/v1/chat/completions", this::handle);
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
            OpenAiChatReadResult read;
            try {
                read = new OpenAiChatRequestReader().read(ex.getRequestBody().readAllBytes());
            } catch (GatewayException e) {
                byte[] err = ClientErrors.openAiBody(e.kind(), e.getMessage(), e.param()).toString().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("content-type", "application/json");
                ex.sendResponseHeaders(ClientErrors.status(e.kind(), Dialect.OPENAI_CHAT), err.length);
                ex.getResponseBody().write(err);
                return;
            }
            lastRead = read;
            ChatRequest req = read.request();
            if (req.stream()) {
                ex.getResponseHeaders().set("content-type", "text/event-stream");
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                OpenAiChatStreamWriter w = new OpenAiChatStreamWriter(out, req.model(), read.includeUsage(), true);
                for (StreamEvent e : GuardedStreams.of(script)) { // as the kernel hands events to the writer
                    w.write(e);
                }
                w.finish();
            } else {
                StreamAccumulator acc = new StreamAccumulator();
                acc.acceptAll(script);
                ChatResponse r;
                try {
                    r = acc.toResponse();
                } catch (GatewayException e) {
                    throw new IOException(e);
                }
                byte[] json = new OpenAiChatResponseWriter(true).write(r, req.model()).toString().getBytes(StandardCharsets.UTF_8);
                ex.getResponseHeaders().set("content-type", "application/json");
                ex.sendResponseHeaders(200, json.length);
                ex.getResponseBody().write(json);
            }
        }
    }

    /** thinking, text, a tool with split arguments, a tool without arguments; usage 10 in (+5 cached) / 7 out. */
    private static List<StreamEvent> textAndTools() {
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

    /** A request with tools and a completed tool round in the history, as the SDK serialises it. */
    private static ChatCompletionCreateParams.Builder params() {
        return ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5")
                .addSystemMessage("be brief")
                .addUserMessage("read a.ts")
                .addMessage(ChatCompletionAssistantMessageParam.builder()
                        .addToolCall(ChatCompletionMessageFunctionToolCall.builder().id("call_1")
                                .function(ChatCompletionMessageFunctionToolCall.Function.builder()
                                        .name("Read").arguments("{\"file_path\":\"x\"}").build()).build()).build())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId("call_1").content("contents").build())
                .addUserMessage("and now?")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("Read")
                        .description("Reads a file")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("file_path", Map.of("type", "string"))))
                                .build()).build()).build())
                .maxCompletionTokens(500);
    }

    @Test
    @DisplayName("ChatCompletionAccumulator reads the chat stream writer's output: text, dense tool indices, {} arguments, usage")
    void streamingAccumulator() {
        script = textAndTools();
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params()
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            s.stream().forEach(acc::accumulate);
        }
        ChatCompletion c = acc.chatCompletion();
        ChatCompletion.Choice choice = c.choices().get(0);
        assertEquals("Let me check", choice.message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
        var calls = choice.message().toolCalls().orElseThrow();
        assertEquals(2, calls.size());
        ChatCompletionMessageFunctionToolCall first = calls.get(0).asFunction();
        assertEquals("toolu_a", first.id());
        assertEquals("Read", first.function().name());
        assertEquals("{\"file_path\":\"a.ts\"}", first.function().arguments());
        assertEquals("{}", calls.get(1).asFunction().function().arguments());
        assertEquals("claude-sonnet-4-5", c.model());
        assertEquals(15, c.usage().orElseThrow().promptTokens());
        assertEquals(22, c.usage().orElseThrow().totalTokens());

        // the SDK's real request went through the reader
        ChatRequest read = lastRead.request();
        assertTrue(lastRead.includeUsage());
        assertEquals("be brief", read.systemText());
        assertEquals(500, read.maxTokens());
        ContentBlock.ToolUse call = (ContentBlock.ToolUse) read.messages().get(1).content().get(0);
        ContentBlock.ToolResult result = (ContentBlock.ToolResult) read.messages().get(2).content().get(0);
        assertEquals("call_1", call.id());
        assertEquals(call.id(), result.toolUseId());
        assertEquals("and now?", ((ContentBlock.Text) read.messages().get(2).content().get(1)).text());
        assertEquals("Read", read.tools().get(0).name());
    }

    @Test
    @DisplayName("without include_usage the stream has no usage chunk and still accumulates")
    void streamingWithoutUsage() {
        script = textAndTools();
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> s = client.chat().completions().createStreaming(params().build())) {
            s.stream().forEach(acc::accumulate);
        }
        assertTrue(acc.chatCompletion().usage().isEmpty());
        assertEquals(2, acc.chatCompletion().choices().get(0).message().toolCalls().orElseThrow().size());
    }

    @Test
    @DisplayName("a mid-stream error chunk makes the SDK throw, never a silent normal finish")
    void streamingError() {
        List<StreamEvent> s = new ArrayList<>(textAndTools().subList(0, 8));
        s.add(new StreamEvent.BlockStop(1));
        s.add(new StreamEvent.StreamError(ErrorKind.UPSTREAM_OVERLOADED, "Overloaded"));
        script = s;
        OpenAIException e = assertThrows(OpenAIException.class, () -> {
            try (StreamResponse<ChatCompletionChunk> r = client.chat().completions().createStreaming(params().build())) {
                r.stream().forEach(chunk -> { });
            }
        });
        assertInstanceOf(SseException.class, e);
        assertTrue(e.getMessage().contains("Overloaded"), e.getMessage());
    }

    @Test
    @DisplayName("a unary chat.completion parses and validates in the SDK; content joins all texts")
    void unary() {
        List<StreamEvent> s = new ArrayList<>(textAndTools());
        s.add(s.size() - 2, new StreamEvent.BlockStart(4, new ContentBlock.Text("")));
        s.add(s.size() - 2, new StreamEvent.BlockDelta(4, new Delta.TextDelta(" (done)")));
        s.add(s.size() - 2, new StreamEvent.BlockStop(4));
        script = s;
        ChatCompletion c = client.chat().completions().create(params().build());
        c.validate();
        ChatCompletion.Choice choice = c.choices().get(0);
        assertEquals("Let me check (done)", choice.message().content().orElseThrow());
        assertEquals(ChatCompletion.Choice.FinishReason.TOOL_CALLS, choice.finishReason());
        assertEquals(2, choice.message().toolCalls().orElseThrow().size());
        assertEquals(c.usage().orElseThrow().promptTokens() + c.usage().orElseThrow().completionTokens(),
                c.usage().orElseThrow().totalTokens());
        assertTrue(c.id().startsWith("chatcmpl-"));
    }

    @Test
    @DisplayName("a malformed request is answered in the OpenAI error shape the SDK understands")
    void badRequest() {
        script = textAndTools();
        OpenAIException e = assertThrows(OpenAIException.class, () -> client.chat().completions().create(
                ChatCompletionCreateParams.builder().model("m").addUserMessage("hi").maxCompletionTokens(0).build()));
        assertTrue(e.getMessage().contains("max_completion_tokens"), e.getMessage());
    }
}
