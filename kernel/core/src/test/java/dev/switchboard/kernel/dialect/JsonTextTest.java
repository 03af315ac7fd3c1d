package dev.switchboard.kernel.dialect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.spi.json.Jsons;
import org.junit.jupiter.api.Test;

class JsonTextTest {
    @Test
    void everyCharacterIsQuotedExactlyAsParssonQuotesIt() {
        for (int c = 0; c <= Character.MAX_VALUE; c++) {
            String s = "a" + (char) c + "b";
            assertEquals(Jsons.quote(s), JsonText.quote(new StringBuilder(), s).toString(),
                    "U+" + Integer.toHexString(c));
        }
    }

    @Test
    void mixedTextWithEscapesAndNonAscii() {
        String s = "say \"hi\"\n\tto C:\\path ✓ 😀 \u0001\u001f\b\f\r end";
        assertEquals(Jsons.quote(s), JsonText.quote(new StringBuilder("x:"), s).substring(2));
        assertEquals("\"\"", JsonText.quote(new StringBuilder(), "").toString());
    }
}
