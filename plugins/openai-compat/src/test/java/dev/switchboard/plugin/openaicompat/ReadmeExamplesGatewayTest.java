package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's configuration examples, as written, start a real gateway (every base URL pointed at the fake) and
 * route the way the README says: "haiku goes to a cheap backend" is just a route.
 */
class ReadmeExamplesGatewayTest {
    private static final Map<String, String> ENV = Map.of("DEEPSEEK_API_KEY", "sk-ds-1", "DEEPSEEK_API_KEY_2", "sk-ds-2",
            "GROQ_API_KEY", "gsk-groq", "GEMINI_API_KEY", "AIza-gem-a", "GEMINI_API_KEY_B", "AIza-gem-b",
            "OPENAI_API_KEY", "sk-oa", "OPENAI_PROJECT", "proj_1", "AZURE_OPENAI_KEY", "az-key");

    @TempDir
    Path home;
    private final FakeUpstream fake = FakeUpstream.start();
    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;

    @BeforeEach
    void answerEverything() {
        fake.on("POST", "/v1/chat/completions", FakeOpenAi.stream(ChatSse.text("m", 5, 1, "ok")));
        fake.on("GET", "/v1/models", FakeOpenAi.json(200, "{\"object\":\"list\",\"data\":[]}"));
    }

    @AfterEach
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
        fake.close();
    }

    /** The README's YAML blocks, in order. */
    static List<String> yamlExamples() throws Exception {
        Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(Path.of("README.md")));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private void start(String yaml) throws Exception {
        String pointed = yaml.replaceAll("base-url: \\S+", "base-url: " + fake.baseUrl() + "/v1");
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, pointed);
        gateway = Gateway.builder().home(home).configFile(conf).env(ENV).systemProperties(new Properties())
                .addFactory(new OpenAiCompatProviderFactory()).port(0).start();
    }

    /** Sends a Messages request for {@code model}; returns the backend request it caused. */
    private FakeUpstream.Recorded ask(String model) throws Exception {
        fake.clearRequests();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/messages"))
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"model\":\"" + model + "\",\"max_tokens\":4000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), model + ": " + r.body());
        List<FakeUpstream.Recorded> chats = fake.requests(FakeOpenAi.CHAT);
        return chats.get(chats.size() - 1);
    }

    private static String model(FakeUpstream.Recorded r) {
        return Jsons.parseObject(r.body()).getString("model");
    }

    @Test
    void everyExampleStarts() throws Exception {
        List<String> examples = yamlExamples();
        assertEquals(4, examples.size(), "DeepSeek + cheap haiku, Gemini, Ollama, OpenAI/Azure");
        for (int i = 0; i < examples.size(); i++) {
            home = Files.createDirectories(home.resolve("example-" + i));
            start(examples.get(i));
            assertFalse(gateway.providers().all().isEmpty());
            gateway.providers().all().forEach(p -> assertTrue(p.ready(), p.id() + ": " + p.failure()));
            gateway.close();
            gateway = null;
        }
    }

    @Test
    void haikuGoesToTheCheapBackendAndEverythingElseThroughTheModelMap() throws Exception {
        start(yamlExamples().get(0));
        FakeUpstream.Recorded haiku = ask("claude-haiku-4-5");
        assertEquals("llama-3.1-8b-instant", model(haiku));
        assertEquals("Bearer gsk-groq", haiku.header("authorization"), "instance B's key");

        FakeUpstream.Recorded opus = ask("claude-opus-5-5");
        assertEquals("deepseek-reasoner", model(opus), "the most specific model-map glob");
        assertTrue(opus.header("authorization").startsWith("Bearer sk-ds-"), "instance A's pool");
        JsonObject body = Jsons.parseObject(opus.body());
        assertFalse(body.containsKey("parallel_tool_calls"));

        assertEquals("deepseek-chat", model(ask("claude-sonnet-4-5")));

        HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/models"))
                .build(), HttpResponse.BodyHandlers.ofString());
        List<String> ids = Jsons.parseObject(models.body()).getJsonArray("data").stream().map(JsonValue::asJsonObject)
                .map(o -> o.getString("id")).toList();
        assertTrue(ids.containsAll(List.of("deepseek-chat", "deepseek-reasoner", "llama-3.1-8b-instant")), ids.toString());
        assertTrue(ids.stream().noneMatch(id -> id.contains("*")), "never a glob: " + ids);
    }

    @Test
    void geminiAndOllamaExamplesMapClaudeModels() throws Exception {
        start(yamlExamples().get(1));
        FakeUpstream.Recorded flash = ask("claude-haiku-4-5");
        assertEquals("gemini-2.5-flash-lite", model(flash));
        assertTrue(flash.header("authorization").startsWith("Bearer AIza-gem-"));
        assertEquals("gemini-2.5-pro", model(ask("claude-opus-5-5")));
        gateway.close();

        home = Files.createDirectories(home.resolve("ollama"));
        start(yamlExamples().get(2));
        FakeUpstream.Recorded local = ask("claude-sonnet-4-5");
        assertEquals("qwen3-coder:30b", model(local));
        assertEquals(null, local.header("authorization"), "a keyless local account sends no credential");
    }

    @Test
    void openAiExampleSendsTheProjectHeaderAndAzureItsKeyHeader() throws Exception {
        start(yamlExamples().get(3));
        FakeUpstream.Recorded r = ask("gpt-4o");
        assertEquals("proj_1", r.header("openai-project"));
        assertEquals("Bearer sk-oa", r.header("authorization"));
        assertTrue(Jsons.parseObject(r.body()).containsKey("max_completion_tokens"), "openai profile");
    }

    @Test
    void dottedModelNamesInTheModelMapSurviveTheYamlReader() throws Exception {
        start("""
                providers:
                  - id: local
                    plugin: openai-compat
                    base-url: http://x/v1
                    model-map:
                      "gpt-4.1-mini": qwen2.5-coder:7b
                      "claude-3.5-*": llama3.3:70b
                      "gpt-4": mistral:7b
                    max-output-tokens: { "qwen2.5-coder:7b": 2048 }
                    accounts: [ { name: local } ]
                """);
        assertEquals("qwen2.5-coder:7b", model(ask("gpt-4.1-mini")), "a key with dots is one model name");
        assertEquals("llama3.3:70b", model(ask("claude-3.5-sonnet")));
        assertEquals("mistral:7b", model(ask("gpt-4")), "a name that is the prefix of a dotted one");
        assertEquals(2048, Jsons.parseObject(ask("gpt-4.1-mini").body()).getInt("max_tokens"),
                "a dotted max-output-tokens key");
    }
}
