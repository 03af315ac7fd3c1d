package dev.switchboard.plugin.kiro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.convert.ConversionOptions;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.json.Jsons;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The model table and the instance keys. */
class KiroModelsAndSettingsTest {

    @Test
    void datedDottedAndThinkingIdsResolveAndUnknownIdsAreA400() throws GatewayException {
        KiroModels m = KiroModels.defaults();
        assertEquals("claude-haiku-4.5", m.require("claude-haiku-4-5-20251001").modelId());
        assertEquals("claude-sonnet-4.5", m.require("claude-sonnet-4.5").modelId());
        assertEquals("claude-sonnet-4.5", m.require("Claude-Sonnet-4-5-20250929-thinking").modelId());
        assertEquals("claude-opus-4.5", m.require("claude-opus-4-5-20251101").modelId());
        assertEquals(1_000_000, m.require("claude-sonnet-4-6").contextWindow());
        assertEquals("CLAUDE_SONNET_4_20250514_V1_0", m.require("claude-sonnet-4-20250514").modelId());
        assertEquals("CLAUDE_SONNET_4_20250514_V1_0", m.require("CLAUDE_SONNET_4_20250514_V1_0").modelId(),
                "a Kiro id passes as itself");
        assertEquals("auto", m.require("auto").modelId());
        GatewayException e = assertThrows(GatewayException.class, () -> m.require("gpt-4o"));
        assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
        assertEquals("Model gpt-4o is not supported", e.getMessage());
        assertEquals("model", e.param());
    }

    @Test
    void yamlModelsAddAndReplaceRows() throws Exception {
        PluginConfig c = PluginConfig.of(Jsons.parseObject("{\"models\":["
                + "{\"name\":\"claude-sonnet-4-5\",\"model-id\":\"CLAUDE_SONNET_4_5_20250929_V1_0\"},"
                + "{\"name\":\"claude-opus-5\",\"model-id\":\"claude-opus-5\",\"context-window\":\"500000\"}]}"));
        KiroModels m = KiroModels.fromConfig(c);
        assertEquals("CLAUDE_SONNET_4_5_20250929_V1_0", m.require("claude-sonnet-4-5").modelId());
        assertEquals(200_000, m.require("claude-sonnet-4-5").contextWindow());
        assertEquals(500_000, m.require("claude-opus-5-20260101").contextWindow());
        assertTrue(m.names().contains("claude-opus-5"));
        ConfigException bad = assertThrows(ConfigException.class, () -> KiroModels.fromConfig(PluginConfig.of(
                Jsons.parseObject("{\"models\":[{\"name\":\"x\",\"model-id\":\"y\",\"window\":1}]}"))));
        assertTrue(bad.getMessage().contains("models[0].window: unknown key"), bad.getMessage());
    }

    @Test
    void defaultsFollowTheSpec() {
        KiroSettings s = KiroSettings.defaults();
        assertEquals("https://q.{region}.amazonaws.com/generateAssistantResponse", s.endpoints().chat());
        assertEquals("https://q.eu-central-1.amazonaws.com/generateAssistantResponse",
                s.endpoints().chatUri("eu-central-1").toString());
        assertEquals("https://q.us-east-1.amazonaws.com/getUsageLimits?isEmailRequired=true&origin=AI_EDITOR"
                        + "&resourceType=AGENTIC_REQUEST&profileArn=arn%3Aaws%3Acodewhisperer%3Aus-east-1%3A1%3Aprofile%2FX",
                s.endpoints().usageUri("us-east-1", "arn:aws:codewhisperer:us-east-1:1:profile/X").toString());
        assertEquals("https://prod.eu-west-1.auth.desktop.kiro.dev/refreshToken",
                s.endpoints().refreshUri("eu-west-1").toString());
        assertEquals("https://oidc.eu-west-1.amazonaws.com/token", s.endpoints().oidcUri("eu-west-1", "/token").toString());
        assertEquals("https://prod.us-east-1.auth.desktop.kiro.dev/login", s.endpoints().loginUri("/login").toString());
        assertEquals(Duration.ofSeconds(600), s.refreshMargin());
        assertEquals(ConversionOptions.defaults(), s.conversion());
        assertEquals(KiroSettings.HealthCheckMode.USAGE, s.healthCheckMode());
        assertEquals(19876, s.callbackPortFrom());
        assertEquals(19880, s.callbackPortTo());
        assertEquals(Duration.ofMinutes(10), s.flowTtl());
        assertNull(s.identity().optOut());
    }

    @Test
    void endpointsAndKeysAreValidatedWithTheirPath() throws ConfigException {
        KiroSettings s = KiroSettings.fromConfig(new PluginConfig("gateway.yaml", "providers[2]", Jsons.parseObject(
                "{\"base-url\":\"http://127.0.0.1:9/\",\"endpoints\":{\"refresh\":\"http://127.0.0.1:9/r/{region}\"},"
                        + "\"thinking-mode\":\"false\",\"callback-ports\":\"0\",\"opt-out\":\"true\"}")));
        assertEquals("http://127.0.0.1:9/generateAssistantResponse", s.endpoints().chat());
        assertEquals("http://127.0.0.1:9/r/eu-west-1", s.endpoints().refreshUri("eu-west-1").toString());
        assertEquals(ConversionOptions.ThinkingMode.OFF, s.conversion().thinkingMode(), "YAML off arrives as false");
        assertEquals(0, s.callbackPortFrom());
        assertEquals(Boolean.TRUE, s.identity().optOut());
        assertEquals("true", s.identity().apiHeaders("t", "m").get("x-amzn-codewhisperer-optout"));

        String[][] bad = {
                {"{\"endpoints\":{\"chat\":\"ftp://x\"}}", "providers[2].endpoints.chat: must be an absolute http(s) URL"},
                {"{\"endpoints\":{\"models\":\"http://x\"}}", "providers[2].endpoints.models: unknown key"},
                {"{\"api-region\":\"mars\"}", "providers[2].api-region: must be an AWS region"},
                {"{\"body-overflow\":\"drop\"}", "providers[2].body-overflow: must be reject or trim-oldest"},
                {"{\"thinking-mode\":\"on\"}", "providers[2].thinking-mode: must be off or prompt-tags"},
                {"{\"callback-ports\":\"19880-19876\"}", "providers[2].callback-ports"},
                {"{\"health-check-model\":\"gpt-4o\"}", "providers[2].health-check-model"},
                {"{\"max-body-bytes\":\"0\"}", "providers[2].max-body-bytes: must be positive"}};
        for (String[] b : bad) {
            ConfigException e = assertThrows(ConfigException.class, () -> KiroSettings.fromConfig(
                    new PluginConfig("gateway.yaml", "providers[2]", Jsons.parseObject(b[0]))), b[0]);
            assertTrue(e.getMessage().contains(b[1]), e.getMessage());
        }
    }

    @Test
    void theFactoryDeclaresThePluginOwnedKeys() {
        var d = new KiroProviderFactory().descriptor();
        assertEquals("kiro", d.pluginId());
        assertTrue(d.configKeys().containsAll(java.util.Set.of("base-url", "endpoints", "models", "callback-ports",
                "refresh-margin-seconds", "thinking-mode", "health-check-mode")));
        assertTrue(d.secretKeys().isEmpty());
        assertEquals(java.util.Set.of("auth-method", "access-token", "refresh-token", "expires-at", "profile-arn",
                "client-id", "client-secret", "client-secret-expires-at", "region", "api-region", "start-url",
                "machine-id", "provider", "email"), d.accountKeys());
        assertEquals(java.util.Set.of("access-token", "refresh-token", "client-secret"), d.accountSecretKeys());
    }

    @Test
    void apiHeadersCarryTheKiroIdentity() {
        ClientIdentity id = new ClientIdentity("0.7.5", "22.21.1", "linux#6.8.0", "attempt=1; max=1", "vibe", null);
        String machine = "a".repeat(64);
        var h = id.apiHeaders("tok", machine);
        assertEquals("Bearer tok", h.get("authorization"));
        assertEquals("application/json", h.get("accept"));
        assertEquals("application/json", h.get("content-type"));
        assertEquals("attempt=1; max=1", h.get("amz-sdk-request"));
        assertEquals("vibe", h.get("x-amzn-kiro-agent-mode"));
        assertEquals("aws-sdk-js/1.0.0 KiroIDE-0.7.5-" + machine, h.get("x-amz-user-agent"));
        assertEquals("aws-sdk-js/1.0.0 ua/2.1 os/linux#6.8.0 lang/js md/nodejs#22.21.1 api/codewhispererruntime#1.0.0"
                + " m/E KiroIDE-0.7.5-" + machine, h.get("user-agent"));
        assertEquals(4, java.util.UUID.fromString(h.get("amz-sdk-invocation-id")).version());
        assertTrue(!h.contains("x-amzn-codewhisperer-optout"));
        assertTrue(!id.apiHeaders("tok", machine).get("amz-sdk-invocation-id").equals(h.get("amz-sdk-invocation-id")),
                "a fresh invocation id per attempt");
    }
}
