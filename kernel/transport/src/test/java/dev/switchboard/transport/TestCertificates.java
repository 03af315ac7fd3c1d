package dev.switchboard.transport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.cert.Certificate;
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
 * generated with the JDK's own keytool (no test fixtures with expiring certificates). The trust stores are
 * written with the KeyStore API from that certificate.
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

    private static TestCertificates shared;

    /** One certificate for localhost/127.0.0.1 per test JVM: keytool starts a JVM, which is slow. */
    static synchronized TestCertificates shared() throws IOException, InterruptedException, GeneralSecurityException {
        if (shared == null) {
            Path dir = Files.createTempDirectory("switchboard-transport-tls");
            shared = generate(dir);
            for (Path p : List.of(shared.serverKeyStore, shared.trustStoreP12, shared.trustStoreJks, dir)) {
                p.toFile().deleteOnExit();
            }
        }
        return shared;
    }

    static TestCertificates generate(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        return generate(dir, "dns:localhost,ip:127.0.0.1");
    }

    /** A certificate whose subject alternative names are {@code san} (keytool syntax). */
    static TestCertificates generate(Path dir, String san)
            throws IOException, InterruptedException, GeneralSecurityException {
        TestCertificates c = new TestCertificates(dir);
        keytool("-genkeypair", "-alias", "1", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=" + san,
                "-keystore", c.serverKeyStore.toString(), "-storetype", "PKCS12",
                "-storepass", SERVER_PASSWORD, "-keypass", SERVER_PASSWORD);
        // The trust stores need no key generation: build them in-process from the server's certificate.
        Certificate cert = KeyStore.getInstance(c.serverKeyStore.toFile(), SERVER_PASSWORD.toCharArray())
                .getCertificate("1");
        writeTrustStore(c.trustStoreP12, "PKCS12", cert);
        writeTrustStore(c.trustStoreJks, "JKS", cert);
        return c;
    }

    private static void writeTrustStore(Path path, String type, Certificate cert)
            throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(type);
        ks.load(null, null);
        ks.setCertificateEntry("upstream", cert);
        try (OutputStream out = Files.newOutputStream(path)) {
            ks.store(out, TRUST_PASSWORD.toCharArray());
        }
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
