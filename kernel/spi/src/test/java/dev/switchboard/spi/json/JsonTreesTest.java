package dev.switchboard.spi.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's tree reader against Parsson's: the same trees for valid JSON, a JsonException for everything else
 * (every prefix and many one-character edits of a corpus), and strings held once.
 */
class JsonTreesTest {
    private static String q(String s) {
        return s.replace('\'', '"');
    }

    private static final List<String> CORPUS = List.of(
            q("{'model':'claude-x','max_tokens':64,'stream':true,'messages':[{'role':'user','content':"
                    + "[{'type':'text','text':'hi \\u00e9\\ud83d\\ude00 \\n\\t\\\\ \\/'}]}],'metadata':{}}"),
            q("{'a':1,'b':2,'a':3,'c':{'a':[],'a':{}}}"),
            q("{'n':[0,-0,1.5,-2e10,1E+400,123456789012345678901234567890,2147483648,9223372036854775808,0.1e-5]}"),
            q("{'t':true,'f':false,'z':null,'e':'','s':' '}"),
            q("[1,'two',{'three':[3]},[[],[[]]],null]"),
            q("'just a string'"), "42", "-0.5", "true", "null", "[]", "{}",
            q("  \n\t{ 'spaced' : [ 1 , 2 ] }  \r\n"),
            q("{'x':1} trailing"), q("{'x':1}{'y':2}"), q("[1]]"),
            q("{'deep':" + "[".repeat(40) + "'x'" + "]".repeat(40) + "}"),
            q("{'k\\u0000':'v','':'empty key','\\u00fc':'\\u00fc'}"));

    private static String parsson(String text) {
        try {
            return Jsons.readValue(Jsons.reader(new StringReader(text))).toString();
        } catch (JsonException e) {
            return "refused";
        }
    }

    private static String ours(String text) {
        try {
            JsonValue v = Jsons.parseValue(text);
            return v.toString();
        } catch (JsonException e) {
            return "refused";
        } catch (RuntimeException e) {
            return "threw " + e; // never: everything about the input is a JsonException
        }
    }

    private static List<String> cases() {
        List<String> out = new ArrayList<>(CORPUS);
        String edits = "{}[]\",:0-.eE\\ atfnu";
        for (String doc : CORPUS) {
            for (int end = 0; end < doc.length(); end++) {
                out.add(doc.substring(0, end));
            }
            for (int i = 0; i < doc.length(); i += 3) {
                char c = edits.charAt(i % edits.length());
                out.add(doc.substring(0, i) + c + doc.substring(i + 1));
                out.add(doc.substring(0, i) + doc.substring(i + 1));
            }
        }
        return out;
    }

    @Test
    void theSameTreesAndTheSameRefusalsAsParsson() {
        int valid = 0;
        int refused = 0;
        for (String text : cases()) {
            String want = parsson(text);
            assertEquals(want, ours(text), () -> "input: " + text);
            if (want.equals("refused")) {
                refused++;
            } else {
                valid++;
                assertEquals(Jsons.readValue(Jsons.reader(new StringReader(text))), Jsons.parseValue(text),
                        () -> "equal trees for: " + text);
            }
        }
        assertTrue(valid > 100 && refused > 400, "both outcomes are exercised: " + valid + " / " + refused);
    }

    @Test
    void stringsAreHeldOnceAndSharedWithTheirReaders() {
        JsonObject o = Jsons.parseObject(q("{'text':'a long system prompt','list':['x']}"));
        assertInstanceOf(String.class, o.getJsonString("text").getChars());
        assertSame(o.getString("text"), o.getString("text"), "no copy per read");
        JsonArray list = o.getJsonArray("list");
        assertSame(list.getString(0), list.getJsonString(0).getString());
    }

    @Test
    void depthAndNumberLimitsStillApply() {
        assertEquals("refused", ours("{\"a\":" + "[".repeat(Jsons.MAX_DEPTH) + "]".repeat(Jsons.MAX_DEPTH) + "}"));
        assertEquals("refused", ours("[" + "1".repeat(Jsons.MAX_NUMBER_LENGTH + 1) + "]"));
        assertEquals(1, Jsons.parseValue("[" + "1".repeat(Jsons.MAX_NUMBER_LENGTH) + "]").asJsonArray().size());
    }
}
