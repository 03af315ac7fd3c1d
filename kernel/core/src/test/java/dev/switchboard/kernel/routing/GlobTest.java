package dev.switchboard.kernel.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Model-name globs: the shapes answered without a regex agree with the regex they stand for. */
class GlobTest {
    private static final List<String> GLOBS = List.of("*", "**", "claude-*", "Claude-*", "claude-*-latest", "gpt-?o",
            "gpt-4o", "GPT-4O", "", "?", "*-mini", "a.b*", "[x]*", "claude-*?", "\\*", "İ*", "ı");
    private static final List<String> NAMES = List.of("", "claude-sonnet-4", "CLAUDE-SONNET-4", "claude-", "claude",
            "gpt-4o", "GPT-4o", "gpt-4oo", "gpt-xo", "o4-mini", "a.bc", "axbc", "[x]y", "x", "\\anything", "i̇x",
            "İx", "ı", "I", "line\nbreak", "claude-\n");

    /** The definition: both sides lower-cased in the root locale, then the glob as a regex. */
    private static boolean reference(String glob, String name) {
        StringBuilder re = new StringBuilder();
        for (char c : glob.toLowerCase(Locale.ROOT).toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return Pattern.compile(re.toString(), Pattern.DOTALL).matcher(name.toLowerCase(Locale.ROOT)).matches();
    }

    @Test
    void everyShapeAgreesWithTheRegex() {
        int matched = 0;
        for (String g : GLOBS) {
            Glob glob = Glob.of(g);
            for (String n : NAMES) {
                boolean want = reference(g, n);
                assertEquals(want, glob.matches(n), () -> "glob '" + g + "' on '" + n + "'");
                matched += want ? 1 : 0;
            }
        }
        assertTrue(matched > 30, "the cases include matches: " + matched);
    }

    @Test
    void caseIsIgnoredAndNullNeverMatches() {
        assertTrue(Glob.of("Claude-*").matches("CLAUDE-opus"));
        assertTrue(Glob.of("GPT-4o").matches("gpt-4O"));
        assertFalse(Glob.of("gpt-4o").matches("gpt-4o-mini"));
        assertFalse(Glob.of("*").matches(null));
        assertFalse(Glob.of("claude-*").matches("my-claude-x"));
        assertTrue(Glob.of("gpt-4o").isLiteral());
        assertFalse(Glob.of("claude-*").isLiteral());
    }
}
