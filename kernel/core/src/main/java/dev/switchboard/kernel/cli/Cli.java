package dev.switchboard.kernel.cli;

import dev.switchboard.spi.ProviderFactory;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The chores operators script, as {@code switchboard COMMAND}: {@code config check}, {@code keys create|list|
 * revoke}, {@code accounts import}, {@code admin reset-password}, {@code admin store-password}, {@code version}. They read the same
 * configuration and go through the same {@link dev.switchboard.kernel.store.Store} as the gateway. Exit codes: 0
 * done, 1 failed (the message says why), 2 bad command line. One use, one thread.
 */
public final class Cli {
    /** The first words that make a command line a command rather than a gateway start. */
    public static final Set<String> COMMANDS = Set.of("config", "keys", "accounts", "admin", "version", "help");
    static final String USAGE = """
            usage: switchboard [--config FILE]                 start the gateway
                   switchboard COMMAND [--config FILE] ...
            commands:
              config check                      validate the configuration (exit 0/1), without starting anything
              keys create NAME [--models a,b] [--rpm N] [--daily-token-quota N] [--monthly-token-quota N]
                               [--daily-cost-limit X] [--monthly-cost-limit X] [--expires-at INSTANT]
                                                create a client key and print it (once)
              keys list                         list client keys (never their secrets)
              keys revoke NAME                  revoke a client key
              accounts import PROVIDER FILE     add the accounts of an export file to a provider instance
              admin reset-password              write a new generated admin password to data/admin-password
              admin store-password              store the configured admin.password (gateways sharing a database)
              version                           print the version
            Commands that use the database need the embedded database free: stop the gateway first
            (a PostgreSQL database can be used while the gateway runs).""";

    private final Path home;
    private final Path callerDir;
    private final Map<String, String> env;
    private final Properties sys;
    private final Clock clock;
    private final List<ProviderFactory> factories;
    private final PrintStream out;
    private final PrintStream err;
    private final String version;

    /**
     * @param home      the gateway home ({@code conf/gateway.yaml} is the default configuration)
     * @param callerDir the directory the user ran the command from (relative file names resolve against it)
     * @param factories providers contributed in code, beside the plugins (tests)
     */
    public Cli(Path home, Path callerDir, Map<String, String> env, Properties sys, Clock clock,
               List<ProviderFactory> factories, PrintStream out, PrintStream err, String version) {
        this.home = home;
        this.callerDir = callerDir;
        this.env = env;
        this.sys = sys;
        this.clock = clock;
        this.factories = List.copyOf(factories);
        this.out = out;
        this.err = err;
        this.version = version;
    }

    /** Whether a command line names a command (its first word, after any {@code --config FILE}). */
    public static boolean isCommand(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--config") || args[i].equals("-c")) {
                i++;
            } else {
                return COMMANDS.contains(args[i]);
            }
        }
        return false;
    }

    /** Runs a command; returns the exit code. */
    public int run(String[] args) {
        try {
            CliArgs a = CliArgs.parse(args);
            Path config = a.option("config").map(f -> callerDir.resolve(f).normalize())
                    .orElse(home.resolve("conf/gateway.yaml"));
            try (CliContext ctx = new CliContext(home, config, env, sys, clock, factories, out, err)) {
                return dispatch(ctx, a);
            }
        } catch (CliException e) {
            err.println("switchboard: " + e.getMessage());
            if (e.exitCode() == CliException.USAGE) {
                err.println(USAGE);
            }
            return e.exitCode();
        }
    }

    private int dispatch(CliContext ctx, CliArgs a) throws CliException {
        String command = a.word(0);
        return switch (command) {
            case "version" -> {
                a.onlyOptions(Set.of(), "version");
                a.atMostWords(1, "version");
                out.println("switchboard " + version);
                yield 0;
            }
            case "help" -> {
                out.println(USAGE);
                yield 0;
            }
            case "config" -> {
                if (!"check".equals(a.word(1))) {
                    throw CliException.usage("config needs a subcommand: check");
                }
                a.onlyOptions(Set.of(), "config check");
                a.atMostWords(2, "config check");
                yield ConfigCheckCommand.run(ctx);
            }
            case "keys" -> KeysCommand.run(ctx, a);
            case "accounts" -> AccountsCommand.run(ctx, a, callerDir);
            case "admin" -> AdminCommand.run(ctx, a);
            case null, default -> throw CliException.usage("unknown command '" + command + "'");
        };
    }
}
