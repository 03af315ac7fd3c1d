package dev.switchboard.kernel;

import dev.switchboard.kernel.cli.Cli;
import dev.switchboard.kernel.logging.LogSetup;
import dev.switchboard.kernel.store.StorageException;
import dev.switchboard.spi.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.LogManager;

/**
 * Command-line entry point: {@code switchboard [--config FILE]} starts the gateway; {@code switchboard COMMAND ...}
 * runs one of the operator commands of {@link Cli} and exits. The home directory comes from the
 * {@code switchboard.home} system property (set by {@code bin/switchboard}) or the working directory; the
 * configuration defaults to {@code <home>/conf/gateway.yaml}. Exit codes: 0 after a clean shutdown, 2 for
 * a configuration problem (the message names file, key and problem), 1 for other startup failures.
 */
public final class Main {
    private static final String USAGE = "usage: switchboard [--config FILE]   (commands: switchboard help)";

    private Main() {
    }

    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("switchboard.home", "")).toAbsolutePath().normalize();
        if (Cli.isCommand(args)) {
            configureLogging(home);
            // A command's output is its own lines; the gateway's INFO lines (storage opened, ...) would drown them.
            java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
            java.util.logging.Logger.getLogger("dev.switchboard").setLevel(java.util.logging.Level.WARNING);
            Path caller = Path.of(System.getProperty("switchboard.caller.dir", System.getProperty("user.dir")));
            System.exit(new Cli(home, caller, System.getenv(), System.getProperties(), Clock.systemUTC(), List.of(),
                    System.out, System.err, version()).run(args));
            return;
        }
        Path config = home.resolve("conf/gateway.yaml");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--config", "-c" -> {
                    if (i + 1 >= args.length) {
                        usage("--config needs a file");
                        return;
                    }
                    config = Path.of(args[++i]).toAbsolutePath().normalize();
                }
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                case "--version" -> {
                    System.out.println("switchboard " + version());
                    return;
                }
                default -> {
                    usage("unknown argument '" + args[i] + "'");
                    return;
                }
            }
        }
        configureLogging(home);
        Gateway gateway;
        try {
            Gateway.Builder builder = Gateway.builder().home(home).configFile(config);
            LogSetup.apply(builder.loadConfig().logging()); // before the first line the gateway logs
            gateway = builder.start();
        } catch (ConfigException e) {
            System.err.println("switchboard: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        } catch (StorageException e) {
            // Storage problems (missing encryption key, database in use, unwritable data directory) are
            // explained by their message; a stack trace would only bury it.
            System.err.println("switchboard: cannot start: " + e.getMessage());
            System.exit(1);
            return;
        } catch (RuntimeException e) {
            System.err.println("switchboard: cannot start: " + e.getMessage());
            e.printStackTrace(System.err);
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close();
            // java.util.logging resets its handlers in its own shutdown hook, possibly before this line: say it
            // on stderr so operators always see a clean stop.
            System.err.println("switchboard: stopped");
            stopped.countDown();
        }, "switchboard-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void usage(String problem) {
        System.err.println("switchboard: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }

    /** Uses {@code conf/logging.properties} unless the JVM was given its own logging configuration. */
    private static void configureLogging(Path home) {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        Path props = home.resolve("conf/logging.properties");
        if (Files.isRegularFile(props)) {
            try (InputStream in = Files.newInputStream(props)) {
                LogManager.getLogManager().readConfiguration(in);
            } catch (IOException e) {
                System.err.println("switchboard: cannot read " + props + ": " + e.getMessage());
            }
        }
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "development" : v;
    }
}
