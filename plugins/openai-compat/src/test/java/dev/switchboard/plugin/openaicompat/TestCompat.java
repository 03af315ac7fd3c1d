package dev.switchboard.plugin.openaicompat;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.Provider;
import dev.switchboard.testkit.ProviderHarness;
import dev.switchboard.testkit.TestProviderContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/** Plugin-level test wiring: a provider created by the real factory on a test context, and its harness. */
final class TestCompat {
    final TestProviderContext ctx;
    final Provider provider;
    final ProviderHarness harness;

    private TestCompat(TestProviderContext ctx, Provider provider) {
        this.ctx = ctx;
        this.provider = provider;
        this.harness = new ProviderHarness(provider, ctx.transport());
    }

    /** An instance config with {@code base-url} and the given key/value pairs (values may be JSON values). */
    static JsonObjectBuilder config(String baseUrl) {
        return Json.createObjectBuilder().add("id", "compat").add("plugin", "openai-compat").add("base-url", baseUrl);
    }

    static TestCompat create(JsonObject config) throws ConfigException {
        TestProviderContext ctx = TestProviderContext.create("compat", PluginConfig.of(config));
        return new TestCompat(ctx, new OpenAiCompatProviderFactory().create(ctx));
    }

    static TestCompat create(JsonObjectBuilder config) throws ConfigException {
        return create(config.build());
    }

    static Account account(String name, String apiKey) {
        JsonObjectBuilder c = Json.createObjectBuilder();
        if (apiKey != null) {
            c.add("api-key", apiKey);
        }
        return new Account(1, "compat", name, c.build(), AccountState.ACTIVE, null);
    }

    static Account key1() {
        return account("k1", "sk-test-1");
    }
}
