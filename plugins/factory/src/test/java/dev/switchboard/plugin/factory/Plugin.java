package dev.switchboard.plugin.factory;

import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.ClientRequest;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.PluginConfig;
import dev.switchboard.spi.Sleeper;
import dev.switchboard.testkit.ProviderHarness;
import dev.switchboard.testkit.TestProviderContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.Map;

/**
 * A factory provider built the way the kernel builds it, pointed at a {@link FakeFactory}, with a harness
 * that runs attempts like the dispatcher. Test support; one per test.
 */
final class Plugin {
    final TestProviderContext ctx;
    final FactoryProvider provider;
    final ProviderHarness harness;

    private Plugin(TestProviderContext ctx, FactoryProvider provider) {
        this.ctx = ctx;
        this.provider = provider;
        this.harness = new ProviderHarness(provider, ctx.transport());
    }

    /** An instance whose every base URL is the fake's, plus {@code extra} keys. */
    static Plugin of(FakeFactory fake, JsonObject extra) throws ConfigException {
        return of(fake, extra, Clock.systemUTC(), Map.of());
    }

    static Plugin of(FakeFactory fake, JsonObject extra, Clock clock, Map<String, String> env) throws ConfigException {
        JsonObjectBuilder b = Json.createObjectBuilder().add("base-url", fake.baseUrl())
                .add("workos-base-url", fake.baseUrl());
        extra.forEach(b::add);
        TestProviderContext ctx = TestProviderContext.create("factory", PluginConfig.of(b.build()), clock, Sleeper.system());
        FactoryProvider p = (FactoryProvider) new FactoryProviderFactory(env::get).create(ctx);
        return new Plugin(ctx, p);
    }

    static Plugin of(FakeFactory fake) throws ConfigException {
        return of(fake, JsonValue.EMPTY_JSON_OBJECT);
    }

    /** A static-key account. */
    static Account key(String apiKey) {
        return new Account(1, "factory", "key-" + apiKey, Json.createObjectBuilder().add("api-key", apiKey).build(),
                AccountState.ACTIVE, null);
    }

    /** A client request without a raw body (every family converts). */
    static ClientRequest chatClient() {
        return ProviderHarness.client(Dialect.OPENAI_CHAT);
    }

    /** A client request with headers and raw body. */
    static ClientRequest client(Dialect d, String path, HttpHeaders h, JsonObject raw) {
        return new ClientRequest(d, path, h, raw, null, null);
    }
}
