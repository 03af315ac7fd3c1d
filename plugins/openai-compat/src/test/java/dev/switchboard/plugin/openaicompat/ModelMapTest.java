package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code model-map}: exact names before globs, the most specific glob first, file order among equals. */
class ModelMapTest {

    private static ModelMap of(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return new ModelMap(m);
    }

    @Test
    void exactBeatsGlobAndSpecificBeatsGeneral() {
        ModelMap map = of("claude-*", "deepseek-chat", "claude-haiku-*", "deepseek-lite",
                "claude-opus-5-5", "deepseek-reasoner", "gpt-4.?", "gpt-4o-mini");
        assertEquals(Optional.of("deepseek-reasoner"), map.map("claude-opus-5-5"));
        assertEquals(Optional.of("deepseek-lite"), map.map("claude-haiku-4-5"));
        assertEquals(Optional.of("deepseek-chat"), map.map("claude-sonnet-4-5"));
        assertEquals(Optional.of("gpt-4o-mini"), map.map("gpt-4.1"), "? is one character, the dot is literal");
        assertTrue(map.map("gpt-4x1").isEmpty());
        assertTrue(map.map("gpt-4.12").isEmpty());
        assertEquals(List.of("claude-opus-5-5"), map.literalNames());
    }

    @Test
    void equallySpecificGlobsKeepFileOrder() {
        ModelMap map = of("a*", "first", "*a", "second");
        assertEquals(Optional.of("first"), map.map("aa"));
    }

    @Test
    void regexCharactersInNamesAreLiteral() {
        ModelMap map = of("qwen2.5-coder:*", "qwen2.5-coder:32b");
        assertEquals(Optional.of("qwen2.5-coder:32b"), map.map("qwen2.5-coder:7b"));
        assertTrue(map.map("qwen2x5-coder:7b").isEmpty());
    }
}
