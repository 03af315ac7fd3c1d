package dev.switchboard.plugin.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.model.SignatureOrigin;
import jakarta.json.Json;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every key is read and checked at startup, with the key path in the message. */
class AnthropicSettingsTest {
    static jakarta.json.JsonObjectBuilder base() {
        return Json.createObjectBuilder().add("id", "claude").add("plugin", "anthropic");
    }

    static String problem(jakarta.json.JsonObjectBuilder c) {
        return assertThrows(ConfigException.class, () -> AnthropicSettings.read(PluginConfig.of(c.build())))
                .getMessage();
    }

    @Test
    void defaultsServeAnthropicsOwnApi() throws ConfigException {
        AnthropicSettings s = TestAnthropic.settings(base());
        assertEquals("https://api.anthropic.com/v1/messages", s.messagesUri().toString());
        assertEquals("https://api.anthropic.com/v1/models", s.modelsUri().toString());
        assertNull(s.anthropicVersion(), "the client's version, else the default");
        assertEquals(SignatureOrigin.ANTHROPIC, s.signatures());
        assertEquals(BetaPolicy.PASS, s.betas());
        assertEquals(AnthropicSettings.HealthCheckMode.MODELS, s.healthCheck());
        assertEquals(Optional.of("claude-opus-4-1"), s.models().resolve("claude-opus-4-1"), "no table: every name");
    }

    @Test
    void countTokensAsksAnthropicsApiAndEstimatesForCompatibleEndpointsByDefault() throws ConfigException {
        assertTrue(TestAnthropic.settings(base()).upstreamCount(), "Anthropic's API has count_tokens");
        assertFalse(TestAnthropic.settings(base().add("base-url", "https://api.deepseek.com/anthropic")).upstreamCount(),
                "most compatible endpoints lack it");
        assertTrue(TestAnthropic.settings(base().add("base-url", "https://api.deepseek.com/anthropic")
                .add("count-tokens", "upstream")).upstreamCount());
        assertFalse(TestAnthropic.settings(base().add("count-tokens", "estimate")).upstreamCount());
    }

    @Test
    void aCountWaitsTenSecondsByDefault() throws ConfigException {
        assertEquals(Duration.ofSeconds(10), TestAnthropic.settings(base()).countTimeout());
        assertEquals(Duration.ofMillis(1500), TestAnthropic.settings(base().add("count-tokens-timeout", "1500ms"))
                .countTimeout());
    }

    @Test
    void cacheTtlPassesToAnthropicsApiAndIsStrippedForCompatibleEndpointsByDefault() throws ConfigException {
        assertFalse(TestAnthropic.settings(base()).stripCacheTtl(), "Anthropic's API takes cache_control.ttl");
        assertTrue(TestAnthropic.settings(base().add("base-url", "https://api.deepseek.com/anthropic")).stripCacheTtl());
        assertFalse(TestAnthropic.settings(base().add("base-url", "https://api.deepseek.com/anthropic")
                .add("cache-ttl", "pass")).stripCacheTtl());
        assertTrue(TestAnthropic.settings(base().add("cache-ttl", "strip")).stripCacheTtl());
    }

    @Test
    void aCompatibleVendorSignsForItself() throws ConfigException {
        AnthropicSettings s = TestAnthropic.settings(base().add("base-url", "https://api.deepseek.com/anthropic/"));
        assertEquals("https://api.deepseek.com/anthropic/v1/messages", s.messagesUri().toString());
        assertEquals("compat-api-deepseek-com", s.signatures().family());
        assertEquals("my-vendor", TestAnthropic.settings(base().add("base-url", "https://x.example")
                .add("signature-family", "my-vendor")).signatures().family());
    }

    @Test
    void theModelMapTakesGlobsAndTheMostSpecificWins() throws ConfigException {
        AnthropicSettings s = TestAnthropic.settings(base().add("models", Json.createArrayBuilder().add("kimi-k2"))
                .add("model-map", Json.createObjectBuilder().add("claude-*", "deepseek-chat")
                        .add("claude-*-opus-*", "deepseek-reasoner").add("claude-haiku-4-5", "deepseek-lite")));
        assertEquals(Optional.of("deepseek-chat"), s.models().resolve("claude-sonnet-4-5"));
        assertEquals(Optional.of("deepseek-reasoner"), s.models().resolve("claude-3-opus-2024"));
        assertEquals(Optional.of("deepseek-lite"), s.models().resolve("claude-haiku-4-5"));
        assertEquals(Optional.of("kimi-k2"), s.models().resolve("kimi-k2"));
        assertEquals(Optional.empty(), s.models().resolve("gpt-5"), "a table serves only what it names");
        assertEquals(List.of("kimi-k2", "claude-haiku-4-5"), s.models().listed());
    }

    @Test
    void outputClampsPerModel() throws ConfigException {
        AnthropicSettings s = TestAnthropic.settings(base().add("max-output-tokens",
                Json.createObjectBuilder().add("deepseek-*", 8192).add("deepseek-reasoner", 64000)));
        assertEquals(8192, s.clamps().clamp(32000, "deepseek-chat"));
        assertEquals(32000, s.clamps().clamp(32000, "deepseek-reasoner"));
        assertEquals(100, s.clamps().clamp(100, "deepseek-chat"));
        assertEquals(32000, s.clamps().clamp(32000, "kimi-k2"));
        assertEquals(4000, TestAnthropic.settings(base().add("max-output-tokens", 4000)).clamps().clamp(9000, "any"));
    }

    @Test
    void badValuesNameTheirKey() {
        assertTrue(problem(base().add("base-url", "ftp://x")).contains("base-url"));
        assertTrue(problem(base().add("base-url", "https://api.anthropic.com/v1")).contains("without /v1"));
        assertTrue(problem(base().add("beta-headers", "sometimes")).contains("beta-headers"));
        assertTrue(problem(base().add("count-tokens", "sometimes")).contains("count-tokens"));
        assertTrue(problem(base().add("count-tokens-timeout", "0s")).contains("count-tokens-timeout"));
        assertTrue(problem(base().add("count-tokens-timeout", "soon")).contains("count-tokens-timeout"));
        assertTrue(problem(base().add("cache-ttl", "sometimes")).contains("cache-ttl"));
        assertTrue(problem(base().add("drop-fields", Json.createArrayBuilder().add("messages"))).contains("drop-fields"));
        assertTrue(problem(base().add("max-output-tokens", "0")).contains("max-output-tokens"));
        assertTrue(problem(base().add("model-map", Json.createObjectBuilder().add("claude-*", "a-*"))).contains("model-map"));
        assertTrue(problem(base().add("models", Json.createArrayBuilder().add("claude-*"))).contains("models"));
        assertTrue(problem(base().add("extra-headers", Json.createObjectBuilder().add("x-api-key", "k")))
                .contains("extra-headers.x-api-key"));
        assertTrue(problem(base().add("extra-headers", Json.createObjectBuilder().add("x-org", "${ORG}")))
                .contains("ORG"));
        assertTrue(problem(base().add("signature-family", "Not Valid")).contains("signature-family"));
        assertTrue(problem(base().add("health-check-mode", "completion")).contains("health-check-model"));
        assertTrue(problem(base().add("health-check-mode", "weekly")).contains("health-check-mode"));
    }

    @Test
    void anAccountHasExactlyOneCredential() {
        assertThrows(ConfigException.class, () -> Credential.validate(PluginConfig.of(Json.createObjectBuilder().build())));
        assertThrows(ConfigException.class, () -> Credential.validate(PluginConfig.of(Json.createObjectBuilder()
                .add("api-key", "a").add("auth-token", "b").build())));
        assertThrows(ConfigException.class, () -> Credential.validate(PluginConfig.of(Json.createObjectBuilder()
                .add("api-key", "a").add("password", "b").build())), "unknown keys");
        assertTrue(problem(base().add("base-url", "https://x.example").add("extra-headers",
                Json.createObjectBuilder().add("authorization", "Bearer x"))).contains("credentials come from the accounts"));
    }
}
