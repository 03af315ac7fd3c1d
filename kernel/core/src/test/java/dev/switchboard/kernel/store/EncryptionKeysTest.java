package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where the key comes from, when one is generated, and when startup is refused; on a shared database every gateway
 * needs the same key. Databases that outlive a store (H2 files, PostgreSQL schemas).
 */
@BothDatabases
class EncryptionKeysTest {

    @Parameter
    StoreBackend backend;
    @TempDir
    Path dir;
    final Clock clock = Clock.systemUTC();
    private StorageSettings settings;

    @BeforeEach
    void database() {
        settings = backend.durable(dir.resolve("data"));
    }

    private StorageSettings settings() {
        return settings;
    }

    private Path keyFile() {
        return dir.resolve("data").resolve(StorageSettings.KEY_FILE_NAME);
    }

    private static JsonObject creds(String secret) {
        return Json.createObjectBuilder().add("api-key", secret).build();
    }

    private void storeOneAccount(Map<String, String> env) {
        try (Store s = Store.open(settings(), clock, env)) {
            s.accounts().insert(AccountSpec.of("p", "a", creds("secret-1")), AccountSource.ADMIN);
        }
    }

    @Test
    void firstStartGeneratesAnOwnerOnlyKeyFileAndLogsOnlyItsPath() throws Exception {
        List<String> logs = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logs.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger logger = Logger.getLogger("dev.switchboard.kernel.store");
        logger.addHandler(capture);
        try {
            storeOneAccount(Map.of());
        } finally {
            logger.removeHandler(capture);
        }
        Path key = keyFile();
        assertTrue(Files.exists(key));
        String text = Files.readString(key).strip();
        assertEquals(32, Base64.getDecoder().decode(text).length);
        assumeTrue(Files.getFileAttributeView(key, PosixFileAttributeView.class) != null, "POSIX file system");
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(key));
        assertTrue(logs.stream().anyMatch(m -> m.contains(key.toAbsolutePath().toString())), logs.toString());
        assertFalse(logs.stream().anyMatch(m -> m.contains(text)), "the key itself was logged");
        try (var files = Files.list(key.getParent())) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "temporary key file left");
        }

        // The next start reads the same key.
        try (Store s = Store.open(settings(), clock, Map.of())) {
            assertEquals("secret-1", s.accounts().find("p", "a").orElseThrow().credentials().getString("api-key"));
        }
    }

    @Test
    void secretFilesAreNeverOverwritten() throws Exception {
        Path f = dir.resolve("sub").resolve("admin-password");
        SecretFiles.createOwnerOnly(f, "first".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThrows(java.nio.file.FileAlreadyExistsException.class,
                () -> SecretFiles.createOwnerOnly(f, "second".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("first", Files.readString(f));
        assumeTrue(Files.getFileAttributeView(f, PosixFileAttributeView.class) != null, "POSIX file system");
        assertEquals(EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(f));
    }

    @Test
    void missingKeyWithEncryptedRowsRefusesAndNeverGeneratesANewKey() throws Exception {
        storeOneAccount(Map.of());
        Files.delete(keyFile());

        StorageException e = assertThrows(StorageException.class, () -> Store.open(settings(), clock, Map.of()));

        assertTrue(e.getMessage().contains("no encryption key"), e.getMessage());
        assertTrue(e.getMessage().contains(EncryptionKeys.ENV_VAR), e.getMessage());
        assertTrue(e.getMessage().contains(keyFile().toAbsolutePath().toString()), e.getMessage());
        assertFalse(Files.exists(keyFile()), "a new key was generated over existing data");
    }

    @Test
    void wrongKeyIsRefused() {
        storeOneAccount(Map.of(EncryptionKeys.ENV_VAR, TestStores.newKey()));
        assertFalse(Files.exists(keyFile()), "with the key in the environment no file is written");

        StorageException e = assertThrows(StorageException.class,
                () -> Store.open(settings(), clock, Map.of(EncryptionKeys.ENV_VAR, TestStores.newKey())));
        assertTrue(e.getMessage().contains("not the key"), e.getMessage());
        assertTrue(e.getMessage().contains(EncryptionKeys.ENV_VAR), e.getMessage());
    }

    @Test
    void environmentWinsOverTheKeyFile() throws Exception {
        storeOneAccount(Map.of());
        String fileKey = Files.readString(keyFile()).strip();
        // The same key moved into the environment works; a wrong one in the environment is not rescued by the file.
        try (Store s = Store.open(settings(), clock, Map.of(EncryptionKeys.ENV_VAR, fileKey))) {
            assertEquals(1, s.accounts().listAll().size());
        }
        assertThrows(StorageException.class,
                () -> Store.open(settings(), clock, Map.of(EncryptionKeys.ENV_VAR, TestStores.newKey())));
    }

    @Test
    void malformedKeyIsRefusedWithoutEchoingIt() throws Exception {
        Files.createDirectories(keyFile().getParent());
        Files.writeString(keyFile(), "not!base64?secretish");
        StorageException e = assertThrows(StorageException.class, () -> Store.open(settings(), clock, Map.of()));
        assertTrue(e.getMessage().contains(keyFile().toAbsolutePath().toString()), e.getMessage());
        assertFalse(e.getMessage().contains("secretish"));

        Files.writeString(keyFile(), Base64.getEncoder().encodeToString(new byte[16]));
        StorageException shortKey = assertThrows(StorageException.class, () -> Store.open(settings(), clock, Map.of()));
        assertTrue(shortKey.getMessage().contains("32-byte"), shortKey.getMessage());
    }

    @Test
    void lostKeyWithoutEncryptedDataStartsWithANewKeyUnlessOtherGatewaysShareTheDatabase() throws Exception {
        try (Store s = Store.open(settings(), clock, Map.of())) {
            assertTrue(s.meta().get(EncryptionKeys.CANARY_META_KEY).isPresent());
        }
        String first = Files.readString(keyFile());
        Files.delete(keyFile());
        if (backend.shared()) {
            StorageException e = assertThrows(StorageException.class, () -> Store.open(settings(), clock, Map.of()));
            assertTrue(e.getMessage().contains("same key"), e.getMessage());
            assertFalse(Files.exists(keyFile()), "no key of its own is generated over the shared one");
            return;
        }
        try (Store s = Store.open(settings(), clock, Map.of())) {
            s.accounts().insert(AccountSpec.of("p", "a", creds("x")), AccountSource.ADMIN);
        }
        assertFalse(first.equals(Files.readString(keyFile())));
        try (Store s = Store.open(settings(), clock, Map.of())) {
            assertEquals(1, s.accounts().listAll().size());
        }
    }

    @Test
    void databaseWithoutCanaryIsCheckedAgainstAStoredRow() {
        String key = TestStores.newKey();
        try (Store s = Store.open(settings(), clock, Map.of(EncryptionKeys.ENV_VAR, key))) {
            s.accounts().insert(AccountSpec.of("p", "a", creds("x")), AccountSource.ADMIN);
            s.database().jdbi().useHandle(h -> h.execute("DELETE FROM meta"));
        }
        StorageException e = assertThrows(StorageException.class,
                () -> Store.open(settings(), clock, Map.of(EncryptionKeys.ENV_VAR, TestStores.newKey())));
        assertTrue(e.getMessage().contains("does not decrypt"), e.getMessage());
        try (Store s = Store.open(settings(), clock, Map.of(EncryptionKeys.ENV_VAR, key))) {
            assertTrue(s.meta().get(EncryptionKeys.CANARY_META_KEY).isPresent(), "canary written once the key is proven");
        }
    }

    @Test
    void ofGatewaysStartingAtOnceOnANewSharedDatabaseWithDifferentKeysExactlyOneStarts() throws Exception {
        assumeTrue(backend.shared(), "only a server database is shared");
        List<Callable<Store>> starts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Map<String, String> env = Map.of(EncryptionKeys.ENV_VAR, TestStores.newKey());
            starts.add(() -> Store.open(settings(), clock, env));
        }
        List<String> refusals = startAll(starts);
        assertEquals(2, refusals.size(), refusals.toString());
        refusals.forEach(m -> assertTrue(m.contains("same key") || m.contains("not the key"), m));
    }

    @Test
    void ofGatewaysGeneratingTheirOwnKeysOnANewSharedDatabaseOneStartsAndTheOthersDropTheirKey() throws Exception {
        assumeTrue(backend.shared(), "only a server database is shared");
        List<Callable<Store>> starts = new ArrayList<>();
        List<Path> keyFiles = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Path own = dir.resolve("instance" + i).resolve(StorageSettings.KEY_FILE_NAME);
            keyFiles.add(own);
            starts.add(() -> Store.open(settings().withKeyFile(own), clock, Map.of()));
        }
        List<String> refusals = startAll(starts);
        assertEquals(2, refusals.size(), refusals.toString());
        refusals.forEach(m -> assertTrue(m.contains("same key"), m));
        assertEquals(1, keyFiles.stream().filter(Files::exists).count(),
                "only the winner's key remains; a loser's next start does not try its own unused key");
    }

    /** Starts all at once; returns the messages of those refused (the started ones are closed). */
    private static List<String> startAll(List<Callable<Store>> starts) throws InterruptedException {
        List<String> refusals = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(starts.size())) {
            for (Future<Store> f : pool.invokeAll(starts)) {
                try {
                    f.get().close();
                } catch (ExecutionException e) {
                    assertTrue(e.getCause() instanceof StorageException, String.valueOf(e.getCause()));
                    refusals.add(e.getCause().getMessage());
                }
            }
        }
        return refusals;
    }
}
