package dev.switchboard.spi.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Jsons#write} is a faster writer of Parsson's text: the same text, for any tree and any character. */
class JsonTextTest {

    @Test
    void everyCharacterIsWrittenAsParssonWritesIt() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            all.append((char) c); // lone surrogates included
            if (all.length() == 512 || c == 0xFFFF) {
                String s = all.toString();
                assertEquals(Jsons.string(s).toString(), Jsons.quote(s), "characters up to U+" + Integer.toHexString(c));
                assertEquals(Jsons.objectBuilder().add(s, s).build().toString(),
                        Jsons.write(Jsons.objectBuilder().add(s, s).build()));
                all.setLength(0);
            }
        }
        assertEquals("x:\"a\\nb\"", Jsons.quote(new StringBuilder("x:"), "a\nb").toString(), "appended after what is there");
        assertEquals("x:[1,\"\\\"\"]", Jsons.write(new StringBuilder("x:"), Jsons.arrayBuilder().add(1).add("\"").build())
                .toString());
        assertEquals("\"\\u0000\\u001f\\b\\f\\n\\r\\t\\\"\\\\/\u007f\u2028😀\"", Jsons.quote("\u0000\u001f\b\f\n\r\t\"\\/\u007f\u2028😀"));
    }

    @Test
    void seededTreesAndParsedDocumentsComeOutAsParssonsText() {
        Random random = new Random(20261207);
        for (int run = 0; run < 3_000; run++) {
            JsonValue tree = tree(random, 0);
            assertEquals(tree.toString(), Jsons.write(tree));
        }
        for (String text : List.of("{\"a\":1e5,\"b\":-0,\"c\":0.10,\"d\":1E-7,\"e\":123456789012345678901234567890}",
                "[1.5e300,-2.5E-300,true,false,null,\"\",{},[]]", "{\"k\":{\"k\":{\"k\":[[[\"deep\"]]]}}}",
                "{\"dup\":1,\"dup\":2}", "\"just a string\"", "42", "null")) {
            JsonValue parsed = Jsons.parseValue(text);
            assertEquals(parsed.toString(), Jsons.write(parsed), text);
        }
    }

    private static JsonValue tree(Random random, int depth) {
        int kind = depth > 4 ? 3 + random.nextInt(6) : random.nextInt(9);
        return switch (kind) {
            case 0, 1 -> {
                JsonObjectBuilder b = Jsons.objectBuilder();
                for (int i = random.nextInt(5); i > 0; i--) {
                    b.add(string(random), tree(random, depth + 1));
                }
                yield b.build();
            }
            case 2 -> {
                JsonArrayBuilder b = Jsons.arrayBuilder();
                for (int i = random.nextInt(5); i > 0; i--) {
                    b.add(tree(random, depth + 1));
                }
                yield b.build();
            }
            case 3, 4 -> Jsons.string(string(random));
            case 5 -> switch (random.nextInt(5)) {
                case 0 -> Jsons.value(random.nextInt());
                case 1 -> Jsons.value(random.nextLong());
                case 2 -> Jsons.value(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
                case 3 -> Jsons.value(new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(40) - 20));
                default -> Jsons.value(new BigInteger(100, random));
            };
            case 6 -> JsonValue.TRUE;
            case 7 -> JsonValue.FALSE;
            default -> JsonValue.NULL;
        };
    }

    private static String string(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int pick = random.nextInt(6);
            s.append(pick == 0 ? (char) random.nextInt(0x20) : pick == 1 ? "\"\\/".charAt(random.nextInt(3))
                    : pick == 2 ? (char) random.nextInt(0x10000) : (char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }
}
