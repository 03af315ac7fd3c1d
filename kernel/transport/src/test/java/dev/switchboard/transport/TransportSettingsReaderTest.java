package dev.switchboard.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.PluginConfig;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kernel-owned transport keys of a provider instance: defaults, every key, and error messages. */
class TransportSettingsReaderTest {
    private static final Map<String, String> ENV = Map.of("HTTPS_PROXY", "http://proxy.example:3128");

    private static PluginConfig config(JsonObject node) {
        return new PluginConfig("conf/gateway.yaml", "providers[2]", node);
    }

    private static TransportSettings read(JsonObjectBuilder node) throws ConfigException {
        return TransportSettingsReader.read(config(node.build()), ENV);
    }

    private static String error(JsonObjectBuilder node) {
        return assertThrows(ConfigException.class, () -> read(node)).getMessage();
    }

    @Test
    void defaults() throws Exception {
        TransportSettings s = read(Json.createObjectBuilder());
        assertEquals(Duration.ofSeconds(10), s.connectTimeout());
        assertEquals(Duration.ofSeconds(120), s.readTimeout());
        assertEquals(Duration.ofMinutes(10), s.totalTimeout());
        assertEquals(List.of(), s.proxies());
        assertTrue(s.useEnvironmentProxy());
        assertEquals(ENV, s.environment());
        assertNull(s.trustStore());
        assertNull(s.trustStorePassword());
        assertEquals(Duration.ofSeconds(30), s.proxyRetryAfter());
    }

    @Test
    void everyKey() throws Exception {
        TestCertificates certs = TestCertificates.shared();
        TransportSettings s = read(Json.createObjectBuilder()
                .add("connect-timeout", "250ms")
                .add("read-timeout", "PT45S")
                .add("request-timeout", "5m")
                .add("proxies", Json.createArrayBuilder()
                        .add(Json.createObjectBuilder().add("name", "corp-a").add("url", "http://u:p@proxy-a:3128"))
                        .add(Json.createObjectBuilder().add("url", "http://proxy-b")))
                .add("use-environment-proxy", "false")
                .add("trust-store", certs.trustStoreP12.toString())
                .add("trust-store-password", TestCertificates.TRUST_PASSWORD)
                .add("proxy-retry-after", "90")); // bare number: seconds
        assertEquals(Duration.ofMillis(250), s.connectTimeout());
        assertEquals(Duration.ofSeconds(45), s.readTimeout());
        assertEquals(Duration.ofMinutes(5), s.totalTimeout());
        assertEquals(List.of(new ProxySpec("corp-a", URI.create("http://u:p@proxy-a:3128")),
                new ProxySpec("proxies[1]", URI.create("http://proxy-b"))), s.proxies());
        assertEquals(80, s.proxies().get(1).port());
        assertEquals("u", s.proxies().get(0).username().orElseThrow());
        assertFalse(s.useEnvironmentProxy());
        assertEquals(certs.trustStoreP12, s.trustStore());
        assertArrayEquals(TestCertificates.TRUST_PASSWORD.toCharArray(), s.trustStorePassword());
        assertEquals(Duration.ofSeconds(90), s.proxyRetryAfter());
        assertFalse(s.toString().contains(TestCertificates.TRUST_PASSWORD), s.toString());
        assertFalse(s.toString().contains("u:p@"), s.toString());
    }

    @Test
    void requestTimeoutZeroOrNoneMeansNoDeadline() throws Exception {
        assertNull(read(Json.createObjectBuilder().add("request-timeout", "0")).totalTimeout());
        assertNull(read(Json.createObjectBuilder().add("request-timeout", "none")).totalTimeout());
        assertNull(read(Json.createObjectBuilder().add("request-timeout", 0)).totalTimeout());
    }

    @Test
    void keyNamesAreExposedForTheUnknownKeyCheck() {
        assertEquals(Set.of("connect-timeout", "read-timeout", "request-timeout", "proxies", "use-environment-proxy",
                "trust-store", "trust-store-password", "proxy-retry-after", "tcp-no-delay"), TransportSettingsReader.KEYS);
    }

    @Test
    void tcpNoDelayDefaultsToTrueAndCanBeTurnedOff() throws Exception {
        assertEquals(true, read(Json.createObjectBuilder()).tcpNoDelay());
        assertEquals(false, read(Json.createObjectBuilder().add("tcp-no-delay", false)).tcpNoDelay());
    }

    @Test
    void malformedDurationsNameTheirKey() {
        assertEquals("conf/gateway.yaml: providers[2].connect-timeout: must be a duration such as 30s, 5m or PT30S,"
                + " got 'soon'", error(Json.createObjectBuilder().add("connect-timeout", "soon")));
        assertTrue(error(Json.createObjectBuilder().add("read-timeout", "0s"))
                .contains("providers[2].read-timeout: must be positive"));
        assertTrue(error(Json.createObjectBuilder().add("request-timeout", "-5s"))
                .contains("providers[2].request-timeout: must not be negative"));
        assertTrue(error(Json.createObjectBuilder().add("proxy-retry-after", "later"))
                .contains("providers[2].proxy-retry-after: must be a duration"));
        assertTrue(error(Json.createObjectBuilder().add("use-environment-proxy", "maybe"))
                .contains("providers[2].use-environment-proxy: must be true or false"));
    }

    @Test
    void proxyEntryWithoutUrlNamesItsIndex() {
        String message = error(Json.createObjectBuilder().add("proxies", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("url", "http://ok:3128"))
                .add(Json.createObjectBuilder().add("name", "broken"))));
        assertTrue(message.startsWith("conf/gateway.yaml: providers[2].proxies[1].url: is required"), message);
    }

    @Test
    void proxyProblemsNeverEchoTheUrl() {
        String https = error(Json.createObjectBuilder().add("proxies", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("url", "https://user:hunter2@proxy:443"))));
        assertTrue(https.contains("providers[2].proxies[0].url: must be an absolute http:// URL"), https);
        assertFalse(https.contains("hunter2"), https);

        String path = error(Json.createObjectBuilder().add("proxies", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("url", "http://user:hunter2@proxy:3128/path"))));
        assertTrue(path.contains("providers[2].proxies[0].url:"), path);
        assertFalse(path.contains("hunter2"), path);

        String garbage = error(Json.createObjectBuilder().add("proxies", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("url", "http://user:hun ter2@proxy"))));
        assertTrue(garbage.contains("providers[2].proxies[0].url: is not a valid URL"), garbage);
        assertFalse(garbage.contains("hun ter2"), garbage);

        String unresolved = error(Json.createObjectBuilder().add("proxies", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("url", "http://u:literal-pw@${PROXY_HOST}:3128"))));
        assertEquals("conf/gateway.yaml: providers[2].proxies[0].url: environment variable ${PROXY_HOST} is not set",
                unresolved);
    }

    @Test
    void proxiesMustBeAListOfMappingsWithKnownKeys() {
        assertTrue(error(Json.createObjectBuilder().add("proxies", "http://proxy:3128"))
                .contains("providers[2].proxies: must be a list"));
        assertTrue(error(Json.createObjectBuilder().add("proxies", Json.createArrayBuilder().add("http://proxy:3128")))
                .contains("providers[2].proxies[0]: must be a mapping"));
        assertTrue(error(Json.createObjectBuilder().add("proxies", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("url", "http://p:1").add("usr", "x"))))
                .contains("providers[2].proxies[0].usr: unknown key"));
    }

    @Test
    void trustStoreProblemsNameTheirKey(@TempDir Path dir) throws Exception {
        String missing = error(Json.createObjectBuilder().add("trust-store", dir.resolve("nope.p12").toString()));
        assertTrue(missing.startsWith("conf/gateway.yaml: providers[2].trust-store: trust store "), missing);

        TestCertificates certs = TestCertificates.shared();
        String wrong = error(Json.createObjectBuilder().add("trust-store", certs.trustStoreP12.toString())
                .add("trust-store-password", "guessed-wrong"));
        assertTrue(wrong.contains("providers[2].trust-store: "), wrong);
        assertFalse(wrong.contains("guessed-wrong"), wrong);

        String unresolved = error(Json.createObjectBuilder().add("trust-store", certs.trustStoreP12.toString())
                .add("trust-store-password", "${TRUST_PASSWORD}"));
        assertEquals("conf/gateway.yaml: providers[2].trust-store-password: environment variable ${TRUST_PASSWORD}"
                + " is not set", unresolved);

        String orphan = error(Json.createObjectBuilder().add("trust-store-password", "x"));
        assertTrue(orphan.contains("providers[2].trust-store-password: is set but providers[2].trust-store is not"),
                orphan);
    }
}
