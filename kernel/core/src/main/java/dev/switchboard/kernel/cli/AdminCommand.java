package dev.switchboard.kernel.cli;

import dev.switchboard.kernel.admin.AdminBootstrap;
import dev.switchboard.kernel.config.GatewayConfig;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code switchboard admin reset-password}: when the configuration sets no {@code admin.password}, writes a new
 * generated password to {@code data/admin-password} (mode 0600) and ends every admin session; the password is
 * never printed. With {@code admin.password} configured it refuses: the configuration owns the password then.
 *
 * <p>{@code switchboard admin store-password}: stores the configured {@code admin.password} in the database and ends
 * every admin session — how the password of gateways sharing one database changes (each refuses to start while
 * its configured password differs from the stored one): store the new one, then restart them with it.
 */
final class AdminCommand {
    private static final String SUBCOMMANDS = "reset-password, store-password";

    private AdminCommand() {
    }

    static int run(CliContext ctx, CliArgs args) throws CliException {
        String sub = args.word(1);
        if (!"reset-password".equals(sub) && !"store-password".equals(sub)) {
            throw CliException.usage(sub == null ? "admin needs a subcommand: " + SUBCOMMANDS
                    : "unknown admin subcommand '" + sub + "' (" + SUBCOMMANDS + ")");
        }
        args.onlyOptions(Set.of(), "admin " + sub);
        args.atMostWords(2, "admin " + sub);
        GatewayConfig c = ctx.config();
        if ("store-password".equals(sub)) {
            if (c.admin().password() == null) {
                throw CliException.failed("admin.password is not set in " + c.loaded().source()
                        + ": set it there (the same on every instance), or use 'admin reset-password'");
            }
            AdminBootstrap.storeConfigured(c.admin(), ctx.store().admin());
            ctx.out.println("the admin password of " + c.loaded().source() + " is stored for user '"
                    + c.admin().username() + "'; every admin session was ended");
            return 0;
        }
        if (c.admin().password() != null) {
            throw CliException.failed("admin.password is set in " + c.loaded().source() + ": the configuration sets "
                    + "the admin password, so change it there (and restart)");
        }
        Path file = AdminBootstrap.resetGenerated(c.admin(), ctx.store().admin(), c.storage().dataDir());
        ctx.out.println("a new admin password for user '" + c.admin().username() + "' is in " + file
                + "; every admin session was ended");
        return 0;
    }
}
