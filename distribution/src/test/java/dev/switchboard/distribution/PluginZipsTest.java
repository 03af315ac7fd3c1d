package dev.switchboard.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.SpiVersion;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The plugin zips the distribution ships, as built by {@code plugins/pom.xml}: each declares the SPI range of the
 * SPI it was built against, bundles the wire library in its {@code lib/} when its classes use it, and carries
 * nothing the kernel supplies (the SPI, jakarta.json, Parsson, PF4J, SLF4J) — a copy of those would be ignored at
 * best and shadow the shared one at worst.
 */
class PluginZipsTest {
    private static final String VERSION = UnpackedDistribution.VERSION;
    private static final String WIRE_JAR = "lib/switchboard-wire-" + VERSION + ".jar";

    /** One plugin zip: its entry names and the bytes of its descriptor and class files. */
    private record PluginZip(Set<String> names, Properties descriptor, boolean classesUseTheWireLibrary) {
        Set<String> lib() {
            Set<String> lib = new TreeSet<>();
            for (String n : names) {
                if (n.startsWith("lib/") && !n.equals("lib/")) {
                    lib.add(n);
                }
            }
            return lib;
        }
    }

    @Test
    void everyPluginDeclaresTheRangeOfTheSpiItWasBuiltAgainst() throws IOException {
        Map<String, PluginZip> zips = pluginZips();
        assertTrue(zips.keySet().containsAll(List.of("anthropic", "factory", "kiro", "openai-compat")), zips.keySet().toString());
        zips.forEach((name, zip) -> assertEquals(SpiVersion.PLUGIN_RANGE, zip.descriptor().getProperty("plugin.requires"),
                name + ": plugin.requires"));
    }

    @Test
    void pluginsBundleTheWireLibraryAndNothingTheKernelSupplies() throws IOException {
        Map<String, PluginZip> zips = pluginZips();
        assertEquals(Set.of(WIRE_JAR), zips.get("factory").lib(), "factory's lib/");
        assertEquals(Set.of(WIRE_JAR), zips.get("openai-compat").lib(), "openai-compat's lib/");
        assertEquals(Set.of(WIRE_JAR), zips.get("anthropic").lib(), "anthropic's lib/");
        zips.forEach((name, zip) -> {
            for (String entry : zip.lib()) {
                assertEquals(WIRE_JAR, entry, name + " bundles only the wire library in lib/");
            }
            if (zip.classesUseTheWireLibrary()) {
                assertTrue(zip.lib().contains(WIRE_JAR), name + " uses the wire library, so its zip must carry it");
            }
            assertFalse(zip.names().stream().anyMatch(n -> n.startsWith("classes/dev/switchboard/spi/")
                    || n.startsWith("classes/dev/switchboard/kernel/") || n.startsWith("classes/dev/switchboard/wire/")),
                    name + " must not copy the SPI, the kernel or the wire library into classes/");
        });
    }

    /** The shipped plugin zips by plugin id (read from their descriptors). */
    private static Map<String, PluginZip> pluginZips() throws IOException {
        Map<String, PluginZip> zips = new LinkedHashMap<>();
        String prefix = UnpackedDistribution.ROOT + "plugins/";
        try (ZipFile dist = new ZipFile(UnpackedDistribution.ZIP.toFile())) {
            Enumeration<? extends ZipEntry> e = dist.entries();
            while (e.hasMoreElements()) {
                ZipEntry entry = e.nextElement();
                if (entry.getName().startsWith(prefix) && entry.getName().endsWith(".zip")) {
                    try (InputStream in = dist.getInputStream(entry)) {
                        PluginZip zip = read(in.readAllBytes());
                        zips.put(zip.descriptor().getProperty("plugin.id"), zip);
                    }
                }
            }
        }
        return zips;
    }

    private static PluginZip read(byte[] zipBytes) throws IOException {
        Set<String> names = new TreeSet<>();
        Properties descriptor = new Properties();
        boolean usesWire = false;
        byte[] wirePackage = "dev/switchboard/wire/".getBytes(StandardCharsets.UTF_8);
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zipBytes))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                names.add(e.getName());
                if (e.getName().equals("plugin.properties")) {
                    descriptor.load(new ByteArrayInputStream(in.readAllBytes()));
                } else if (e.getName().startsWith("classes/") && e.getName().endsWith(".class")) {
                    usesWire |= contains(in.readAllBytes(), wirePackage);
                }
            }
        }
        return new PluginZip(names, descriptor, usesWire);
    }

    /** Whether a class file's constant pool names a class of the wire library. */
    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
