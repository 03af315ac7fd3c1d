package dev.switchboard.kernel.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's files: those under {@code console/} on the class path, plus the few library files it uses from
 * their WebJars under {@code vendor/} (Preact with htm, uPlot). Only names made of plain segments with a known
 * extension are looked up, so no request can reach another class path resource. Files are read once and kept in
 * memory with an ETag. Thread-safe.
 */
final class ConsoleAssets {
    private static final Pattern SAFE = Pattern.compile("([a-z0-9][a-z0-9_-]*/)*[a-z0-9][a-z0-9_.-]*\\.(html|js|css|svg|png)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml",
            "png", "image/png");

    /** One file, ready to send. */
    record Asset(byte[] body, String contentType, String etag) {
    }

    private final ClassLoader loader;
    private final Map<String, String> vendor;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    ConsoleAssets(ClassLoader loader) {
        this.loader = loader;
        String htm = webJarVersion("org.mvnpm", "htm");
        String uplot = webJarVersion("org.webjars.npm", "uplot");
        this.vendor = Map.of(
                "vendor/preact-htm.js", "META-INF/resources/_static/htm/" + htm + "/preact/standalone.module.js",
                "vendor/uplot.js", "META-INF/resources/webjars/uplot/" + uplot + "/dist/uPlot.esm.js",
                "vendor/uplot.css", "META-INF/resources/webjars/uplot/" + uplot + "/dist/uPlot.min.css");
    }

    /** The file at {@code path} (relative to {@code /console/}), or empty. */
    Optional<Asset> find(String path) {
        if (!SAFE.matcher(path).matches()) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(path, this::load);
    }

    private Optional<Asset> load(String path) {
        String resource = vendor.getOrDefault(path, "console/" + path);
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            String ext = path.substring(path.lastIndexOf('.') + 1);
            return Optional.of(new Asset(body, TYPES.get(ext), etag(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("reading console file " + path + " failed", e);
        }
    }

    /** The version of a WebJar on the class path, from the Maven metadata it carries. */
    private String webJarVersion(String group, String artifact) {
        String meta = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = loader.getResourceAsStream(meta)) {
            if (in == null) {
                throw new IllegalStateException("the console needs " + group + ":" + artifact + " on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + meta + " failed", e);
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }
}
