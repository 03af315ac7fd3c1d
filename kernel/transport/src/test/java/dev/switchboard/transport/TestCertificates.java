package dev.switchboard.transport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed server certificate for {@code localhost}/{@code 127.0.0.1} and trust stores holding it,
 * generated with the JDK's own keytool (no test fixtures with expiring certificates).
 */
final class TestCertificates {
    static final String SERVER_PASSWORD = "server-pass";
    static final String TRUST_PASSWORD = "trust-pass";

    final Path serverKeyStore;
    final Path trustStoreP12;
    final Path trustStoreJks;

    private TestCertificates(Path dir) {
        this.serverKeyStore = dir.resolve("server.p12");
        this.trustStoreP12 = dir.resolve("trust.p12");
        // Deliberately not named .jks: the type must be detected from the content.
        this.trustStoreJks = dir.resolve("trust-store.bin");
    }

    static TestCertificates generate(Path dir) throws IOException, InterruptedException {
        TestCertificates c = new TestCertificates(dir);
        Path cert = dir.resolve("server.cer");
        keytool("-genkeypair", "-alias", "1", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-keystore", c.serverKeyStore.toString(), "-storetype", "PKCS12",
                "-storepass", SERVER_PASSWORD, "-keypass", SERVER_PASSWORD);
        keytool("-exportcert", "-alias", "1", "-keystore", c.serverKeyStore.toString(),
                "-storepass", SERVER_PASSWORD, "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "upstream", "-file", cert.toString(),
                "-keystore", c.trustStoreP12.toString(), "-storetype", "PKCS12", "-storepass", TRUST_PASSWORD);
        keytool("-importcert", "-noprompt", "-alias", "upstream", "-file", cert.toString(),
                "-keystore", c.trustStoreJks.toString(), "-storetype", "JKS", "-storepass", TRUST_PASSWORD);
        return c;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + args[0] + " failed: " + output);
        }
    }

    /** The server side: an SSL context presenting the self-signed certificate. */
    SSLContext serverContext() throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(serverKeyStore.toFile(), SERVER_PASSWORD.toCharArray());
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, SERVER_PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
