package dev.switchboard.plugin.factory;

import dev.switchboard.plugin.factory.auth.Credentials;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.ProviderDescriptor;
import dev.switchboard.spi.ProviderFactory;
import dev.switchboard.spi.json.Jsons;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import org.pf4j.Extension;

/**
 * The {@code factory} plugin's extension: declares the instance and account keys and builds a
 * {@link FactoryProvider} per YAML instance. A key in the environment variable named by {@code api-key-env}
 * (default {@code FACTORY_API_KEY}) becomes one more pooled account, {@code env-<VARIABLE>}. Thread-safe;
 * PF4J uses the no-argument constructor, tests may inject the environment.
 */
@Extension
public class FactoryProviderFactory implements ProviderFactory {
    /** Account keys; all but the informational ones are secrets. */
    static final Set<String> ACCOUNT_KEYS = Set.of(Credentials.API_KEY, Credentials.REFRESH_TOKEN,
            Credentials.ACCESS_TOKEN, Credentials.EXPIRES_AT);
    static final Set<String> ACCOUNT_SECRETS = Set.of(Credentials.API_KEY, Credentials.REFRESH_TOKEN,
            Credentials.ACCESS_TOKEN);

    private final Function<String, String> env;

    /** Reads the environment through the kernel's {@link ProviderContext#environment()}. */
    public FactoryProviderFactory() {
        this.env = null;
    }

    /** @param env the environment lookup (tests pass a map's {@code get}); overrides the context's */
    public FactoryProviderFactory(Function<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    @Override
    public ProviderDescriptor descriptor() {
        return new ProviderDescriptor("factory", "Factory AI (Droid) upstream: anthropic, openai (Responses), "
                + "common chat and google families; static keys and WorkOS refresh tokens",
                FactorySettings.KEYS, Set.of(), ACCOUNT_KEYS, ACCOUNT_SECRETS);
    }

    @Override
    public Provider create(ProviderContext ctx) throws ConfigException {
        FactorySettings settings = FactorySettings.from(ctx.config());
        addEnvironmentKey(ctx, settings.apiKeyEnv());
        ctx.logger().info(() -> "factory instance " + ctx.instanceId() + ": " + settings.models().ids().size()
                + " model(s), " + settings.rewrites().rules().size() + " prompt rewrite(s), health probe "
                + settings.healthProbe().name().toLowerCase(java.util.Locale.ROOT));
        return new FactoryProvider(ctx, settings);
    }

    /**
     * Stores the environment's key as account {@code env-<VARIABLE>}; written only when it changed, so a
     * restart keeps the account's state (a write would reset it).
     */
    private void addEnvironmentKey(ProviderContext ctx, String variable) {
        if (variable.isEmpty()) {
            return;
        }
        String key = env != null ? env.apply(variable) : ctx.environment().get(variable);
        if (key == null || key.isBlank()) {
            return;
        }
        String name = "env-" + variable;
        Optional<Account> existing = ctx.credentials().find(name);
        if (existing.isPresent() && key.strip().equals(existing.get().credential(Credentials.API_KEY))) {
            return;
        }
        ctx.credentials().upsert(name, Jsons.objectBuilder().add(Credentials.API_KEY, key.strip()).build());
        ctx.logger().log(Level.INFO, "added the key from environment variable {0} as account {1}",
                new Object[]{variable, name});
    }
}
