package dev.switchboard.spi.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** The parser limits live in Jsons and fail as JsonException, never as a bare runtime exception. */
class JsonsLimitsTest {
    private static String nested(int depth) {
        return "{\"a\":" + "[".repeat(depth - 1) + "]".repeat(depth - 1) + "}";
    }

    @Test
    void nestingDeeperThanTheLimitIsAJsonException() {
        assertEquals(1, Jsons.parseObject(nested(Jsons.MAX_DEPTH)).size());
        assertThrows(JsonException.class, () -> Jsons.parseObject(nested(Jsons.MAX_DEPTH + 1)));
        assertThrows(JsonException.class, () -> Jsons.parseObject(nested(100_000)));
        assertThrows(JsonException.class, () -> Jsons.parseValue("[".repeat(5000)));
        assertThrows(JsonException.class,
                () -> Jsons.readValue(Jsons.reader(new StringReader(nested(Jsons.MAX_DEPTH + 1)))));
    }

    @Test
    void numberLiteralsLongerThanTheLimitAreAJsonException() {
        String ok = "1".repeat(Jsons.MAX_NUMBER_LENGTH);
        assertEquals(ok, Jsons.parseObject("{\"n\":" + ok + "}").getJsonNumber("n").toString());
        assertThrows(JsonException.class, () -> Jsons.parseObject("{\"n\":" + ok + "1}"));
        assertThrows(JsonException.class, () -> Jsons.parseObject("{\"n\":0." + "5".repeat(5000) + "}"));
    }

    @Test
    void largeDocumentsWithinTheBodyLimitParse() {
        // Parsson's default caps a document at 15M characters, which refused valid large image requests.
        String big = "x".repeat(16_000_000);
        JsonObject o = Jsons.parseObject("{\"data\":\"" + big + "\"}");
        assertEquals(big.length(), o.getString("data").length());
    }

    @Test
    void finiteRefusesNumbersThatOverflowADouble() {
        assertNull(Jsons.finite(Jsons.parseObject("{\"t\":1e999}").getJsonNumber("t")));
        assertNull(Jsons.finite(Jsons.parseObject("{\"t\":-1E+400}").getJsonNumber("t")));
        assertEquals(0.5, Jsons.finite(Jsons.parseObject("{\"t\":0.5}").getJsonNumber("t")));
        assertNull(Jsons.finite(null));
    }
}
