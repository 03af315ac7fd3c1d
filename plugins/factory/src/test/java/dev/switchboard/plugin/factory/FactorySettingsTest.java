package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.factory.model.ModelEntry;
import dev.switchboard.plugin.factory.model.ModelFamily;
import dev.switchboard.plugin.factory.model.ReasoningLevel;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.json.Jsons;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Instance keys, their defaults and their checks (kebab-case, YAML's {@code off}, per-family URLs). */
class FactorySettingsTest {
    static FactorySettings parse(String json) throws ConfigException {
        return FactorySettings.from(new PluginConfig("gateway.yaml", "providers[0]", Jsons.parseObject(json)));
    }

    @Test
    void defaults() throws Exception {
        FactorySettings s = parse("{}");
        for (ModelFamily f : ModelFamily.values()) {
            assertEquals("https://api.factory.ai" + f.defaultPath(), s.endpoint(f).uri().toString());
        }
        assertEquals("https://api.workos.com", s.workosBaseUrl());
        assertEquals("https://api.factory.ai", s.billingBaseUrl());
        assertEquals("factory-cli/0.85.0", s.userAgent());
        assertEquals("0.85.0", s.version());
        assertEquals(FactoryTestText.DROID, s.systemPrompt());
        assertTrue(s.allowClientKeyHeader());
        assertFalse(s.passthroughClientAuth());
        assertEquals(FactorySettings.HealthProbe.BILLING, s.healthProbe());
        assertEquals(Duration.ofMinutes(5), s.refreshMargin());
        assertEquals("FACTORY_API_KEY", s.apiKeyEnv());
        assertEquals(8, s.rewrites().rules().size());
        assertEquals(18, s.models().ids().size(), "the built-in table: 7 anthropic, 6 openai, 3 common, 2 google");
        assertEquals("claude-sonnet-4-5-20250929", s.models().redirect("claude-sonnet-4-5"));
        assertEquals("claude-haiku-4-5-20251001", s.models().redirect("claude-3-5-haiku-20241022"));
        ModelEntry glm = s.models().find("glm-4.7").orElseThrow();
        assertEquals(ModelFamily.COMMON, glm.type());
        assertEquals("fireworks", glm.provider());
        assertEquals(ReasoningLevel.OFF, glm.reasoning());
        assertTrue(s.models().find("claude-opus-4-6-fast").orElseThrow().fast());
        assertEquals("fireworks", s.models().find("minimax-m2.5").orElseThrow().provider());
        assertEquals(ModelFamily.ANTHROPIC, s.models().find("minimax-m2.5").orElseThrow().type());
    }

    @Test
    void baseUrlMovesEverythingButWorkos() throws Exception {
        FactorySettings s = parse("{\"base-url\":\"https://api.eu.factory.ai/\"}");
        assertEquals("https://api.eu.factory.ai/api/llm/o/v1/responses", s.endpoint(ModelFamily.OPENAI).uri().toString());
        assertEquals("https://api.eu.factory.ai", s.billingBaseUrl(), "billing follows base-url unless set");
        assertEquals("https://api.workos.com", s.workosBaseUrl());
    }

    @Test
    void modelsTableReasoningAndInference() throws Exception {
        FactorySettings s = parse("{\"models\":[{\"id\":\"claude-x\",\"type\":\"anthropic\",\"reasoning\":false},"
                + "{\"id\":\"gpt-y\",\"type\":\"openai\",\"reasoning\":\"xhigh\",\"fast\":true,\"provider\":\"azure_openai\"}],"
                + "\"model-redirects\":{\"alias\":\"gpt-y\"},\"infer-unknown-models\":true}");
        assertEquals(ReasoningLevel.OFF, s.models().find("claude-x").orElseThrow().reasoning(),
                "YAML 1.1 reads off as false");
        ModelEntry y = s.models().resolve("alias").orElseThrow();
        assertEquals("gpt-y", y.id());
        assertEquals("azure_openai", y.provider());
        assertEquals(ReasoningLevel.XHIGH, y.reasoning());
        assertEquals(java.util.List.of("claude-x", "gpt-y"), s.models().ids(), "a models: list replaces the table");
        assertEquals(ModelFamily.ANTHROPIC, s.models().find("claude-opus-5-5").orElseThrow().type(), "inferred");
        assertEquals(ModelFamily.GOOGLE, s.models().find("gemini-9").orElseThrow().type());
        assertEquals(ModelFamily.COMMON, s.models().find("kimi-k3").orElseThrow().type());
        assertTrue(s.models().find("llama-3").isEmpty());
        assertTrue(parse("{\"infer-unknown-models\":false}").models().find("claude-opus-5-5").isEmpty());
        assertEquals(ReasoningLevel.OFF, ReasoningLevel.parse(null), "missing means off");
    }

    @Test
    void problemsNameTheirKey() {
        assertEquals("gateway.yaml: providers[0].models[0].type: must be anthropic, openai, common or google, got 'x'",
                assertThrows(ConfigException.class, () -> parse("{\"models\":[{\"id\":\"a\",\"type\":\"x\"}]}")).getMessage());
        assertTrue(assertThrows(ConfigException.class, () -> parse("{\"models\":[{\"id\":\"a\",\"type\":\"openai\","
                + "\"reasoning\":\"max\"}]}")).getMessage().contains("models[0].reasoning"));
        assertTrue(assertThrows(ConfigException.class, () -> parse("{\"models\":[{\"id\":\"a\",\"type\":\"openai\","
                + "\"typo\":1}]}")).getMessage().contains("models[0].typo: unknown key"));
        assertTrue(assertThrows(ConfigException.class, () -> parse("{\"endpoints\":{\"azure\":\"http://x\"}}"))
                .getMessage().contains("endpoints.azure"));
        assertTrue(assertThrows(ConfigException.class, () -> parse("{\"reasoning-budgets\":{\"low\":100}}"))
                .getMessage().contains("reasoning-budgets.low"));
        assertTrue(assertThrows(ConfigException.class, () -> parse("{\"prompt-rewrites\":[{\"to\":\"x\"}]}"))
                .getMessage().contains("prompt-rewrites[0].from"));
        assertTrue(assertThrows(ConfigException.class, () -> parse("{\"health-probe\":\"ping\"}"))
                .getMessage().contains("health-probe"));
        assertTrue(assertThrows(ConfigException.class, () -> parse("{\"workos-base-url\":\"ftp://x\"}"))
                .getMessage().contains("workos-base-url"));
    }

    @Test
    void budgetsRewritesAndPrompt() throws Exception {
        FactorySettings s = parse("{\"reasoning-budgets\":{\"xhigh\":32000},\"prompt-rewrites\":[{\"from\":\"A\","
                + "\"to\":\"B\"}],\"system-prompt\":\"off\",\"user-agent\":\"custom\"}");
        assertEquals(32000, s.budgets().xhigh());
        assertEquals(4096, s.budgets().low());
        assertEquals(1, s.rewrites().rules().size());
        assertEquals("", s.systemPrompt());
        assertEquals(FactorySettings.FALLBACK_VERSION, s.version(), "no version in the user agent");
        assertTrue(parse("{\"prompt-rewrites\":[]}").rewrites().isEmpty(), "the list can be emptied");
    }
}
