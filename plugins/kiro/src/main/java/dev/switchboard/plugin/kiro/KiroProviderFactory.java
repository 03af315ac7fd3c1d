package dev.switchboard.plugin.kiro;

import dev.switchboard.plugin.kiro.auth.AccountValidator;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.Provider;
import dev.switchboard.spi.ProviderContext;
import dev.switchboard.spi.ProviderDescriptor;
import dev.switchboard.spi.ProviderFactory;
import java.util.Set;
import org.pf4j.Extension;

/**
 * The {@code kiro} plugin's extension: declares the plugin-owned YAML keys (instance keys, account-entry keys and
 * which of them are secrets) and builds a {@link KiroProvider} per instance. Stateless and thread-safe.
 */
@Extension
public final class KiroProviderFactory implements ProviderFactory {
    /** The PF4J plugin id YAML names in {@code plugin:}. */
    public static final String PLUGIN_ID = "kiro";

    @Override
    public ProviderDescriptor descriptor() {
        return new ProviderDescriptor(PLUGIN_ID,
                "Kiro IDE accounts (social, Builder ID, IAM Identity Center) on the CodeWhisperer API",
                KiroSettings.KEYS, Set.of(), AccountValidator.KEYS, AccountValidator.SECRET_KEYS);
    }

    @Override
    public Provider create(ProviderContext context) throws ConfigException {
        return new KiroProvider(context);
    }
}
