package dev.switchboard.wire.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.Mutations;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The streaming chunk reader against the tree-based extraction it replaced: a differential test over a corpus of
 * tricky chunks (and mutations and prefixes of them), plus the edge cases pinned one by one.
 */
public class OpenAiChunkTest {
    private static final String FIELD = "reasoning_content";
    /** Reasoning fields a profile may name, including ones that collide with other delta keys. */
    private static final String[] FIELDS = {"reasoning_content", "reasoning", "thinking", "content", "refusal",
            "tool_calls", "function_call", "index"};

    /** Single quotes → double quotes, so the corpus stays readable. */
    private static String q(String s) {
        return s.replace('\'', '"');
    }

    private static String nested(int depth) {
        return "{'x':".replace('\'', '"') + "[".repeat(depth - 1) + "]".repeat(depth - 1)
                + ",\"choices\":[{\"delta\":{\"content\":\"deep\"}}]}";
    }

    static final List<String> CORPUS = List.of(
            q("{'id':'chatcmpl-1','object':'chat.completion.chunk','created':1774400000,'model':'m',"
                    + "'system_fingerprint':null,'choices':[{'index':0,'delta':{'content':'Hel'},'logprobs':null,"
                    + "'finish_reason':null}]}"),
            q("{'choices':[{'index':0,'delta':{'role':'assistant','content':''},'finish_reason':null}]}"),
            q("{'choices':[{'index':0,'delta':{},'finish_reason':'stop'}],'usage':{'prompt_tokens':10,"
                    + "'completion_tokens':5,'prompt_tokens_details':{'cached_tokens':2}}}"),
            q("{'choices':[],'usage':{'prompt_tokens':10,'completion_tokens':5,'total_tokens':15}}"),
            q("{'choices':null,'usage':{'prompt_tokens':1}}"),
            q("{'choices':{'index':0,'delta':{'content':'not an array'}}}"),
            q("{'choices':[1,'x',null,true,[{'index':0,'delta':{'content':'in array'}}],"
                    + "{'index':0,'delta':{'content':'a'}}]}"),
            q("{'choices':[{'index':1,'delta':{'content':'one'}},{'delta':{'content':'no index'}}]}"),
            q("{'choices':[{'index':null,'delta':{'content':'null index'}}]}"),
            q("{'choices':[{'index':'0','delta':{'content':'string index'}}]}"),
            q("{'choices':[{'index':0.5,'delta':{'content':'half'}}]}"),
            q("{'choices':[{'index':1.5,'delta':{'content':'one and a half'}},{'index':0,'delta':{'content':'b'}}]}"),
            q("{'choices':[{'index':18446744073709551616,'delta':{'content':'2^64'}}]}"),
            q("{'choices':[{'index':4294967296,'delta':{'content':'2^32'}},{'index':-0,'delta':{'content':'-0'}}]}"),
            q("{'choices':[{'index':1e1000,'delta':{'content':'1e1000'}}]}"),
            q("{'choices':[{'index':0e5,'delta':{'content':'0e5'}},{'index':0,'delta':{'content':'later'}}]}"),
            q("{'choices':[{'index':-1,'delta':{'content':'minus one'}},{'index':2147483648}]}"),
            q("{'choices':[{'index':0,'delta':{'content':'first'}}],'choices':null}"),
            q("{'choices':[],'choices':[{'index':0,'delta':{'content':'second'}}]}"),
            q("{'choices':[{'index':0,'delta':{'content':'a'}}],'choices':[{'index':0,'delta':{'content':'b'}}]}"),
            q("{'choices':[{'index':0,'delta':{'content':'dup index'},'index':2},{'delta':{'content':'next'}}]}"),
            q("{'choices':[{'index':3,'delta':{'content':'dup index'},'index':0}]}"),
            q("{'choices':[{'delta':{'content':'a'},'delta':{'content':'b'}}]}"),
            q("{'choices':[{'delta':{'content':'a'},'message':{'content':'m'},'delta':null}]}"),
            q("{'choices':[{'message':{'content':'whole message','reasoning_content':'r'},'finish_reason':'stop'}]}"),
            q("{'choices':[{'delta':'text','finish_reason':'length'}]}"),
            q("{'choices':[{'delta':{'content':'d'},'message':{'content':'m'}}]}"),
            q("{'choices':[{'message':{'content':'m1'},'message':[],'delta':[]}]}"),
            q("{'choices':[{'delta':{'content':5}}]}"),
            q("{'choices':[{'delta':{'content':null,'refusal':true}}]}"),
            q("{'choices':[{'delta':{'content':{'text':'obj'},'refusal':['r']}}]}"),
            q("{'choices':[{'delta':{'content':'a','content':5}}]}"),
            q("{'choices':[{'delta':{'content':5,'content':'a'}}]}"),
            q("{'choices':[{'delta':{},'finish_reason':1}]}"),
            q("{'choices':[{'delta':{},'finish_reason':'','finish_reason':'tool_calls'}]}"),
            q("{'choices':[{'delta':{},'finish_reason':'stop','finish_reason':null}]}"),
            q("{'choices':[{'delta':{'refusal':'I cannot'}}]}"),
            q("{'choices':[{'delta':{'reasoning_content':'rc'}}]}"),
            q("{'choices':[{'delta':{'reasoning':'r','reasoning_content':''}}]}"),
            q("{'choices':[{'delta':{'thinking':'t','reasoning':'r','reasoning_content':'rc'}}]}"),
            q("{'choices':[{'delta':{'thinking':'','reasoning':'r','reasoning_content':5}}]}"),
            q("{'choices':[{'delta':{'thinking':7,'reasoning':'','content':'c'}}]}"),
            q("{'choices':[{'delta':{'tool_calls':[{'index':0,'id':'call_1','type':'function',"
                    + "'function':{'name':'get_weather','arguments':'{\\'city'}}]}}]}"),
            q("{'choices':[{'delta':{'tool_calls':[{'index':0,'function':{'arguments':{'city':'Paris'}}},"
                    + "7,{'id':'c2','function':{'name':'x'}}]}}]}"),
            q("{'choices':[{'delta':{'tool_calls':{'index':0}}}]}"),
            q("{'choices':[{'delta':{'tool_calls':[{'index':0}],'tool_calls':null}}]}"),
            q("{'choices':[{'delta':{'tool_calls':'calls','tool_calls':[{'index':1}]}}]}"),
            q("{'choices':[{'delta':{'function_call':{'name':'f','arguments':'{}'}}}]}"),
            q("{'choices':[{'delta':{'function_call':'f'}}]}"),
            q("{'choices':[{'delta':{'function_call':{'name':'f'},'function_call':{'arguments':'x'}}}]}"),
            q("{'error':{'message':'overloaded','type':'overloaded_error','code':529}}"),
            q("{'error':null,'choices':[{'delta':{'content':'ok'}}]}"),
            q("{'error':false}"),
            q("{'error':''}"),
            q("{'error':'boom'}"),
            q("{'error':[]}"),
            q("{'error':[1]}"),
            q("{'error':0}"),
            q("{'error':0.0}"),
            q("{'error':2}"),
            q("{'error':{}}"),
            q("{'error':true}"),
            q("{'error':{'message':'first'},'error':null}"),
            q("{'error':null,'error':{'message':'second'}}"),
            q("{'message':'quota gone','code':'insufficient_quota'}"),
            q("{}"),
            q("{'usage':[1,2]}"),
            q("{'choices':[],'usage':{'prompt_tokens':12,'completion_tokens':40,'total_tokens':52,"
                    + "'prompt_tokens_details':{'cached_tokens':0,'audio_tokens':0},'completion_tokens_details':"
                    + "{'reasoning_tokens':0,'accepted_prediction_tokens':0}}}"),
            q("{'usage':{'a':1,'b':{'c':null,'d':true,'e':false,'f':'s\\u00e9'},'a':-2,'g':{},'b':-0}}"),
            q("{'usage':{'prompt_tokens':3,'cost':0.00012}}"),
            q("{'usage':{'prompt_tokens':3,'list':[1]}}"),
            q("{'usage':{'prompt_tokens':" + "9".repeat(19) + "}}"),
            q("{'usage':{'x':" + "{'a':".repeat(70) + "1" + "}".repeat(70) + "}}"),
            q("{'usage':{'prompt_tokens':1,}}"),
            q("{'usage':{'prompt_tokens':1},'usage':'none'}"),
            q("{'usage':{'prompt_tokens':1},'usage':{'prompt_tokens':2}}"),
            q("{'usage':{'prompt_tokens':1},'usage':null}"),
            q("{'x':{'choices':[{'delta':{'content':'decoy'}}],'error':'decoy','usage':{}},"
                    + "'y':[[{'usage':{'prompt_tokens':9}}],{'a':[{},[]]}],'choices':[{'delta':{'content':'real'}}]}"),
            q("{'choices':[{'extra':{'delta':{'content':'decoy'},'index':5},'delta':{'meta':{'content':'decoy',"
                    + "'tool_calls':[1]},'content':'real'},'logprobs':{'content':[{'token':'x','logprob':-0.1}]}}]}"),
            q("{'choices':[{'delta':{'cont\\u0065nt':'escaped key','':'empty key'}}]}"),
            q("{'ch\\u006fices':[{'d\\u0065lta':{'content':'escaped keys'},'finish_\\u0072eason':'stop'}],"
                    + "'\\u0075sage':{'prompt_tokens':4},'':1,'choices\\n':2}"),
            q("{'choicesX':[{'delta':{'content':'decoy'}}],'choice':[],'deltas':1,'usages':{'prompt_tokens':1}}"),
            q("{'choices':[{'delta':{'content':'\\u00e9\\ud83d\\ude00 \\\\ \\n \\t \\u0000'}}]}"),
            q("{'choices':[{'delta':{'content':'\\n\\n'}}]}"),
            q("{'choices':[]} trailing garbage"),
            q("{'choices':[{'delta':{'content':'x'}}]}{"),
            q("{'a':1}]]]"),
            q("  \n {'choices':[{'delta':{'content':'padded'}}]}  \n"),
            "", "   ", "\u000B", "\u00A0", "[DONE]", "[]", q("[{'choices':[]}]"), q("'just a string'"), "5",
            "null", "true",
            "{", q("{'a':[{]}"), q("{'a':}"), q("{'a' 1}"), q("{'a':1,}"), "{,}", q("{'a':tru}"),
            q("{'choices':[{'delta':{'content':'unterminated}}]}"), q("{'choices':[{'delta':{'content':'x'}}]"),
            q("{'a':1e99999999999}"), q("{'choices':[{'index':1e99999999999}]}"),
            q("{'usage':{'prompt_tokens':1e99999999999}}"), q("{'error':1e99999999999}"),
            q("{'x':" + "9".repeat(1101) + "}"), q("{'x':" + "9".repeat(1100) + "}"),
            q("{'x':0." + "9".repeat(1200) + ",'choices':[{'delta':{'content':'long'}}]}"),
            q("{'x':" + "9".repeat(18) + ",'y':-" + "9".repeat(19) + ",'z':1.5e3}"),
            nested(511), nested(512), nested(513), nested(600),
            q("{'x':" + "{'a':".repeat(600) + "1" + "}".repeat(600) + "}"),
            // the hand-written reader's own edges (see OpenAiChunkScan)
            q("{'choices':[{'index':0,'delta':{'content':'\\u00E9\\/\\b\\f\\r \\ud800'}}]}"),
            q("{'choices':[{'delta':{'content':'\\u00e\u0663'}}]}"), q("{'choices':[{'delta':{'content':'\\u12'}}]}"),
            q("{'choices':[{'delta':{'content':'\\x'}}]}"), q("{'choices':[{'delta':{'content':'raw\ttab'}}]}"),
            q("{'n':" + "9".repeat(18) + ",'choices':[{'index':" + "0".repeat(1) + ",'delta':{'content':'18'}}]}"),
            q("{'n':-" + "9".repeat(19) + ",'choices':[{'delta':{'content':'19'}}]}"),
            q("{'n':01,'choices':[]}"), q("{'n':-,'choices':[]}"), q("{'n':1.,'choices':[]}"), q("{'n':-0.0}"),
            q("{'n':1E5,'choices':[]}"), q("{'n':[tru]}"), q("{'n':nul}"), q("{'n':falsey}"), q("{'n':+1}"),
            q("{'choices':[{'index':0,'delta':{'content':'deep'},'x':" + "[".repeat(70) + "]".repeat(70) + "}]}"),
            q("{'choices':[{'index':0,'delta':{'content':'deep'},'x':" + "[".repeat(60) + "]".repeat(60) + "}]}"),
            q("{'choices':[{'index':0,'delta':{'content':'deep'},'x':" + "{'a':".repeat(62) + "0"
                    + "}".repeat(62) + "}]}"),
            q("{'choices' : [ { 'index' : 0 , 'delta' : { 'content' : 'spaced' } } ] }"),
            q("{'choices':[{'index':0,'delta':{'content':'a'}}\u00a0]}"), q("{'choices':[{'index':0,}]}"),
            q("{'choices':[{'index':0 'delta':{}}]}"), q("{'choices':[{'index':0,'delta':{'content':'a'}}],}"),
            q("{\u000b'choices':[]}"), q("{'choices':[{'delta':{'content':'a'},'finish_reason':'stop'}],'usage':null}"));

    /** The extracted fields, as text (null when absent), for comparing the two readers. */
    record Fields(String error, String usage, boolean choice, boolean delta, String reasoning, String content,
                  String refusal, String toolCalls, String functionCall, String finishReason, String whole) {
    }

    /** The extraction as the decoder did it on the whole tree before (kept verbatim as the reference). */
    static Fields reference(String data, String reasoningField, boolean errorEvent) {
        JsonObject chunk = Jsons.tryParseObject(data).orElse(null);
        if (chunk == null) {
            return null;
        }
        JsonObject choice = referenceFirstChoice(Jsons.arr(chunk, "choices"));
        JsonObject delta = null;
        if (choice != null) {
            delta = Jsons.obj(choice, "delta");
            if (delta == null) {
                delta = Jsons.obj(choice, "message");
            }
        }
        return new Fields(text(chunk.get("error")), text(Jsons.obj(chunk, "usage")), choice != null, delta != null,
                delta == null ? null : referenceReasoning(delta, reasoningField), Jsons.str(delta, "content"),
                Jsons.str(delta, "refusal"), text(Jsons.arr(delta, "tool_calls")),
                text(Jsons.obj(delta, "function_call")), Jsons.str(choice, "finish_reason"),
                errorEvent ? chunk.toString() : null);
    }

    private static JsonObject referenceFirstChoice(JsonArray choices) {
        if (choices == null) {
            return null;
        }
        for (JsonValue v : choices) {
            if (v.getValueType() == JsonValue.ValueType.OBJECT) {
                Integer index = Jsons.integer(v.asJsonObject(), "index");
                if (index == null || index == 0) {
                    return v.asJsonObject();
                }
            }
        }
        return null;
    }

    private static String referenceReasoning(JsonObject o, String preferredField) {
        String r = Jsons.str(o, preferredField);
        if (r == null || r.isEmpty()) {
            r = Jsons.str(o, "reasoning_content");
        }
        if (r == null || r.isEmpty()) {
            r = Jsons.str(o, "reasoning");
        }
        return r;
    }

    /** The same fields from the streaming reader. */
    static Fields streamed(String data, String reasoningField, boolean errorEvent) {
        return fields(OpenAiChunk.read(data, reasoningField, errorEvent));
    }

    private static Fields fields(OpenAiChunk c) {
        if (c == null) {
            return null;
        }
        OpenAiChunk.Choice choice = c.choice();
        OpenAiChunk.Delta d = choice == null ? null : choice.delta();
        return new Fields(text(c.error()), text(c.usage()), choice != null, d != null,
                d == null ? null : d.reasoning(), d == null ? null : d.content(), d == null ? null : d.refusal(),
                d == null ? null : text(d.toolCalls()), d == null ? null : text(d.functionCall()),
                choice == null ? null : choice.finishReason(), text(c.whole()));
    }

    private static String text(JsonValue v) {
        return v == null ? null : v.toString();
    }

    private static void assertSameAsTree(String data, String reasoningField, boolean errorEvent) {
        assertEquals(reference(data, reasoningField, errorEvent), streamed(data, reasoningField, errorEvent),
                () -> "field " + reasoningField + ", error event " + errorEvent + ", data: " + abbreviate(data));
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "… (" + s.length() + " chars)";
    }

    @Test
    @DisplayName("differential: every corpus chunk, any reasoning field, error event or not → the tree's fields")
    void corpusMatchesTree() {
        int objects = 0;
        int refused = 0;
        for (String data : CORPUS) {
            for (String field : FIELDS) {
                assertSameAsTree(data, field, false);
                assertSameAsTree(data, field, true);
            }
            if (reference(data, FIELD, false) == null) {
                refused++;
            } else {
                objects++;
            }
        }
        // The corpus exercises both outcomes, not only one.
        assertTrue(objects >= 80, "objects: " + objects);
        assertTrue(refused >= 25, "refused: " + refused);
    }

    @Test
    @DisplayName("differential: every prefix of every corpus chunk → the tree's fields (mostly refused)")
    void prefixesMatchTree() {
        int cases = 0;
        for (String data : CORPUS) {
            if (data.length() > 400) {
                continue; // the deep and long ones: their prefixes add nothing but time
            }
            for (int end = 0; end <= data.length(); end++) {
                assertSameAsTree(data.substring(0, end), FIELDS[end % FIELDS.length], end % 2 == 0);
                cases++;
            }
        }
        assertTrue(cases > 3000, "cases: " + cases);
    }

    @Test
    @DisplayName("differential: seeded mutations of the corpus → the tree's fields")
    void mutationsMatchTree() {
        int accepted = 0;
        int cases = 0;
        for (int i = 0; i < CORPUS.size(); i++) {
            byte[] seed = CORPUS.get(i).getBytes(StandardCharsets.UTF_8);
            for (long m = 0; m < 40; m++) {
                String data = new String(Mutations.mutate(seed, i * 1000L + m), StandardCharsets.UTF_8);
                String field = FIELDS[(int) (m % FIELDS.length)];
                assertSameAsTree(data, field, m % 3 == 0);
                cases++;
                if (reference(data, field, false) != null) {
                    accepted++;
                }
            }
        }
        assertTrue(cases > 4000, "cases: " + cases);
        assertTrue(accepted > 100, "mutations still objects: " + accepted);
    }

    /**
     * The hand-written reader (which the streaming reader asks first) on its own: wherever it answers, the answer
     * is the tree's; it answers the common chunks and leaves the rest, malformed ones included, to the parser.
     */
    @Test
    @DisplayName("differential: the hand-written reader answers only with the tree's fields, and answers often")
    void scanAnswersOnlyWithTheTreesFields() {
        int answered = 0;
        int left = 0;
        List<String> cases = new java.util.ArrayList<>(CORPUS);
        for (int i = 0; i < CORPUS.size(); i++) {
            String data = CORPUS.get(i);
            if (data.length() <= 400) {
                for (int end = 0; end < data.length(); end++) {
                    cases.add(data.substring(0, end));
                }
            }
            byte[] seed = data.getBytes(StandardCharsets.UTF_8);
            for (long m = 0; m < 40; m++) {
                cases.add(new String(Mutations.mutate(seed, 7_000_000L + i * 1000L + m), StandardCharsets.UTF_8));
            }
        }
        for (int k = 0; k < cases.size(); k++) {
            String data = cases.get(k);
            String field = FIELDS[k % FIELDS.length];
            OpenAiChunk scanned = OpenAiChunkScan.read(data, field);
            if (scanned == null) {
                left++;
                continue;
            }
            answered++;
            Fields want = reference(data, field, false);
            assertNotNull(want, () -> "answered what the tree refuses: " + abbreviate(data));
            assertEquals(want, fields(scanned), () -> "field " + field + ", data: " + abbreviate(data));
        }
        assertTrue(answered > 150, "answered: " + answered);
        assertTrue(left > 3000, "left to the parser: " + left);
        assertNotNull(OpenAiChunkScan.read(CORPUS.get(0), FIELD), "the typical chunk is read by hand");
        OpenAiChunk usage = OpenAiChunkScan.read(q("{'choices':[],'usage':{'prompt_tokens':12,'completion_tokens':"
                + "40,'prompt_tokens_details':{'cached_tokens':3}}}"), FIELD);
        assertNotNull(usage, "the usage chunk that ends a stream is read by hand");
        assertEquals(q("{'prompt_tokens':12,'completion_tokens':40,'prompt_tokens_details':{'cached_tokens':3}}"),
                usage.usage().toString());
    }

    private static OpenAiChunk read(String data) {
        return OpenAiChunk.read(q(data), FIELD, false);
    }

    private static OpenAiChunk.Delta delta(String data) {
        OpenAiChunk c = read(data);
        assertNotNull(c, data);
        assertNotNull(c.choice(), data);
        return c.choice().delta();
    }

    @Test
    @DisplayName("a typical content chunk: content, no finish reason, no error, no usage")
    void typicalChunk() {
        OpenAiChunk c = read("{'id':'chatcmpl-1','object':'chat.completion.chunk','created':1774400000,"
                + "'choices':[{'index':0,'delta':{'content':'Hel'},'finish_reason':null}]}");
        assertNull(c.error());
        assertNull(c.usage());
        assertNull(c.whole());
        assertNull(c.choice().finishReason());
        assertEquals(new OpenAiChunk.Delta(null, "Hel", null, null, null), c.choice().delta());
    }

    @Test
    @DisplayName("repeated keys: the last value counts, for choices, delta, index and the string fields")
    void duplicateKeysLastWins() {
        assertNull(read("{'choices':[{'delta':{'content':'first'}}],'choices':null}").choice());
        assertEquals("second", delta("{'choices':[],'choices':[{'delta':{'content':'second'}}]}").content());
        assertEquals("b", delta("{'choices':[{'delta':{'content':'a'},'delta':{'content':'b'}}]}").content());
        assertEquals("next", delta("{'choices':[{'index':0,'delta':{'content':'dup'},'index':2},"
                + "{'delta':{'content':'next'}}]}").content());
        assertEquals("dup", delta("{'choices':[{'index':3,'delta':{'content':'dup'},'index':0}]}").content());
        assertNull(delta("{'choices':[{'delta':{'content':'a','content':5}}]}").content());
        assertEquals("a", delta("{'choices':[{'delta':{'content':5,'content':'a'}}]}").content());
        assertNull(read("{'usage':{'prompt_tokens':1},'usage':null}").usage());
        assertEquals(JsonValue.NULL, read("{'error':{'message':'first'},'error':null}").error());
    }

    @Test
    @DisplayName("choices: null or not an array → none; non-object elements skipped; first with index missing/0")
    void choiceSelection() {
        assertNull(read("{'choices':null}").choice());
        assertNull(read("{'choices':{'index':0,'delta':{}}}").choice());
        assertNull(read("{'choices':[]}").choice());
        assertNull(read("{'choices':[{'index':1,'delta':{'content':'n=2'}}]}").choice());
        assertEquals("a", delta("{'choices':[1,'x',null,[{'index':0}],{'index':0,'delta':{'content':'a'}}]}")
                .content());
        assertEquals("no index", delta("{'choices':[{'index':1},{'delta':{'content':'no index'}}]}").content());
        assertEquals("null", delta("{'choices':[{'index':null,'delta':{'content':'null'}}]}").content());
        // Jsons.integer accepts only numbers: a string index counts as missing, so the choice is the first.
        assertEquals("str", delta("{'choices':[{'index':'1','delta':{'content':'str'}}]}").content());
        // JsonNumber.longValue() truncates: 0.5 is index 0, 2^64 wraps to 0, 2^32 clamps to a non-zero int.
        assertEquals("half", delta("{'choices':[{'index':0.5,'delta':{'content':'half'}}]}").content());
        assertEquals("wrap", delta("{'choices':[{'index':18446744073709551616,'delta':{'content':'wrap'}}]}")
                .content());
        assertNull(read("{'choices':[{'index':4294967296,'delta':{'content':'2^32'}}]}").choice());
    }

    @Test
    @DisplayName("delta missing or not an object → message; neither → a choice without delta")
    void deltaOrMessage() {
        assertEquals("m", delta("{'choices':[{'message':{'content':'m'}}]}").content());
        assertEquals("m", delta("{'choices':[{'delta':null,'message':{'content':'m'}}]}").content());
        assertEquals("d", delta("{'choices':[{'delta':{'content':'d'},'message':{'content':'m'}}]}").content());
        OpenAiChunk c = read("{'choices':[{'delta':'text','finish_reason':'length'}]}");
        assertNull(c.choice().delta());
        assertEquals("length", c.choice().finishReason());
    }

    @Test
    @DisplayName("values of the wrong type count as absent, as the Jsons accessors have it")
    void wrongTypes() {
        OpenAiChunk.Delta d = delta("{'choices':[{'delta':{'content':5,'refusal':true,'reasoning_content':{},"
                + "'tool_calls':{'index':0},'function_call':'f'}}]}");
        assertEquals(new OpenAiChunk.Delta(null, null, null, null, null), d);
        assertNull(read("{'choices':[{'delta':{},'finish_reason':1}]}").choice().finishReason());
        assertNull(read("{'usage':[1,2]}").usage());
        assertEquals(2, delta("{'choices':[{'delta':{'tool_calls':'x','tool_calls':[{'index':0},7]}}]}")
                .toolCalls().size());
    }

    @Test
    @DisplayName("reasoning: the profile's field, then reasoning_content, then reasoning; a field may be 'content'")
    void reasoningPreference() {
        String data = q("{'choices':[{'delta':{'thinking':'','reasoning':'r','reasoning_content':'rc',"
                + "'content':'c'}}]}");
        assertEquals("rc", OpenAiChunk.read(data, "thinking", false).choice().delta().reasoning());
        assertEquals("r", OpenAiChunk.read(data, "reasoning", false).choice().delta().reasoning());
        OpenAiChunk.Delta asContent = OpenAiChunk.read(data, "content", false).choice().delta();
        assertEquals("c", asContent.reasoning());
        assertEquals("c", asContent.content());
        assertEquals("r", delta("{'choices':[{'delta':{'reasoning':'r','reasoning_content':''}}]}").reasoning());
    }

    @Test
    @DisplayName("data that is not a JSON object → null, exactly where Jsons.tryParseObject refuses")
    void notAnObject() {
        for (String data : List.of("", "   ", "[]", "[{}]", "'s'", "5", "null", "true", "{", "{'a':[{]}",
                "{'a':}", "{'a':1,}", "{'a':tru}", "{'a':1e99999999999}", "{'x':" + "9".repeat(1101) + "}")) {
            assertNull(read(data), data);
            assertTrue(Jsons.tryParseObject(q(data)).isEmpty(), data);
        }
        assertNull(OpenAiChunk.read(nested(513), FIELD, false));
        assertNotNull(OpenAiChunk.read(nested(512), FIELD, false));
    }

    @Test
    @DisplayName("text after the object is not read, as the tree reader does not read it")
    void trailingGarbageIgnored() {
        assertEquals("x", delta("{'choices':[{'delta':{'content':'x'}}]} trailing ]]] {").content());
        assertTrue(Jsons.tryParseObject(q("{'a':1} trailing")).isPresent());
    }

    @Test
    @DisplayName("nested unknown values are skipped whole: decoy keys inside them are not taken")
    void unknownValuesSkipped() {
        OpenAiChunk c = read("{'x':{'choices':[{'delta':{'content':'decoy'}}],'error':'decoy','usage':{}},"
                + "'y':[[{'usage':{'prompt_tokens':9}}]],'choices':[{'extra':{'delta':{'content':'decoy'}},"
                + "'delta':{'meta':{'content':'decoy'},'content':'real'}}]}");
        assertNull(c.error());
        assertNull(c.usage());
        assertEquals("real", c.choice().delta().content());
    }

    @Test
    @DisplayName("error: any value, kept as the tree has it; the whole chunk only for an error event")
    void errorAndErrorEvent() {
        OpenAiChunk c = read("{'error':{'message':'overloaded','code':529}}");
        assertEquals(Jsons.parseObject(q("{'message':'overloaded','code':529}")), c.error());
        assertNull(c.whole());
        assertSame(JsonValue.FALSE, read("{'error':false}").error());
        assertEquals(Jsons.string("boom"), read("{'error':'boom'}").error());
        String payload = q("{'message':'quota gone','code':'insufficient_quota'}");
        OpenAiChunk event = OpenAiChunk.read(payload, FIELD, true);
        assertNull(event.error());
        assertEquals(Jsons.parseObject(payload), event.whole());
        assertNull(OpenAiChunk.read("not json", FIELD, true));
    }

    @Test
    @DisplayName("usage: the object as parsed, nested details included")
    void usage() {
        OpenAiChunk c = read("{'choices':[{'index':0,'delta':{},'finish_reason':'stop'}],"
                + "'usage':{'prompt_tokens':10,'completion_tokens':5,'prompt_tokens_details':{'cached_tokens':2}}}");
        assertEquals(new OpenAiUsage.Raw(10, 5, 2, 0), OpenAiUsage.readRaw(c.usage()));
        assertEquals("stop", c.choice().finishReason());
    }

    @Test
    @DisplayName("tool calls and the legacy function_call are the parsed subtrees")
    void toolCalls() {
        OpenAiChunk.Delta d = delta("{'choices':[{'delta':{'tool_calls':[{'index':0,'id':'call_1',"
                + "'function':{'name':'get_weather','arguments':'{}'}}],'function_call':{'name':'f'}}}]}");
        JsonArray calls = d.toolCalls();
        assertEquals("call_1", calls.getJsonObject(0).getString("id"));
        assertEquals("f", d.functionCall().getString("name"));
        List<String> names = new ArrayList<>();
        calls.forEach(v -> names.add(v.asJsonObject().getJsonObject("function").getString("name")));
        assertEquals(List.of("get_weather"), names);
    }
}
