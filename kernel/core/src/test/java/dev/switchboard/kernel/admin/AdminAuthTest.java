package dev.switchboard.kernel.admin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.kernel.config.AdminSettings;
import dev.switchboard.kernel.store.StorageSettings;
import dev.switchboard.kernel.store.Store;
import dev.switchboard.spi.ErrorKind;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin API can be bound to loopback callers only. */
class AdminAuthTest {
    @TempDir
    Path dir;

    private AdminAuth auth(Store store, boolean loopbackOnly) {
        return new AdminAuth(new AdminSettings(true, "admin", "pw-0123456789", Duration.ofHours(1), loopbackOnly, 5,
                Duration.ofMinutes(15)), store.admin(), Clock.systemUTC());
    }

    @Test
    void loopbackOnlyRefusesRemoteCallers() {
        try (Store store = Store.open(StorageSettings.of(dir).withJdbcUrl("jdbc:h2:mem:adminauth-" + System.nanoTime()),
                Clock.systemUTC(), Map.of())) {
            InetSocketAddress remote = new InetSocketAddress("198.51.100.7", 40000);
            InetSocketAddress local = new InetSocketAddress("127.0.0.1", 40000);
            assertEquals(ErrorKind.PERMISSION, assertThrows(dev.switchboard.spi.GatewayException.class,
                    () -> auth(store, true).checkOrigin(remote)).kind());
            assertDoesNotThrow(() -> auth(store, true).checkOrigin(local));
            assertDoesNotThrow(() -> auth(store, false).checkOrigin(remote), "the option can be switched off");
        }
    }
}
