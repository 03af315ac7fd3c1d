package dev.switchboard.kernel.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jdbi.v3.core.Jdbi;

/**
 * Finds the key that encrypts account credentials at rest, or creates one on a first start; never a new key over
 * data encrypted with another.
 *
 * <p>Lookup order: the environment variable {@value #ENV_VAR} (base64 of 32 bytes), then the key file
 * ({@link StorageSettings#effectiveKeyFile()}, default {@code <data-dir>/encryption.key}, base64 text).
 * <ul>
 *   <li>No key and no encrypted credentials: a new key is written to the key file, created with mode 0600
 *       in one step ({@link SecretFiles}), and its path is logged — never the key.</li>
 *   <li>No key but encrypted credentials exist: startup is refused, naming where the key is looked for.
 *       A new key is never generated over existing data.</li>
 *   <li>A key that does not decrypt the canary (a known value encrypted when the key was first used):
 *       startup is refused as a wrong key.</li>
 *   <li>A shared (PostgreSQL) database: every gateway needs the same key. One without a key, or with another,
 *       refuses to start; of several starting at once on a new database, the first to store its canary wins.</li>
 * </ul>
 *
 * <h2>Key backup</h2>
 * The key file (or the value of {@value #ENV_VAR}) is the only way to read the stored account credentials.
 * Back it up separately from the database, to a place at least as protected as the upstream accounts
 * themselves: a backup of {@code data/} without the key restores usage and settings but no credentials, and
 * a lost key means adding every stored account again. Moving the key into the environment variable is safe:
 * the variable wins over the file, and the canary check proves it is the same key.
 *
 * <p>Stateless; {@link #load} runs once at startup, before the database is shared.
 */
public final class EncryptionKeys {

    private static final Logger LOG = Logger.getLogger(EncryptionKeys.class.getName());
    public static final String ENV_VAR = "SWITCHBOARD_ENCRYPTION_KEY";
    static final String CANARY_META_KEY = "encryption_canary";
    private static final String CANARY_AAD = "meta/" + CANARY_META_KEY;
    private static final byte[] CANARY_TEXT = "switchboard encryption canary".getBytes(StandardCharsets.UTF_8);

    private EncryptionKeys() {
    }

    /** Where a key came from, for messages (never the key itself). */
    private record Found(byte[] key, String source) {
    }

    /**
     * Returns the cipher for this database, creating a key file on a first start.
     *
     * @param env the process environment (injectable for tests)
     * @throws StorageException when the key is missing although encrypted data exists, is malformed, or is wrong
     */
    public static CredentialCipher load(Jdbi jdbi, StorageSettings settings, Map<String, String> env) {
        Path keyFile = settings.effectiveKeyFile().toAbsolutePath();
        boolean shared = settings.vendor().shared();
        Optional<Found> found = fromEnvironment(env).or(() -> fromFile(keyFile));
        long encrypted = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM accounts").mapTo(Long.class).one());
        Optional<String> canary = jdbi.withHandle(h -> MetaRepository.get(h, CANARY_META_KEY));
        if (found.isEmpty()) {
            if (encrypted > 0) {
                throw new StorageException(encrypted + " stored account(s) have encrypted credentials, but no encryption "
                        + "key was found: set " + ENV_VAR + " or restore the key file " + keyFile + " from your backup. "
                        + "Switchboard never generates a new key over existing encrypted data.");
            }
            if (canary.isPresent() && shared) {
                // Other gateways use this database with their key; a new one here would encrypt with another.
                throw new StorageException("this database is shared with other gateways, which encrypt credentials "
                        + "with a key this one does not have: give every instance the same key (" + ENV_VAR
                        + ", or the same file as storage.encryption-key-file; looked for " + keyFile + ")");
            }
            if (canary.isPresent()) {
                LOG.warning(() -> "storage: the database was used with an encryption key that is gone, but holds no "
                        + "encrypted credentials; starting with a new key");
            }
            CredentialCipher cipher = new CredentialCipher(generate(keyFile));
            if (shared) {
                claimCanary(jdbi, cipher, "the key generated in " + keyFile, keyFile);
            } else {
                writeCanary(jdbi, cipher);
            }
            LOG.info(() -> "storage: generated a new credential encryption key in " + keyFile
                    + " (mode 0600); back it up: without it stored credentials cannot be read");
            return cipher;
        }
        CredentialCipher cipher = new CredentialCipher(found.get().key());
        if (canary.isPresent()) {
            checkCanary(cipher, canary.get(), found.get().source());
        } else {
            if (encrypted > 0) {
                verifyAgainstOneAccount(jdbi, cipher, found.get().source());
            }
            claimCanary(jdbi, cipher, found.get().source(), null);
        }
        LOG.fine(() -> "storage: credential encryption key from " + found.get().source());
        return cipher;
    }

    private static void checkCanary(CredentialCipher cipher, String canary, String source) {
        try {
            cipher.decrypt(canary, CANARY_AAD, "the encryption canary");
        } catch (StorageException e) {
            throw new StorageException("the encryption key from " + source + " is not the key this "
                    + "database was encrypted with (the key check failed). Restore the right key from your backup"
                    + " (every gateway sharing a database needs the same key).", e);
        }
    }

    /**
     * Stores the canary of {@code cipher} unless one is there, then checks the stored one: of several gateways
     * starting at once on a new shared database, the first to write wins and one with another key refuses to start
     * (deleting {@code generatedFile}, the key it had just generated and never used, so its next start says the
     * same instead of trying that key).
     */
    private static void claimCanary(Jdbi jdbi, CredentialCipher cipher, String source, Path generatedFile) {
        String mine = cipher.encrypt(CANARY_TEXT, CANARY_AAD);
        boolean inserted = jdbi.withHandle(h -> MetaRepository.putIfAbsent(h, CANARY_META_KEY, mine));
        if (inserted) {
            return;
        }
        String stored = jdbi.withHandle(h -> MetaRepository.get(h, CANARY_META_KEY)).orElseThrow();
        try {
            checkCanary(cipher, stored, source);
        } catch (StorageException e) {
            if (generatedFile != null) {
                try {
                    Files.deleteIfExists(generatedFile);
                } catch (IOException io) {
                    LOG.warning(() -> "storage: cannot delete the unused key file " + generatedFile + ": " + io);
                }
                throw new StorageException("another gateway sharing this database set its encryption key first: "
                        + "give every instance the same key (" + ENV_VAR + " or storage.encryption-key-file)", e);
            }
            throw e;
        }
    }

    private static Optional<Found> fromEnvironment(Map<String, String> env) {
        String v = env.get(ENV_VAR);
        if (v == null || v.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Found(decode(v, "the environment variable " + ENV_VAR), "the environment variable " + ENV_VAR));
    }

    private static Optional<Found> fromFile(Path keyFile) {
        if (!Files.exists(keyFile)) {
            return Optional.empty();
        }
        String text;
        try {
            text = Files.readString(keyFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new StorageException("cannot read the encryption key file " + keyFile + ": " + e, e);
        }
        warnIfOthersCanRead(keyFile);
        return Optional.of(new Found(decode(text, "the key file " + keyFile), "the key file " + keyFile));
    }

    private static byte[] decode(String base64, String where) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            // The exception text could echo key characters; leave it out.
            throw new StorageException(where + " does not hold base64 text");
        }
        if (key.length != CredentialCipher.KEY_BYTES) {
            throw new StorageException(where + " must hold a base64-encoded " + CredentialCipher.KEY_BYTES
                    + "-byte key, found " + key.length + " bytes");
        }
        return key;
    }

    private static void warnIfOthersCanRead(Path keyFile) {
        if (Files.getFileAttributeView(keyFile, PosixFileAttributeView.class) != null) {
            try {
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(keyFile);
                if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                    LOG.warning(() -> "storage: the encryption key file " + keyFile + " is readable by other users; "
                            + "restrict it with chmod 600");
                }
            } catch (UnsupportedOperationException | IOException e) {
                LOG.log(Level.FINE, "storage: cannot read the permissions of " + keyFile, e);
            }
        }
    }

    /** Writes a new random key to {@code keyFile} (mode 0600, see {@link SecretFiles}) and returns it. */
    static byte[] generate(Path keyFile) {
        byte[] key = Secrets.randomBytes(CredentialCipher.KEY_BYTES);
        byte[] text = (Base64.getEncoder().encodeToString(key) + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            SecretFiles.createOwnerOnly(keyFile, text);
        } catch (IOException e) {
            throw new StorageException("cannot write the encryption key file " + keyFile + ": " + e, e);
        }
        return key;
    }

    private static void writeCanary(Jdbi jdbi, CredentialCipher cipher) {
        String value = cipher.encrypt(CANARY_TEXT, CANARY_AAD);
        jdbi.useHandle(h -> MetaRepository.put(h, CANARY_META_KEY, value));
    }

    /** A database from before the canary existed: prove the key on one stored row instead. */
    private static void verifyAgainstOneAccount(Jdbi jdbi, CredentialCipher cipher, String source) {
        jdbi.useHandle(h -> h.createQuery("SELECT provider, name, credentials_enc FROM accounts ORDER BY id LIMIT 1")
                .map((rs, ctx) -> {
                    String provider = rs.getString(1);
                    String name = rs.getString(2);
                    try {
                        cipher.decrypt(rs.getString(3), AccountRepository.aad(provider, name),
                                "the credentials of account " + provider + "/" + name);
                    } catch (StorageException e) {
                        throw new StorageException("the encryption key from " + source + " does not decrypt the stored "
                                + "credentials. Restore the right key from your backup.", e);
                    }
                    return provider;
                }).findOne());
    }
}
