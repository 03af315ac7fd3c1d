package dev.switchboard.plugin.anthropic;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.Provider;
import dev.switchboard.testkit.ProviderHarness;
import dev.switchboard.testkit.TestProviderContext;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/** Plugin-level test wiring: a provider created by the real factory on a test context, and its harness. */
final class TestAnthropic {
    final TestProviderContext ctx;
    final Provider provider;
    final ProviderHarness harness;

    private TestAnthropic(TestProviderContext ctx, Provider provider) {
        this.ctx = ctx;
        this.provider = provider;
        this.harness = new ProviderHarness(provider, ctx.transport());
    }

    /** An instance config with {@code base-url}. */
    static JsonObjectBuilder config(String baseUrl) {
        return Json.createObjectBuilder().add("id", "claude").add("plugin", "anthropic").add("base-url", baseUrl);
    }

    static TestAnthropic create(JsonObjectBuilder config) throws ConfigException {
        TestProviderContext ctx = TestProviderContext.create("claude", PluginConfig.of(config.build()));
        return new TestAnthropic(ctx, new AnthropicProviderFactory().create(ctx));
    }

    static AnthropicSettings settings(JsonObjectBuilder config) throws ConfigException {
        return AnthropicSettings.read(PluginConfig.of(config.build()));
    }

    static Account apiKey(String name, String key) {
        return new Account(1, "claude", name, Json.createObjectBuilder().add("api-key", key).build(),
                AccountState.ACTIVE, null);
    }

    static Account authToken(String name, String token) {
        return new Account(2, "claude", name, Json.createObjectBuilder().add("auth-token", token).build(),
                AccountState.ACTIVE, null);
    }
}
