package dev.switchboard.kernel.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher sits below the HTTP layer: {@code http} (endpoints, filters) calls into {@code dispatch}, never the
 * other way round, so the attempt loop can be read and tested without the server's classes. Reads the compiled
 * classes of this package and fails on any reference to {@code dev.switchboard.kernel.http}.
 */
class DispatchLayeringTest {
    @Test
    void noDispatchClassReferencesTheHttpPackage() throws Exception {
        Path classes = Path.of(Dispatcher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve("dev/switchboard/kernel/dispatch");
        byte[] http = "dev/switchboard/kernel/http/".getBytes(StandardCharsets.UTF_8);
        List<String> offending;
        try (Stream<Path> files = Files.list(classes)) {
            offending = files.filter(f -> f.toString().endsWith(".class"))
                    .filter(f -> contains(read(f), http))
                    .map(f -> f.getFileName().toString())
                    .sorted()
                    .toList();
        }
        assertEquals(List.of(), offending, "dispatch classes that depend on the http package");
    }

    private static byte[] read(Path f) {
        try {
            return Files.readAllBytes(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

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
