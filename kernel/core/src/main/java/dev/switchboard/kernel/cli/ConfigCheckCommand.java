package dev.switchboard.kernel.cli;

import dev.switchboard.kernel.config.GatewayConfig;
import dev.switchboard.kernel.plugin.PluginStatus;
import dev.switchboard.kernel.runtime.ProviderInstance;
import dev.switchboard.kernel.runtime.ProviderRegistry;

/**
 * {@code switchboard config check [--config F]}: validates the configuration without starting anything — the
 * kernel's keys, then every provider against its plugin (the plugins are loaded and the providers created, as at
 * startup, over a {@link CheckOnlyAccountStore}: the database is not opened, so this works while the gateway runs).
 * A problem is printed with the same message startup gives, and the exit code is 1. A plugin that fails to load
 * does not stop startup either: it is a warning here.
 */
final class ConfigCheckCommand {
    private ConfigCheckCommand() {
    }

    static int run(CliContext ctx) throws CliException {
        GatewayConfig c = ctx.config();
        ProviderRegistry providers = ctx.providers(new CheckOnlyAccountStore(ctx.clock()));
        int warnings = 0;
        for (PluginStatus s : ctx.plugins().statuses()) {
            if (s.error() != null) {
                ctx.err.println("switchboard: warning: plugin " + s.id() + " failed to load: " + s.error());
                warnings++;
            }
        }
        for (ProviderInstance i : providers.all()) {
            if (!i.ready()) {
                ctx.err.println("switchboard: warning: provider " + i.id() + " cannot serve: " + i.failure());
                warnings++;
            }
        }
        ctx.out.println(c.loaded().source() + ": OK (" + count(c.providers().size(), "provider") + ", "
                + count(c.routes().size(), "route") + ", " + count(c.clientKeys().size(), "client key")
                + (warnings > 0 ? ", " + count(warnings, "warning") : "") + ")");
        return 0;
    }

    static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
