package dev.switchboard.testkit;

import dev.switchboard.spi.SpiVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds a PF4J plugin zip in a test — {@code plugin.properties} at the root, the given classes under
 * {@code classes/} with a hand-written {@code META-INF/extensions.idx}, optional extra jars under
 * {@code lib/} — from classes compiled into the test's own class path. Mutable; one thread.
 */
public final class PluginZipBuilder {
    private final String pluginId;
    private String pluginClass;
    private String version = "1.0.0";
    private String requires = SpiVersion.PLUGIN_RANGE;
    private final List<String> classes = new ArrayList<>();
    private final List<String> extensions = new ArrayList<>();
    private final Map<String, byte[]> extraEntries = new LinkedHashMap<>();
    private String rawDescriptor;

    private PluginZipBuilder(String pluginId) {
        this.pluginId = pluginId;
    }

    public static PluginZipBuilder plugin(String pluginId) {
        return new PluginZipBuilder(pluginId);
    }

    /** The {@code org.pf4j.Plugin} subclass. */
    public PluginZipBuilder pluginClass(Class<?> c) {
        this.pluginClass = c.getName();
        return addClass(c);
    }

    public PluginZipBuilder version(String v) {
        this.version = v;
        return this;
    }

    /**
     * The SPI range the plugin declares ({@code plugin.requires}); by default the range of a plugin built against
     * this SPI, {@link SpiVersion#PLUGIN_RANGE}.
     */
    public PluginZipBuilder requires(String range) {
        this.requires = range;
        return this;
    }

    /** An {@code @Extension} class (listed in extensions.idx). */
    public PluginZipBuilder extension(Class<?> c) {
        extensions.add(c.getName());
        return addClass(c);
    }

    /** Any other class; its nested, local and anonymous classes ({@code Outer$*}) are included too. */
    public PluginZipBuilder addClass(Class<?> c) {
        classes.add(c.getName().replace('.', '/') + ".class");
        try {
            java.net.URL url = c.getResource(c.getSimpleName() + ".class");
            if (url != null && "file".equals(url.getProtocol())) {
                Path folder = Path.of(url.toURI()).getParent();
                String prefix = c.getSimpleName() + "$";
                String pkg = c.getPackageName().replace('.', '/');
                try (var files = Files.list(folder)) {
                    files.map(f -> f.getFileName().toString())
                            .filter(n -> n.startsWith(prefix) && n.endsWith(".class"))
                            .forEach(n -> classes.add(pkg + "/" + n));
                }
            }
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot list the nested classes of " + c.getName(), e);
        }
        return this;
    }

    /** An arbitrary extra entry, e.g. {@code lib/x.jar}. */
    public PluginZipBuilder entry(String path, byte[] content) {
        extraEntries.put(path, content);
        return this;
    }

    /**
     * Bundles the library that {@code anyClassOfIt} comes from under {@code lib/}, as a plugin zip carries its private
     * dependencies (the wire library, for one): its jar as it is, or a jar made of its classes directory when the
     * library comes from a reactor build that has not packaged it.
     */
    public PluginZipBuilder library(Class<?> anyClassOfIt) {
        try {
            Path location = Path.of(anyClassOfIt.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(location)) {
                return entry("lib/" + location.getFileName(), Files.readAllBytes(location));
            }
            java.io.ByteArrayOutputStream jar = new java.io.ByteArrayOutputStream();
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(jar);
                 var files = Files.walk(location)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    out.putNextEntry(new java.util.jar.JarEntry(location.relativize(f).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(f));
                    out.closeEntry();
                }
            }
            String name = location.getParent() == null ? "library" : location.getParent().getParent().getFileName().toString();
            return entry("lib/" + name + ".jar", jar.toByteArray());
        } catch (IOException | java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot bundle the library of " + anyClassOfIt.getName(), e);
        }
    }

    /** Replaces the generated descriptor with raw text (to test broken descriptors). */
    public PluginZipBuilder rawDescriptor(String text) {
        this.rawDescriptor = text;
        return this;
    }

    /** Writes {@code <dir>/<pluginId>-<version>.zip} and returns its path. */
    public Path writeTo(Path dir) {
        Path zip = dir.resolve(pluginId + "-" + version + ".zip");
        try (OutputStream fos = Files.newOutputStream(zip); ZipOutputStream out = new ZipOutputStream(fos)) {
            String descriptor = rawDescriptor != null ? rawDescriptor
                    : "plugin.id=" + pluginId + "\nplugin.class=" + pluginClass + "\nplugin.version=" + version
                    + "\nplugin.provider=test\nplugin.requires=" + requires + "\n";
            put(out, "plugin.properties", descriptor.getBytes(StandardCharsets.UTF_8));
            for (String res : new java.util.LinkedHashSet<>(classes)) {
                try (InputStream in = PluginZipBuilder.class.getClassLoader().getResourceAsStream(res)) {
                    if (in == null) {
                        throw new IllegalStateException("class file not found: " + res);
                    }
                    put(out, "classes/" + res, in.readAllBytes());
                }
            }
            put(out, "classes/META-INF/extensions.idx",
                    (String.join("\n", extensions) + "\n").getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<String, byte[]> e : extraEntries.entrySet()) {
                put(out, e.getKey(), e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return zip;
    }

    private static void put(ZipOutputStream out, String name, byte[] data) throws IOException {
        out.putNextEntry(new ZipEntry(name));
        out.write(data);
        out.closeEntry();
    }
}
