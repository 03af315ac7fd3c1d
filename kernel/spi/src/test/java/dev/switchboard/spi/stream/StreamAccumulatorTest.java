package dev.switchboard.spi.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The fold of streamed tool input follows the one tool-argument policy, so nothing the model wrote is lost. */
class StreamAccumulatorTest {

    private static JsonObject fold(String... fragments) throws Exception {
        StreamBuilder b = new StreamBuilder();
        b.start("m", "x", Usage.ZERO);
        b.toolStart("k", "toolu_1", "Bash");
        for (String f : fragments) {
            b.toolInput("k", f);
        }
        b.finish(StopReason.TOOL_USE, Usage.ZERO);
        StreamAccumulator acc = new StreamAccumulator();
        acc.acceptAll(b.drain());
        return ((ContentBlock.ToolUse) acc.toResponse().content().get(0)).input();
    }

    @Test
    void wellFormedInputFoldsToItsObject() throws Exception {
        assertEquals(Jsons.parseObject("{\"command\":\"ls\"}"), fold("{\"comm", "and\":\"ls\"}"));
    }

    @Test
    void aCallWithoutInputFoldsToAnEmptyObject() throws Exception {
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, fold());
    }

    @Test
    void truncatedInputIsRepairedNotEmptied() throws Exception {
        assertEquals(Jsons.parseObject("{\"command\":\"ls -la\"}"), fold("{\"command\":", "\"ls -la"));
    }

    @Test
    void unrepairableInputIsKeptAsRaw() throws Exception {
        Logger logger = Logger.getLogger(dev.switchboard.spi.json.ToolInput.class.getName());
        Level before = logger.getLevel();
        logger.setLevel(Level.OFF); // the warning is expected
        try {
            assertEquals(Jsons.parseObject("{\"_raw\":\"rm -rf build\"}"), fold("rm -rf ", "build"));
        } finally {
            logger.setLevel(before);
        }
    }
}
