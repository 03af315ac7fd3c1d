package dev.switchboard.kernel.cli;

import dev.switchboard.kernel.admin.AdminBootstrap;
import dev.switchboard.kernel.config.GatewayConfig;
import java.nio.file.Path;
import java.util.Set;

/**
 * {@code switchboard admin reset-password}: when the configuration sets no {@code admin.password}, writes a new
 * generated password to {@code data/admin-password} (mode 0600) and ends every admin session; the password is
 * never printed. With {@code admin.password} configured it refuses: the configuration owns the password then.
 */
final class AdminCommand {
    private AdminCommand() {
    }

    static int run(CliContext ctx, CliArgs args) throws CliException {
        String sub = args.word(1);
        if (!"reset-password".equals(sub)) {
            throw CliException.usage(sub == null ? "admin needs a subcommand: reset-password"
                    : "unknown admin subcommand '" + sub + "' (reset-password)");
        }
        args.onlyOptions(Set.of(), "admin reset-password");
        args.atMostWords(2, "admin reset-password");
        GatewayConfig c = ctx.config();
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
