package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.dialect.anthropic.AnthropicRequestReader;
import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.plugin.factory.shaping.PromptRewrites;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.UpstreamCall;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.stream.StreamEvent;
import dev.switchboard.testkit.Fixtures;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Claude Code's captures through the {@code /v1/messages} pass-through against a fake that answers 403 to
 * Factory's filtered phrases, Codex's identity line through {@code /v1/responses}, and the declared
 * edits (Droid block first, a string system kept as the second block, nothing else changed).
 */
class PassThroughAndRewritesTest {
    final FakeFactory fake = new FakeFactory();

    @AfterEach
    void stop() {
        fake.close();
    }

    /** The capture as the kernel hands it over: headers minus the client's credential and hop-by-hop ones. */
    static ClientRequest claudeCode(Fixtures.Capture cap) {
        HttpHeaders h = HttpHeaders.create();
        cap.headers().forEach((k, v) -> {
            if (!List.of("x-api-key", "authorization", "host", "connection", "content-length", "accept-encoding")
                    .contains(k)) {
                h.set(k, v);
            }
        });
        return new ClientRequest(Dialect.ANTHROPIC, "/v1/messages", h, cap.body(), null, "conv-1");
    }

    static ChatRequest canonical(ClientRequest c) throws GatewayException {
        return AnthropicRequestReader.readMessages(c.rawBody(), c.headers());
    }

    private static String text(JsonValue v) {
        return v.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"say-hi", "tool-use-turn1", "tool-result-turn2"})
    void claudeCodeWorksOutOfTheBoxAgainstAPhraseFilteringFactory(String capture) throws Exception {
        fake.phraseFilter = true;
        Plugin p = Plugin.of(fake);
        ClientRequest client = claudeCode(Fixtures.claudeCode(capture));
        ChatRequest request = canonical(client);
        List<StreamEvent> events = p.harness.stream(request, "claude-opus-4-6", Plugin.key("fk-1"), client);
        assertInstanceOf(StreamEvent.MessageStop.class, events.get(events.size() - 1), events.toString());

        JsonObject sent = fake.lastBody(FakeFactory.A);
        String all = sent.toString();
        for (String phrase : FakeFactory.PHRASES) {
            assertFalse(all.contains(phrase), "phrase rewritten: " + phrase);
        }
        assertEquals("claude-opus-4-6", sent.getString("model"));
        JsonArray system = sent.getJsonArray("system");
        assertEquals(FactoryTestText.DROID, system.getJsonObject(0).getString("text"), "the Droid block first");
        JsonArray clientSystem = client.rawBody().getJsonArray("system");
        assertEquals(clientSystem.size() + 1, system.size());
        assertEquals(clientSystem.getJsonObject(0), system.getJsonObject(1), "the billing block is untouched");
        assertEquals(clientSystem.getJsonObject(1).get("cache_control"), system.getJsonObject(2).get("cache_control"),
                "cache markers pass untouched");
        assertEquals(client.rawBody().get("tools"), sent.get("tools"), "tools pass untouched");
        assertEquals(client.rawBody().get("thinking"), sent.get("thinking"), "reasoning auto keeps the client's thinking");
        assertEquals(client.rawBody().get("context_management"), sent.get("context_management"));
        JsonArray in = client.rawBody().getJsonArray("messages");
        JsonArray out = sent.getJsonArray("messages");
        assertEquals(in.size(), out.size());
        for (int i = 0; i < in.size(); i++) {
            assertEquals(in.getJsonObject(i).getString("role"), out.getJsonObject(i).getString("role"),
                    "mid-conversation system messages stay in place (the client sent per-turn-control)");
        }
        if (capture.equals("tool-result-turn2")) {
            assertEquals(text(in.getJsonObject(in.size() - 1)), text(out.getJsonObject(out.size() - 1)),
                    "the tool result passes byte-equal");
        }
        String beta = fake.last(FakeFactory.A).header("anthropic-beta");
        assertEquals(String.join(", ", client.headers().get("anthropic-beta").split(",")), beta);
        org.junit.jupiter.api.Assertions.assertNull(fake.last(FakeFactory.A).header("x-claude-code-session-id"),
                "client-only headers stay behind");
    }

    @Test
    void withoutRewritesFactoryForbidsAndTheForbiddenIsRelayedWithoutPenalty() throws Exception {
        fake.phraseFilter = true;
        Plugin p = Plugin.of(fake, Jsons.parseObject("{\"prompt-rewrites\":[]}"));
        ClientRequest client = claudeCode(Fixtures.claudeCode("say-hi"));
        GatewayException e = assertThrows(GatewayException.class, () -> p.harness.stream(canonical(client),
                "claude-opus-4-6", Plugin.key("fk-1"), client));
        assertEquals(ErrorKind.PERMISSION, e.kind());
        assertFalse(e.kind().retryable());
        assertEquals(dev.switchboard.spi.AccountEffect.NONE, e.kind().effect());
        assertEquals(403, e.upstreamStatus());
    }

    @Test
    void rewritesAreLoggedAtFineWithoutTheSurroundingText() throws Exception {
        Logger log = Logger.getLogger(PromptRewrites.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level before = log.getLevel();
        log.setLevel(Level.FINE);
        log.addHandler(h);
        try {
            ClientRequest client = claudeCode(Fixtures.claudeCode("say-hi"));
            Plugin.of(fake).provider.prepare(canonical(client), "claude-opus-4-6", Plugin.key("fk-1"), client);
        } finally {
            log.removeHandler(h);
            log.setLevel(before);
        }
        assertFalse(records.isEmpty());
        for (LogRecord r : records) {
            assertEquals(Level.FINE, r.getLevel());
            String msg = java.text.MessageFormat.format(r.getMessage(), r.getParameters());
            assertTrue(msg.matches("prompt rewrite #\\d+ applied \\d+ time\\(s\\)"), msg);
        }
    }

    @Test
    void codexIdentityThroughTheResponsesPassThrough() throws Exception {
        fake.phraseFilter = true;
        JsonObject raw = Jsons.parseObject("{\"model\":\"gpt-5.3-codex\",\"instructions\":\"You are Codex, a coding "
                + "agent based on GPT-5. Be precise.\",\"input\":[{\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                + "\"text\":\"Hi\"}]}],\"stream\":true,\"store\":false}");
        ClientRequest client = Plugin.client(Dialect.OPENAI_RESPONSES, "/v1/responses", HttpHeaders.create(), raw);
        ChatRequest canonical = ChatRequest.builder("gpt-5.3-codex").addMessage(dev.switchboard.spi.model.Message.user("Hi"))
                .stream(true).build();
        List<StreamEvent> events = Plugin.of(fake).harness.stream(canonical, "gpt-5.3-codex", Plugin.key("fk-1"), client);
        assertInstanceOf(StreamEvent.MessageStop.class, events.get(events.size() - 1));
        JsonObject sent = fake.lastBody(FakeFactory.O);
        assertEquals(FactoryTestText.DROID + "You are a coding agent. Be precise.", sent.getString("instructions"));
        assertEquals(raw.get("input"), sent.get("input"));
    }

    @Test
    void signedThinkingIsNeverRewrittenAndAStringSystemIsKeptAsTheSecondBlock() throws Exception {
        JsonObject raw = Jsons.parseObject("{\"model\":\"claude-sonnet-4-5-20250929\",\"max_tokens\":100,\"system\":"
                + "\"You are Claude Code, Anthropic's official CLI for Claude.\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"thinking\",\"thinking\":\"You are "
                + "Claude Code, Anthropic's official CLI for Claude.\",\"signature\":\"sig\"},{\"type\":\"text\",\"text\":"
                + "\"ok\"}]},{\"role\":\"user\",\"content\":\"go\"}]}");
        ClientRequest client = Plugin.client(Dialect.ANTHROPIC, "/v1/messages", HttpHeaders.create(), raw);
        UpstreamCall c = Plugin.of(fake).provider.prepare(canonical(client), "claude-sonnet-4-5-20250929",
                Plugin.key("fk-1"), client);
        JsonObject sent = Jsons.parseObject(c.request().body());
        JsonArray system = sent.getJsonArray("system");
        assertEquals(2, system.size(), "[droid block, client string] — never replaced");
        assertEquals("You are an interactive command-line software engineering agent.",
                system.getJsonObject(1).getString("text"));
        assertEquals(raw.getJsonArray("messages").get(1), sent.getJsonArray("messages").get(1),
                "a signed thinking block is byte-equal");
    }
}
