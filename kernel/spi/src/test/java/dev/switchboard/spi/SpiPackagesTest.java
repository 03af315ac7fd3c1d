package dev.switchboard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SPI jar holds only the packages its documentation calls API (the package documentation of
 * {@code dev.switchboard.spi} and {@code docs/plugin-guide.md}): nothing of the wire library, the client dialects or
 * the kernel may creep back in, because everything in here is a contract a plugin may compile against.
 */
class SpiPackagesTest {
    static final Set<String> API = Set.of("dev.switchboard.spi", "dev.switchboard.spi.model",
            "dev.switchboard.spi.stream", "dev.switchboard.spi.json");

    @Test
    void theSpiJarHoldsOnlyTheDocumentedApiPackages() throws Exception {
        Path classes = Path.of(SpiVersion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> packages = new TreeSet<>();
        Set<String> resources = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = classes.relativize(f).toString().replace('\\', '/');
                if (rel.endsWith(".class")) {
                    packages.add(rel.substring(0, rel.lastIndexOf('/')).replace('/', '.'));
                } else if (!rel.startsWith("META-INF/maven/") && !rel.equals("META-INF/MANIFEST.MF")) {
                    resources.add(rel);
                }
            }
        }
        assertEquals(new TreeSet<>(API), packages, "packages in " + classes);
        // PF4J's annotation processor writes an index file into every module it compiles; the SPI's declares nothing.
        resources.remove("META-INF/extensions.idx");
        assertEquals(Set.of("META-INF/switchboard-spi.properties"), resources, "resources in " + classes);
        Path index = classes.resolve("META-INF/extensions.idx");
        if (Files.exists(index)) {
            assertEquals(List.of(), Files.readAllLines(index).stream().filter(l -> !l.isBlank() && !l.startsWith("#"))
                    .toList(), "the SPI contributes no extension");
        }
    }
}
