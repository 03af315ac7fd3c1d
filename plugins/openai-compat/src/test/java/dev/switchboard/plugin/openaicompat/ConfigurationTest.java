package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.openaicompat.schema.SchemaDialect;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.ProviderDescriptor;
import dev.switchboard.wire.openai.OpenAiChatProfile;
import dev.switchboard.wire.openai.OpenAiChatProfile.MaxTokensField;
import dev.switchboard.wire.openai.OpenAiChatProfile.ReasoningReplay;
import dev.switchboard.wire.openai.OpenAiChatProfile.ToolStreaming;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The descriptor, the shipped profiles, per-instance flag overrides and the checks on each key. */
class ConfigurationTest {
    private final Profiles profiles = Profiles.shipped();

    private static CompatSettings read(JsonObject c) throws ConfigException {
        return CompatSettings.read(new PluginConfig("gateway.yaml", "providers[0]", c), Profiles.shipped());
    }

    private static ConfigException problem(JsonObject c) {
        return assertThrows(ConfigException.class, () -> read(c));
    }

    @Test
    void descriptorListsThePluginKeysAndNoKernelKey() {
        ProviderDescriptor d = new OpenAiCompatProviderFactory().descriptor();
        assertEquals("openai-compat", d.pluginId());
        for (String k : List.of("base-url", "profile", "extra-headers", "models", "model-map", "health-check-mode",
                "health-check-model", "max-output-tokens", "supports-stream-options", "max-tokens-field", "reasoning-effort", "top-k",
                "parallel-tool-calls", "images", "cache-control", "schema-dialect", "reasoning-replay",
                "max-stop-sequences", "system-anywhere", "tool-streaming", "streaming")) {
            assertTrue(d.configKeys().contains(k), k);
        }
        for (String kernel : List.of("id", "plugin", "enabled", "accounts", "strategy", "health-check",
                "request-timeout", "read-timeout", "proxies", "max-concurrency", "cooldown")) {
            assertFalse(d.configKeys().contains(kernel), "kernel-owned: " + kernel);
        }
        assertEquals(Set.of("api-key"), d.accountKeys());
        assertEquals(Set.of("api-key"), d.accountSecretKeys());
    }

    @Test
    void theFourShippedProfiles() throws Exception {
        assertEquals(List.of("generic", "openai", "gemini", "deepseek"), profiles.names());
        BackendProfile generic = profiles.get("generic");
        assertEquals(OpenAiChatProfile.standard(), generic.chat(), "generic is the SPI's conservative standard");
        assertEquals(SchemaDialect.NONE, generic.schemaDialect());
        assertTrue(generic.streaming());

        OpenAiChatProfile openai = profiles.get("openai").chat();
        assertEquals(MaxTokensField.MAX_COMPLETION_TOKENS, openai.maxTokensField());
        assertTrue(openai.supportsReasoningEffort());
        assertTrue(openai.allowsMinimalEffort());

        BackendProfile gemini = profiles.get("gemini");
        assertEquals(SchemaDialect.GEMINI, gemini.schemaDialect());
        assertFalse(gemini.chat().supportsParallelToolCalls());
        assertEquals(5, gemini.chat().maxStopSequences());

        OpenAiChatProfile deepseek = profiles.get("deepseek").chat();
        assertEquals(ReasoningReplay.REASONING_CONTENT, deepseek.replayReasoning());
        assertFalse(deepseek.supportsImages());
        assertEquals(16, deepseek.maxStopSequences());
    }

    @Test
    void everyFlagIsOverridableBesideTheProfile() throws Exception {
        JsonObject c = TestCompat.config("http://127.0.0.1:11434/v1").add("profile", "gemini")
                .add("supports-stream-options", "off").add("max-tokens-field", "max-completion-tokens")
                .add("reasoning-effort", false).add("xhigh-effort", true).add("minimal-effort", "yes")
                .add("reasoning-effort-off", "none").add("top-k", true).add("parallel-tool-calls", true)
                .add("images", false).add("cache-control", true).add("array-system-content", true)
                .add("schema-dialect", "openai-strict").add("reasoning-replay", "reasoning_content")
                .add("reasoning-field", "reasoning").add("max-stop-sequences", "2").add("system-anywhere", true)
                .add("tool-streaming", "eager").add("lenient-eof", true).add("streaming", false).build();
        BackendProfile p = read(c).profile();
        OpenAiChatProfile x = p.chat();
        assertEquals("gemini", p.name());
        assertFalse(x.supportsStreamOptions());
        assertEquals(MaxTokensField.MAX_COMPLETION_TOKENS, x.maxTokensField());
        assertFalse(x.supportsReasoningEffort());
        assertTrue(x.allowsXhighEffort());
        assertTrue(x.allowsMinimalEffort());
        assertEquals("none", x.reasoningEffortOff());
        assertTrue(x.supportsTopK());
        assertTrue(x.supportsParallelToolCalls());
        assertFalse(x.supportsImages());
        assertTrue(x.supportsCacheControl());
        assertTrue(x.acceptsArraySystemContent());
        assertEquals(SchemaDialect.OPENAI_STRICT, p.schemaDialect());
        assertEquals(ReasoningReplay.REASONING_CONTENT, x.replayReasoning());
        assertEquals("reasoning", x.reasoningOutputField());
        assertEquals(2, x.maxStopSequences());
        assertTrue(x.systemAnywhere());
        assertEquals(ToolStreaming.EAGER, x.toolStreaming());
        assertTrue(x.lenientEof());
        assertFalse(p.streaming());
        assertEquals(ProfileFlag.KEYS.size(), ProfileFlag.values().length);
    }

    @Test
    void yamlOffAndOmitAreUnderstood() throws Exception {
        JsonObject c = TestCompat.config("http://h/v1").add("profile", "openai").add("schema-dialect", false)
                .add("reasoning-effort-off", false).build();
        BackendProfile p = read(c).profile();
        assertEquals(SchemaDialect.NONE, p.schemaDialect(), "`schema-dialect: off` arrives as false (YAML 1.1)");
        assertEquals("none", p.chat().reasoningEffortOff(), "`reasoning-effort-off: off` means send none");
        assertNull(read(TestCompat.config("http://h/v1").add("reasoning-effort-off", "omit").build()).profile().chat()
                .reasoningEffortOff());
    }

    @Test
    void badValuesNameTheirKey() {
        assertTrue(problem(TestCompat.config("x").build()).getMessage().contains("base-url"));
        assertTrue(problem(Json.createObjectBuilder().add("id", "a").build()).getMessage().contains("base-url: is required"));
        ConfigException unknown = problem(TestCompat.config("http://h/v1").add("profile", "anthropic").build());
        assertTrue(unknown.getMessage().contains("profile") && unknown.getMessage().contains("generic, openai, gemini, deepseek"),
                unknown.getMessage());
        assertTrue(problem(TestCompat.config("http://h/v1").add("schema-dialect", "json").build()).getMessage()
                .contains("schema-dialect"));
        assertTrue(problem(TestCompat.config("http://h/v1").add("max-stop-sequences", -1).build()).getMessage()
                .contains("max-stop-sequences"));
        assertTrue(problem(TestCompat.config("http://h/v1").add("tool-streaming", "fast").build()).getMessage()
                .contains("tool-streaming"));
        assertTrue(problem(TestCompat.config("http://h/v1").add("images", "maybe").build()).getMessage().contains("images"));
        assertTrue(problem(TestCompat.config("http://h/v1").add("max-tokens-field", "tokens").build()).getMessage()
                .contains("max-tokens-field"));
    }

    @Test
    void extraHeadersModelsAndHealthChecksAreChecked() throws Exception {
        assertTrue(problem(TestCompat.config("http://h/v1").add("extra-headers",
                Json.createObjectBuilder().add("Authorization", "Bearer x")).build()).getMessage().contains("api-key"));
        assertTrue(problem(TestCompat.config("http://h/v1").add("extra-headers",
                Json.createObjectBuilder().add("X-Org", "${ORG}")).build()).getMessage().contains("ORG"));
        assertTrue(problem(TestCompat.config("http://h/v1").add("extra-headers",
                Json.createObjectBuilder().add("bad header", "v")).build()).getMessage().contains("header name"));
        assertTrue(problem(TestCompat.config("http://h/v1").add("models", Json.createArrayBuilder().add("gpt-*"))
                .build()).getMessage().contains("model-map"));
        assertTrue(problem(TestCompat.config("http://h/v1").add("model-map", Json.createObjectBuilder()
                .add("claude-*", "deepseek-*")).build()).getMessage().contains("model-map.claude-*"));
        assertTrue(problem(TestCompat.config("http://h/v1").add("health-check-mode", "completion").build()).getMessage()
                .contains("health-check-model"));
        assertTrue(problem(TestCompat.config("http://h/v1").add("health-check-mode", "ping").build()).getMessage()
                .contains("health-check-mode"));
        assertTrue(problem(TestCompat.config("http://h/v1").add("drop-fields", Json.createArrayBuilder().add("user")
                .add("messages")).build()).getMessage().contains("cannot drop 'messages'"));
        assertTrue(problem(TestCompat.config("http://h/v1").add("max-output-tokens", 0).build()).getMessage()
                .contains("max-output-tokens"));
        assertTrue(problem(TestCompat.config("http://h/v1").add("max-output-tokens", Json.createObjectBuilder()
                .add("deepseek-chat", "lots")).build()).getMessage().contains("max-output-tokens.deepseek-chat"));

        CompatSettings s = read(TestCompat.config("http://127.0.0.1:11434/v1/").add("health-check-mode", "completion")
                .add("models", Json.createArrayBuilder().add("qwen3-coder").add("llama3.3")).build());
        assertEquals("http://127.0.0.1:11434/v1/chat/completions", s.chatCompletionsUrl(), "trailing slash removed");
        assertEquals("qwen3-coder", s.healthCheckModel(), "the first listed model is probed");
    }

    @Test
    void theModelTableAnswersForRouteTargetsWithoutAModel() throws Exception {
        TestCompat c = TestCompat.create(TestCompat.config("http://h/v1")
                .add("models", Json.createArrayBuilder().add("deepseek-chat").add("deepseek-reasoner"))
                .add("model-map", Json.createObjectBuilder().add("claude-haiku-*", "deepseek-chat")
                        .add("claude-opus-5-5", "deepseek-reasoner")));
        assertEquals(List.of("deepseek-chat", "deepseek-reasoner", "claude-opus-5-5"), c.provider.models());
        assertEquals(Optional.of("deepseek-chat"), c.provider.resolveModel("claude-haiku-4-5"));
        assertEquals(Optional.of("deepseek-reasoner"), c.provider.resolveModel("claude-opus-5-5"));
        assertEquals(Optional.of("deepseek-chat"), c.provider.resolveModel("deepseek-chat"));
        assertEquals(Optional.empty(), c.provider.resolveModel("claude-sonnet-4-5"));

        TestCompat open = TestCompat.create(TestCompat.config("http://h/v1"));
        assertEquals(Optional.of("anything"), open.provider.resolveModel("anything"),
                "without a table every name is the backend's");
        assertEquals(List.of(), open.provider.models());
    }

    @Test
    void accountEntriesTakeOnlyAnApiKey() throws Exception {
        TestCompat c = TestCompat.create(TestCompat.config("http://h/v1"));
        c.provider.validateAccount(PluginConfig.of(Json.createObjectBuilder().add("api-key", "sk-1").build()));
        c.provider.validateAccount(PluginConfig.of(Json.createObjectBuilder().build()));
        assertThrows(ConfigException.class, () -> c.provider.validateAccount(PluginConfig.of(
                Json.createObjectBuilder().add("api-key", "${MISSING}").build())));
        assertThrows(ConfigException.class, () -> c.provider.validateAccount(PluginConfig.of(
                Json.createObjectBuilder().add("token", "x").build())));
    }

    @Test
    void theReadmeDocumentsEveryKeyAndProfile() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        for (String k : new OpenAiCompatProviderFactory().descriptor().configKeys()) {
            assertTrue(readme.contains("`" + k + "`"), "README.md documents " + k);
        }
        for (String p : profiles.names()) {
            assertTrue(readme.contains("`" + p + "`"), "README.md documents profile " + p);
        }
        assertTrue(readme.contains("`api-key`"));
    }
}
