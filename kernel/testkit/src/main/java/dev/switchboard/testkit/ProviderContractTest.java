package dev.switchboard.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.stream.StreamAccumulator;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.spi.stream.StreamGuard;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The provider contract that every plugin's tests subclass: text, system, multi-turn, tools,
 * tool results, thinking with signature, stream ≡ fold(stream) ≡ unary, usage, error classification, mid-stream
 * errors, and pure, idempotent translation that keeps unknown fields out of harm's way. Subclasses provide the
 * provider (pointed at their fake upstream) and script the fake in the upstream's real wire format.
 */
public abstract class ProviderContractTest {

    /** The provider under test, configured against the subclass's fake upstream. */
    protected abstract Provider provider();

    /** The transport the kernel would use (normally {@code TestProviderContext#transport()}). */
    protected abstract dev.switchboard.spi.HttpTransport transport();

    /** An account the provider accepts. */
    protected abstract Account account();

    /** The upstream model to ask for. */
    protected abstract String upstreamModel();

    /** Scripts the fake: the next call answers the text with the given usage. */
    protected abstract void scriptText(String text, long inputTokens, long outputTokens);

    /** Scripts the fake: the next call answers one tool call. */
    protected abstract void scriptToolCall(String id, String name, String argumentsJson);

    /** Scripts the fake: the next call answers with an HTTP error (and Retry-After when given). */
    protected abstract void scriptError(int status, String retryAfterSeconds);

    /**
     * Scripts the fake: the next call answers {@code status} with exactly this body ({@code application/json}, or
     * {@code text/html} when it starts with {@code <}).
     */
    protected abstract void scriptErrorBody(int status, String body);

    /** Scripts the fake: the next call streams some text, then breaks (error frame or dropped connection). */
    protected abstract void scriptMidStreamError(String textBeforeTheError);

    /** The body of the last upstream request, as text. */
    protected abstract String lastUpstreamBody();

    /**
     * Scripts a reply with a thinking block carrying {@code signature}, then {@code text}, and returns
     * {@link ThinkingScript#scripted()}. Every plugin answers: one whose upstream's wire format has no thinking
     * signatures scripts nothing and returns {@link ThinkingScript#noSignatures(String)} with the reason, which the
     * thinking case reports as why it did not run.
     */
    protected abstract ThinkingScript scriptThinking(String thinking, String signature, String text);

    /**
     * A plugin's answer to {@link #scriptThinking}: scripted, or the reason its upstream carries no thinking
     * signatures.
     *
     * @param noSignaturesBecause null when the reply was scripted; else why the upstream has no signatures
     */
    public record ThinkingScript(String noSignaturesBecause) {
        public static ThinkingScript scripted() {
            return new ThinkingScript(null);
        }

        /** @param reason why the upstream's wire format has no thinking signatures (required, not blank) */
        public static ThinkingScript noSignatures(String reason) {
            if (reason == null || reason.isBlank()) {
                throw new IllegalArgumentException("say why the upstream has no thinking signatures");
            }
            return new ThinkingScript(reason);
        }
    }

    /** The kind this upstream maps a bare status to; override where the plugin refines it. */
    protected ErrorKind expectedKind(int status) {
        return switch (status) {
            case 400 -> ErrorKind.INVALID_REQUEST;
            case 401 -> ErrorKind.UPSTREAM_AUTH;
            case 402 -> ErrorKind.UPSTREAM_QUOTA_EXHAUSTED;
            case 429 -> ErrorKind.UPSTREAM_RATE_LIMITED;
            case 503 -> ErrorKind.UPSTREAM_OVERLOADED;
            default -> ErrorKind.UPSTREAM_SERVER;
        };
    }

    /** The client dialect the contract requests come from. */
    protected ClientRequest client() {
        return ProviderHarness.client(Dialect.ANTHROPIC);
    }

    protected ProviderHarness harness() {
        return new ProviderHarness(provider(), transport());
    }

    protected ChatRequest.Builder request(String userText) {
        return ChatRequest.builder("contract-model").maxTokens(512).addMessage(Message.user(userText));
    }

    /** Streams through the SPI guard and asserts the plugin needed no structural repair. */
    protected List<StreamEvent> streamChecked(ChatRequest r) throws GatewayException {
        List<StreamEvent> events = harness().stream(r, upstreamModel(), account(), client());
        StreamGuard guard = new StreamGuard("contract");
        events.forEach(guard::accept);
        guard.finish();
        assertEquals(0, guard.repairs(), "the plugin's stream follows the canonical grammar: " + events);
        return events;
    }

    private static ChatResponse fold(List<StreamEvent> events) throws GatewayException {
        StreamAccumulator acc = new StreamAccumulator();
        acc.acceptAll(events);
        return acc.toResponse();
    }

    @Test
    void textStreamsFoldsAndEqualsUnary() throws GatewayException {
        scriptText("Hello from upstream", 12, 4);
        List<StreamEvent> events = streamChecked(request("say hello").stream(true).build());
        assertInstanceOf(StreamEvent.MessageStart.class, events.get(0));
        assertInstanceOf(StreamEvent.MessageStop.class, events.get(events.size() - 1));
        ChatResponse folded = fold(events);
        assertEquals("Hello from upstream", folded.text());
        scriptText("Hello from upstream", 12, 4);
        ChatResponse unary = harness().unary(request("say hello").build(), upstreamModel(), account(), client());
        assertEquals(folded.text(), unary.text(), "stream ≡ fold(stream) ≡ unary");
        assertEquals(folded.stopReason(), unary.stopReason());
    }

    @Test
    void usageIsReported() throws GatewayException {
        scriptText("usage please", 30, 7);
        ChatResponse r = fold(streamChecked(request("count").stream(true).build()));
        assertTrue(r.usage().inputTokens() + r.usage().cacheReadInputTokens() > 0, "input usage: " + r.usage());
        assertTrue(r.usage().outputTokens() > 0, "output usage: " + r.usage());
    }

    @Test
    void systemAndMultiTurnReachTheUpstream() throws GatewayException {
        scriptText("ok", 1, 1);
        ChatRequest r = ChatRequest.builder("contract-model").maxTokens(256)
                .addSystem(new ContentBlock.Text("SYSTEM-MARKER-7 follow the rules"))
                .addMessage(Message.user("FIRST-USER-TURN"))
                .addMessage(Message.assistant("ASSISTANT-REPLY-TURN"))
                .addMessage(Message.user("SECOND-USER-TURN")).stream(true).build();
        streamChecked(r);
        String body = lastUpstreamBody();
        for (String marker : List.of("SYSTEM-MARKER-7", "FIRST-USER-TURN", "ASSISTANT-REPLY-TURN", "SECOND-USER-TURN")) {
            assertTrue(body.contains(marker), marker + " reaches the upstream: " + body);
        }
    }

    @Test
    void toolsAndToolResultsReachTheUpstream() throws GatewayException {
        scriptText("done", 1, 1);
        JsonObject schema = Jsons.parseObject("{\"type\":\"object\",\"properties\":{\"file_path\":{\"type\":\"string\"}},"
                + "\"required\":[\"file_path\"]}");
        ChatRequest r = ChatRequest.builder("contract-model").maxTokens(256)
                .addTool(new Tool("ReadContractFile", "Reads a file", schema))
                .addMessage(Message.user("read it"))
                .addMessage(new Message(Role.ASSISTANT, List.of(new ContentBlock.ToolUse("toolu_contract1",
                        "ReadContractFile", Jsons.parseObject("{\"file_path\":\"/tmp/x\"}")))))
                .addMessage(new Message(Role.USER, List.of(new ContentBlock.ToolResult("toolu_contract1",
                        List.of(new ContentBlock.Text("TOOL-RESULT-CONTENT-42")), false, null))))
                .stream(true).build();
        streamChecked(r);
        String body = lastUpstreamBody();
        assertTrue(body.contains("ReadContractFile"), "tool definition and call: " + body);
        assertTrue(body.contains("file_path"), "tool schema and input: " + body);
        assertTrue(body.contains("TOOL-RESULT-CONTENT-42"), "tool result: " + body);
    }

    @Test
    void toolCallsAreDecoded() throws GatewayException {
        scriptToolCall("call_contract_9", "Bash", "{\"command\":\"ls -la\"}");
        ChatResponse r = fold(streamChecked(request("list files").stream(true).build()));
        ContentBlock.ToolUse use = r.content().stream().filter(b -> b instanceof ContentBlock.ToolUse)
                .map(b -> (ContentBlock.ToolUse) b).findFirst().orElseThrow(() -> new AssertionError(r.content()));
        assertEquals("Bash", use.name());
        assertEquals("ls -la", use.input().getString("command"));
        assertFalse(use.id().isEmpty());
        assertEquals(StopReason.TOOL_USE, r.stopReason());
    }

    @Test
    void thinkingKeepsItsSignature() throws GatewayException {
        ThinkingScript script = scriptThinking("weighing options", "sig-contract-1", "answer");
        assumeTrue(script.noSignaturesBecause() == null,
                () -> getClass().getSimpleName() + " has no thinking signatures: " + script.noSignaturesBecause());
        ChatResponse r = fold(streamChecked(request("think").stream(true).build()));
        ContentBlock.Thinking t = (ContentBlock.Thinking) r.content().get(0);
        assertEquals("weighing options", t.thinking());
        assertEquals("sig-contract-1", t.signature());
        assertEquals("answer", r.text());
    }

    @Test
    void errorsAreClassified() {
        for (int status : new int[]{400, 401, 402, 429, 500, 503}) {
            scriptError(status, status == 429 ? "7" : null);
            GatewayException e = assertThrows(GatewayException.class,
                    () -> harness().stream(request("x").stream(true).build(), upstreamModel(), account(), client()),
                    "status " + status);
            assertEquals(expectedKind(status), e.kind(), "status " + status + ": " + e.getMessage());
            if (status == 429) {
                assertNotNull(e.retryAfter(), "Retry-After is kept");
                assertEquals(7, e.retryAfter().toSeconds());
            }
            assertFalse(e.getMessage().contains("Exception"), "messages are for people: " + e.getMessage());
        }
    }

    /**
     * What a client can put into an upstream's error message: upstreams echo the model name, tool names and parts
     * of the prompt. Each phrase is one that a classifier reading text would take for an account problem.
     */
    public static final String CLIENT_TEXT = "no-such model; incorrect api key; invalid api key; Invalid API key;"
            + " API key not valid; authentication_error; Unauthorized: token expired; The bearer token included in"
            + " the request is invalid.; This organization has been suspended; account banned; insufficient_quota;"
            + " billing_hard_limit_reached; rate limit exceeded, try again in 999999s";

    /** The error shapes upstreams use, each quoting {@link #CLIENT_TEXT} with a type or code that blames the request. */
    public static List<String> clientTextErrorBodies() {
        String t = CLIENT_TEXT;
        return List.of(
                "{\"error\":{\"message\":\"The model `" + t + "` does not exist or you do not have access to it.\","
                        + "\"type\":\"invalid_request_error\",\"param\":\"model\",\"code\":\"model_not_found\"}}",
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"model: " + t + "\"}}",
                "{\"type\":\"error\",\"error\":{\"type\":\"not_found_error\",\"message\":\"" + t + "\"}}",
                "{\"message\":\"" + t + "\",\"reason\":null}",
                "[{\"error\":{\"code\":400,\"message\":\"" + t + "\",\"status\":\"INVALID_ARGUMENT\"}}]",
                "{\"error\":\"model \\\"" + t + "\\\" not found, try pulling it first\"}",
                "{\"object\":\"error\",\"message\":\"" + t + "\",\"type\":\"NotFoundError\",\"code\":404}",
                "<html><body><h1>" + t + "</h1></body></html>",
                t);
    }

    /**
     * Account poisoning: a 4xx that only echoes what the client sent (its model name, its prompt) never changes the
     * account — whatever the text says — for every status that is about the request, and for a 403 whose type
     * blames the request.
     */
    @Test
    void clientTextEchoedInErrorBodiesNeverTouchesTheAccount() {
        for (int status : new int[]{400, 403, 404, 409, 413, 422}) {
            for (String body : clientTextErrorBodies()) {
                scriptErrorBody(status, body);
                GatewayException e = assertThrows(GatewayException.class,
                        () -> harness().stream(request("x").stream(true).build(), upstreamModel(), account(), client()),
                        "status " + status);
                assertEquals(dev.switchboard.spi.AccountEffect.NONE, e.kind().effect(),
                        "HTTP " + status + " " + body + " -> " + e.kind());
                assertFalse(e.kind().retryable(), "a request problem is the client's answer, not a failover: "
                        + status + " " + body + " -> " + e.kind());
            }
        }
    }

    @Test
    void midStreamErrorNeverLooksLikeANormalFinish() throws GatewayException {
        scriptMidStreamError("partial answer");
        List<StreamEvent> events = harness().stream(request("x").stream(true).build(), upstreamModel(), account(),
                client());
        assertTrue(events.stream().anyMatch(e -> e instanceof StreamEvent.StreamError), events.toString());
        assertFalse(events.stream().anyMatch(e -> e instanceof StreamEvent.MessageStop), events.toString());
    }

    @Test
    void translationIsPureAndIdempotentAndToleratesUnknownFields() throws GatewayException {
        ChatRequest r = request("same twice").extension("some_future_field", Jsons.value("kept"))
                .extension("another_unknown", Jsons.objectBuilder().add("x", 1).build()).stream(true).build();
        UpstreamCall first = provider().prepare(r, upstreamModel(), account(), client());
        UpstreamCall second = provider().prepare(r, upstreamModel(), account(), client());
        assertEquals(first.request().uri(), second.request().uri());
        // Byte for byte: nothing is normalised away. A value that is new on every attempt (a random id) would make
        // a retry a different request; derive it from the request instead (as Kiro's conversationId is).
        assertEquals(first.request().bodyText(), second.request().bodyText(),
                "retries re-translate the same request to the same body");
        assertEquals(Jsons.value("kept"), r.extensions().get("some_future_field"), "the request is never mutated");
    }
}
