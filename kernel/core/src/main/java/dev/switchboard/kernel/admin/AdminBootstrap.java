package dev.switchboard.kernel.admin;

import dev.switchboard.kernel.config.AdminSettings;
import dev.switchboard.kernel.store.AdminRepository;
import dev.switchboard.kernel.store.SecretFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.logging.Logger;

/**
 * Makes sure the admin user exists. A password from the configuration is used as given (stored as
 * a slow salted hash); without one, the first start generates a random password into
 * {@code <data-dir>/admin-password} (mode 0600) and logs the file's path — never the password. Later starts
 * read that file again, so the generated password stays valid until the admin configures one.
 */
public final class AdminBootstrap {
    private static final Logger LOG = Logger.getLogger(AdminBootstrap.class.getName());
    static final String PASSWORD_FILE = "admin-password";

    private AdminBootstrap() {
    }

    public static void ensure(AdminSettings settings, AdminRepository admins, Path dataDir) {
        if (!settings.enabled()) {
            return;
        }
        admins.ensureUser(settings.username(), password(settings, dataDir));
    }

    /**
     * As {@link #ensure}, with the slow part — hashing (and, on later starts, verifying) the password, over a second
     * on two cores — on a virtual thread, so the listener is up without waiting for it. The password file is
     * read or written before this returns (a problem with it still stops startup). Admin requests wait for the
     * returned future ({@link #awaitReady}); nothing else does.
     */
    public static java.util.concurrent.CompletableFuture<Void> ensureInBackground(AdminSettings settings,
                                                                                 AdminRepository admins, Path dataDir) {
        if (!settings.enabled()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        String password = password(settings, dataDir);
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        Thread.ofVirtual().name("admin-bootstrap").start(() -> {
            try {
                admins.ensureUser(settings.username(), password);
                done.complete(null);
            } catch (RuntimeException e) {
                LOG.severe(() -> "the admin user could not be stored: " + e.getClass().getSimpleName());
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Waits for the admin user to be stored; false if that failed (admin requests then get 503). */
    public static boolean awaitReady(java.util.concurrent.CompletableFuture<Void> ready) {
        try {
            ready.join();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String password(AdminSettings settings, Path dataDir) {
        String password = settings.password();
        if (password == null) {
            Path file = dataDir.resolve(PASSWORD_FILE);
            try {
                if (Files.exists(file)) {
                    password = Files.readString(file, StandardCharsets.UTF_8).trim();
                } else {
                    password = generate();
                    SecretFiles.createOwnerOnly(file, (password + "\n").getBytes(StandardCharsets.UTF_8));
                    LOG.warning("no admin password is configured: a generated one was written to " + file
                            + " (user '" + settings.username() + "'); set admin.password to choose your own");
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read or write the admin password file " + file, e);
            }
        }
        return password;
    }

    /**
     * Replaces the generated password ({@code switchboard admin reset-password}): a new one in
     * {@code <data-dir>/admin-password} (mode 0600), stored as the admin user's hash, and every admin session
     * ended. Never prints the password.
     *
     * @return the file holding the new password
     * @throws IllegalStateException when {@code admin.password} is configured: the configuration owns it then
     */
    public static Path resetGenerated(AdminSettings settings, AdminRepository admins, Path dataDir) {
        if (settings.password() != null) {
            throw new IllegalStateException("admin.password is set in the configuration, which therefore sets the "
                    + "admin password; change it there");
        }
        Path file = dataDir.resolve(PASSWORD_FILE);
        String password = generate();
        try {
            SecretFiles.replaceOwnerOnly(file, (password + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the admin password file " + file, e);
        }
        admins.replacePassword(settings.username(), password);
        admins.deleteAllSessions();
        LOG.info(() -> "a new generated admin password was written to " + file + "; every admin session ended");
        return file;
    }

    /**
     * Stores the configured {@code admin.password} as the admin user's ({@code switchboard admin store-password}) and
     * ends every admin session: how the password of gateways sharing a database is changed, since each of them
     * refuses to start while its configured password differs from the stored one.
     *
     * @throws IllegalStateException when no {@code admin.password} is configured
     */
    public static void storeConfigured(AdminSettings settings, AdminRepository admins) {
        if (settings.password() == null) {
            throw new IllegalStateException("admin.password is not set in the configuration; set it (the same on "
                    + "every instance) or use 'admin reset-password' for a generated one");
        }
        admins.replacePassword(settings.username(), settings.password());
        admins.deleteAllSessions();
        LOG.info(() -> "the configured admin password was stored; every admin session ended");
    }

    private static String generate() {
        byte[] raw = new byte[24];
        new SecureRandom().nextBytes(raw);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }
}
