package dev.switchboard.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader;
import dev.switchboard.kernel.dialect.anthropic.AnthropicResponseWriter;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.wire.anthropic.AnthropicRequestWriter;
import dev.switchboard.wire.responses.ResponsesRequestWriter;
import dev.switchboard.wire.responses.ResponsesUpstreamOptions;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Thinking-signature provenance: a signature reaches only the family that issued it, and its issuer survives the
 * round trip through a client, so a conversation can move between upstreams of different families.
 */
class ThinkingSignaturesTest {
    static final SignatureOrigin KIRO = new SignatureOrigin("kiro", SignatureOrigin.THINKING_SIGNATURE);
    static final JsonObject SCHEMA = Jsons.parseObject("{\"type\":\"object\"}");

    @Test
    void aClientGetsItsOwnFamilysSignaturesUnchangedAndOthersWrapped() {
        assertEquals("EqQB", ThinkingSignatures.toClient("EqQB", SignatureOrigin.ANTHROPIC, "anthropic"));
        assertEquals("swb1:kiro:thinking-signature:kiro-sig", ThinkingSignatures.toClient("kiro-sig", KIRO, "anthropic"));
        assertEquals("swb1:anthropic:thinking-signature:EqQB",
                ThinkingSignatures.toClient("EqQB", SignatureOrigin.ANTHROPIC, "openai"));
        assertEquals("", ThinkingSignatures.toClient("", KIRO, "anthropic"), "no signature, nothing to wrap");
        assertEquals("raw", ThinkingSignatures.toClient("raw", null, "openai"), "unknown issuer: as it is");
    }

    @Test
    void aClientsHistoryGetsItsIssuersBack() {
        assertEquals(new ContentBlock.Thinking("t", "kiro-sig", KIRO), ThinkingSignatures.fromClient("t",
                "swb1:kiro:thinking-signature:kiro-sig", SignatureOrigin.ANTHROPIC));
        assertEquals(new ContentBlock.Thinking("t", "EqQB", SignatureOrigin.ANTHROPIC),
                ThinkingSignatures.fromClient("t", "EqQB", SignatureOrigin.ANTHROPIC), "unwrapped: the client's API's");
        assertEquals(new ContentBlock.Thinking("t", "gAAAA", SignatureOrigin.OPENAI),
                ThinkingSignatures.fromClient("t", "gAAAA", SignatureOrigin.OPENAI));
        assertEquals(new ContentBlock.Thinking("t", "swb1:bad", SignatureOrigin.ANTHROPIC),
                ThinkingSignatures.fromClient("t", "swb1:bad", SignatureOrigin.ANTHROPIC), "not ours: opaque");
        assertEquals(new ContentBlock.Thinking("t", "", null), ThinkingSignatures.fromClient("t", "", SignatureOrigin.ANTHROPIC));
    }

    /** A Kiro signature given to Claude Code, sent back in its history, and read by the gateway again. */
    @Test
    void aForeignSignatureSurvivesTheRoundTripThroughAnAnthropicClient() throws Exception {
        ChatResponse fromKiro = new ChatResponse("m", "x", List.of(new ContentBlock.Thinking("plan", "kiro-sig", KIRO),
                new ContentBlock.ToolUse("toolu_1", "Bash", SCHEMA)), StopReason.TOOL_USE, null, Usage.ZERO);
        JsonObject toClient = AnthropicResponseWriter.write(fromKiro, "msg_1", "claude-x");
        JsonArray content = toClient.getJsonArray("content");
        assertTrue(content.getJsonObject(0).getString("signature").startsWith("swb1:kiro:"), content.toString());
        String history = "{\"model\":\"claude-x\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"go\"},"
                + "{\"role\":\"assistant\",\"content\":" + content + "},{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"tool_result\",\"tool_use_id\":\"toolu_1\",\"content\":\"ok\"}]}]}";
        ChatRequest back = AnthropicRequestReader.readMessages(Jsons.parseObject(history), dev.switchboard.spi.HttpHeaders.create());
        assertEquals(new ContentBlock.Thinking("plan", "kiro-sig", KIRO), back.messages().get(1).content().get(0));
    }

    @Test
    void anAnthropicUpstreamGetsOnlyItsOwnSignatures() {
        ChatRequest r = ChatRequest.builder("m").maxTokens(100)
                .addMessage(Message.user("q1"))
                .addMessage(new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("own", "EqQB", SignatureOrigin.ANTHROPIC),
                        new ContentBlock.Text("a1"))))
                .addMessage(Message.user("q2"))
                .addMessage(new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("kiro's", "kiro-sig", KIRO),
                        new ContentBlock.RedactedThinking("kiro-enc", KIRO.withType(SignatureOrigin.REDACTED_THINKING)),
                        new ContentBlock.Thinking("openai's", "gAAAA", SignatureOrigin.OPENAI), new ContentBlock.Text("a2"))))
                .addMessage(Message.user("q3")).build();
        String body = new AnthropicRequestWriter(AnthropicRequestWriter.Options.forModel("m")).write(r).toString();
        assertTrue(body.contains("EqQB"), body);
        assertFalse(body.contains("kiro-sig") || body.contains("kiro-enc") || body.contains("gAAAA"), body);
        assertFalse(body.contains("swb1:"), "never a wrapped signature upstream");
        String fireworks = new AnthropicRequestWriter(AnthropicRequestWriter.Options.forModel("m")
                .withSignatureFamily("factory-fireworks")).write(r).toString();
        assertFalse(fireworks.contains("EqQB"), "an Anthropic-compatible upstream that signs itself gets none of Anthropic's");
    }

    /** Anthropic refuses a final tool turn without its thinking while thinking is on: that one call goes without. */
    @Test
    void anOpenToolTurnThatLostItsThinkingIsSentWithThinkingOff() {
        ChatRequest.Builder b = ChatRequest.builder("m").maxTokens(20000).thinking(ThinkingConfig.enabled(8000))
                .addMessage(Message.user("list files"))
                .addMessage(new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("kiro plan", "kiro-sig", KIRO),
                        new ContentBlock.ToolUse("toolu_1", "Bash", SCHEMA))))
                .addMessage(new Message(Role.USER, List.of(new ContentBlock.ToolResult("toolu_1",
                        List.of(new ContentBlock.Text("a.txt")), false, null))))
                .extension("context_management", Jsons.parseObject(
                        "{\"edits\":[{\"type\":\"clear_thinking_20251015\",\"keep\":\"all\"}]}"));
        JsonObject body = new AnthropicRequestWriter(AnthropicRequestWriter.Options.forModel("m")).write(b.build());
        assertFalse(body.containsKey("thinking"), body.toString());
        assertFalse(body.containsKey("context_management"), "its clear_thinking edit needs thinking on");
        assertEquals("tool_use", body.getJsonArray("messages").getJsonObject(1).getJsonArray("content")
                .getJsonObject(0).getString("type"));

        ChatRequest own = ChatRequest.builder("m").maxTokens(20000).thinking(ThinkingConfig.enabled(8000))
                .addMessage(Message.user("list files"))
                .addMessage(new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("plan", "EqQB", SignatureOrigin.ANTHROPIC),
                        new ContentBlock.ToolUse("toolu_1", "Bash", SCHEMA))))
                .addMessage(new Message(Role.USER, List.of(new ContentBlock.ToolResult("toolu_1",
                        List.of(new ContentBlock.Text("a.txt")), false, null)))).build();
        assertTrue(new AnthropicRequestWriter(AnthropicRequestWriter.Options.forModel("m")).write(own).containsKey("thinking"),
                "its own signature: thinking stays on");

        ChatRequest newTurn = ChatRequest.builder("m").maxTokens(20000).thinking(ThinkingConfig.enabled(8000))
                .addMessage(Message.user("q"))
                .addMessage(new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("kiro plan", "kiro-sig", KIRO),
                        new ContentBlock.Text("done"))))
                .addMessage(Message.user("next")).build();
        assertTrue(new AnthropicRequestWriter(AnthropicRequestWriter.Options.forModel("m")).write(newTurn)
                .containsKey("thinking"), "a finished turn needs no thinking: it stays on");
    }

    @Test
    void aResponsesUpstreamGetsOnlyItsOwnEncryptedReasoning() {
        ChatRequest r = ChatRequest.builder("gpt").addMessage(Message.user("q"))
                .addMessage(new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("anthropic's", "EqQB",
                        SignatureOrigin.ANTHROPIC), new ContentBlock.Thinking("openai's", "gAAAA", SignatureOrigin.OPENAI),
                        new ContentBlock.Text("a"))))
                .addMessage(Message.user("q2")).build();
        String body = ResponsesRequestWriter.write(r, ResponsesUpstreamOptions.DEFAULTS).toString();
        assertTrue(body.contains("\"encrypted_content\":\"gAAAA\""), body);
        assertFalse(body.contains("EqQB"), "an Anthropic signature never becomes encrypted_content: " + body);
    }

    @Test
    void relayingAClientsBodyNeedsEverySignatureVerifiable() {
        List<Message> own = List.of(new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("t", "EqQB",
                SignatureOrigin.ANTHROPIC))));
        List<Message> foreign = List.of(new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("t", "k", KIRO))));
        List<Message> unsigned = List.of(new Message(Role.ASSISTANT, List.of(new ContentBlock.Thinking("t", ""))));
        assertTrue(ThinkingSignatures.allVerifiableBy(own, "anthropic"));
        assertFalse(ThinkingSignatures.allVerifiableBy(foreign, "anthropic"));
        assertFalse(ThinkingSignatures.allVerifiableBy(unsigned, "anthropic"));
    }

    private static java.util.List<dev.switchboard.spi.stream.StreamEvent> thinkingStream(String sig, SignatureOrigin origin) {
        return java.util.List.of(new dev.switchboard.spi.stream.StreamEvent.MessageStart("m", "x", Usage.ZERO),
                new dev.switchboard.spi.stream.StreamEvent.BlockStart(0, new ContentBlock.Thinking("", "")),
                new dev.switchboard.spi.stream.StreamEvent.BlockDelta(0, new dev.switchboard.spi.stream.Delta.ThinkingDelta("hm")),
                new dev.switchboard.spi.stream.StreamEvent.BlockDelta(0, new dev.switchboard.spi.stream.Delta.SignatureDelta(sig, origin)),
                new dev.switchboard.spi.stream.StreamEvent.BlockStop(0),
                new dev.switchboard.spi.stream.StreamEvent.MessageDelta(StopReason.END_TURN, null, Usage.ZERO),
                new dev.switchboard.spi.stream.StreamEvent.MessageStop());
    }

    @Test
    void streamWritersWrapForeignSignaturesToo() throws Exception {
        java.io.ByteArrayOutputStream a = new java.io.ByteArrayOutputStream();
        var anthropicWriter = new dev.switchboard.kernel.dialect.anthropic.AnthropicStreamWriter(
                new dev.switchboard.kernel.dialect.SseWriter(a), "msg_1", "claude-x");
        for (var e : thinkingStream("kiro-sig", KIRO)) {
            anthropicWriter.write(e);
        }
        String anthropicSse = a.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(anthropicSse.contains("\"signature\":\"swb1:kiro:thinking-signature:kiro-sig\""), anthropicSse);

        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        var responsesWriter = new dev.switchboard.kernel.dialect.responses.ResponsesStreamWriter(
                new dev.switchboard.kernel.dialect.SseWriter(o), "resp_1", 1L, "gpt-x",
                new dev.switchboard.kernel.dialect.responses.ResponsesWriterOptions(true, jakarta.json.JsonValue.EMPTY_JSON_OBJECT));
        for (var e : thinkingStream("EqQB", SignatureOrigin.ANTHROPIC)) {
            responsesWriter.write(e);
        }
        String responsesSse = o.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(responsesSse.contains("\"encrypted_content\":\"swb1:anthropic:thinking-signature:EqQB\""),
                "an Anthropic signature reaches a Responses client only wrapped: " + responsesSse);
        assertFalse(responsesSse.contains("\"encrypted_content\":\"EqQB\""));
    }
}
