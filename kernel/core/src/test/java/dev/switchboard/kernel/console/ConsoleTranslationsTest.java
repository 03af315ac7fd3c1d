package dev.switchboard.kernel.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every text the console shows goes through its translation tables: a key used in a script must exist in English
 * and in Chinese, and both tables hold the same keys (so dynamic keys such as {@code state.<state>} exist in both).
 */
class ConsoleTranslationsTest {
    static final Path JS = Path.of("src/main/resources/console/js");
    private static final Pattern ENTRY = Pattern.compile("^\\s*'([^']+)':\\s*'(.*)',\\s*$");

    static List<Path> scripts() throws IOException {
        try (Stream<Path> s = Files.walk(JS)) {
            return s.filter(p -> p.toString().endsWith(".js")).sorted().toList();
        }
    }

    static Set<String> keys(String file) throws IOException {
        Set<String> keys = new TreeSet<>();
        for (String line : Files.readAllLines(JS.resolve(file))) {
            Matcher m = ENTRY.matcher(line);
            if (m.matches()) {
                assertFalse(m.group(2).isBlank(), file + ": empty text for " + m.group(1));
                assertTrue(keys.add(m.group(1)), file + ": duplicate key " + m.group(1));
            }
        }
        return keys;
    }

    @Test
    void bothLanguagesHaveTheSameKeys() throws IOException {
        Set<String> en = keys("strings-en.js");
        Set<String> zh = keys("strings-zh.js");
        assertTrue(en.size() > 200, "the tables were read: " + en.size());
        Set<String> onlyEn = new TreeSet<>(en);
        onlyEn.removeAll(zh);
        Set<String> onlyZh = new TreeSet<>(zh);
        onlyZh.removeAll(en);
        assertEquals(Set.of(), onlyEn, "missing in Chinese");
        assertEquals(Set.of(), onlyZh, "missing in English");
    }

    @Test
    void everyKeyAScriptUsesIsTranslated() throws IOException {
        Set<String> en = keys("strings-en.js");
        Pattern literal = Pattern.compile("\\bt\\('([^']+)'\\s*([,)+])");
        Pattern prefixed = Pattern.compile("\\btOr\\('([^']+)'");
        int used = 0;
        for (Path p : scripts()) {
            String src = Files.readString(p);
            Matcher m = literal.matcher(src);
            while (m.find()) {
                used++;
                if (m.group(2).equals("+")) {
                    String prefix = m.group(1);
                    assertTrue(en.stream().anyMatch(k -> k.startsWith(prefix)), p + ": no key starts with " + prefix);
                } else {
                    assertTrue(en.contains(m.group(1)), p + ": no translation for '" + m.group(1) + "'");
                }
            }
            Matcher o = prefixed.matcher(src);
            while (o.find()) {
                String prefix = o.group(1);
                assertTrue(en.stream().anyMatch(k -> k.startsWith(prefix)), p + ": no key starts with " + prefix);
            }
        }
        assertTrue(used > 200, "keys were found in the scripts: " + used);
    }

    @Test
    void theTemplatesHoldNoInlineStyleOrScript() throws IOException {
        for (Path p : scripts()) {
            String src = Files.readString(p);
            assertFalse(src.contains(" style="), p + ": inline style attributes are refused by the CSP");
            assertFalse(src.contains("<script"), p.toString());
            assertFalse(src.contains("innerHTML") || src.contains("dangerouslySetInnerHTML"), p + ": no raw HTML");
            assertFalse(src.contains("localStorage.setItem('switchboard.session")
                    || src.matches("(?s).*localStorage\\.setItem\\([^)]*(token|csrf).*"), p + ": no session in storage");
        }
    }
}
