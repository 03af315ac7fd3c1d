package dev.switchboard.transport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Loads the trust store configured with {@code trust-store}. The type (PKCS12 or JKS) is detected from the
 * file's content, so the extension does not matter. Stateless.
 */
final class TrustStores {
    private TrustStores() {
    }

    /**
     * @throws IOException              when the file is missing, unreadable, of an unknown type or the password
     *                                  is wrong (messages name the path, never the password)
     * @throws GeneralSecurityException when the JDK cannot build trust managers from it
     */
    static KeyStore load(Path path, char[] password) throws IOException, GeneralSecurityException {
        if (!Files.isRegularFile(path)) {
            throw new IOException("trust store " + path + " does not exist or is not a file");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(path.toFile(), password);
        } catch (IOException e) {
            throw new IOException("trust store " + path + " cannot be read (wrong password or corrupt file)", e);
        } catch (java.security.KeyStoreException e) {
            throw new IOException("trust store " + path + " is neither PKCS12 nor JKS", e);
        }
        boolean hasCertificate = false;
        for (String alias : Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias) || store.getCertificate(alias) != null) {
                hasCertificate = true;
                break;
            }
        }
        if (!hasCertificate) {
            throw new IOException("trust store " + path + " contains no certificate");
        }
        return store;
    }

    /** An SSL context that trusts exactly the certificates in {@code path}. */
    static SSLContext sslContext(Path path, char[] password) throws IOException, GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(load(path, password));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
