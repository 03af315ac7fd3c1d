package dev.switchboard.plugin.openaicompat.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.Fixtures;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The {@code gemini} cleaning: Claude Code's schemas, recursive {@code $ref}s, property names, and each step. */
class GeminiSchemaCleanerTest {
    private final SchemaCleaner cleaner = new SchemaCleaner(SchemaDialect.GEMINI);

    private JsonObject clean(String json) {
        return cleaner.apply(Jsons.parseObject(json));
    }

    private static jakarta.json.JsonArray arr(String s) {
        return Jsons.parseValue(s).asJsonArray();
    }

    private static JsonObject json(String json) {
        return Jsons.parseObject(json);
    }

    @Test
    void s1ClaudeCodesToolSchemasKeepOnlyAcceptedKeywords() {
        JsonArray tools = Fixtures.claudeCodeBody("tool-use-turn1").getJsonArray("tools");
        assertEquals(12, tools.size());
        for (JsonValue t : tools) {
            JsonObject original = t.asJsonObject().getJsonObject("input_schema");
            JsonObject cleaned = cleaner.apply(original);
            Set<String> used = SchemaKeywords.of(cleaned);
            used.removeAll(GeminiSchemaCleaner.ALLOWED);
            assertTrue(used.isEmpty(), t.asJsonObject().getString("name") + " still has " + used);
            // Property names are data: every property survives.
            assertEquals(Jsons.obj(original, "properties") == null ? Set.of()
                    : original.getJsonObject("properties").keySet(), cleaned.getJsonObject("properties").keySet());
        }
        JsonObject read = tools.stream().map(JsonValue::asJsonObject).filter(t -> t.getString("name").equals("Read"))
                .findFirst().orElseThrow().getJsonObject("input_schema");
        JsonObject limit = cleaner.apply(read).getJsonObject("properties").getJsonObject("limit");
        assertEquals(json("""
                {"description":"The number of lines to read. Only provide if the file is too large to read at once.",
                 "type":"integer","maximum":9007199254740991,"minimum":0}"""), limit, "exclusiveMinimum:0 -> minimum:0");
        assertEquals(arr("[\"file_path\"]"), cleaner.apply(read).getJsonArray("required"));
    }

    @Test
    void s2SelfRecursiveRefsAreInlinedAndTheCycleCut() {
        JsonObject out = clean("""
                {"type":"object","$defs":{"node":{"type":"object","description":"a tree node",
                  "properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}}}},
                 "properties":{"root":{"$ref":"#/$defs/node"}}}""");
        assertFalse(out.containsKey("$defs"));
        JsonObject root = out.getJsonObject("properties").getJsonObject("root");
        assertEquals("a tree node", root.getString("description"));
        assertEquals("string", root.getJsonObject("properties").getJsonObject("name").getString("type"));
        JsonObject cut = root.getJsonObject("properties").getJsonObject("children").getJsonObject("items");
        assertEquals(json("{\"type\":\"object\"}"), cut, "the second visit of the same $ref is cut");
        assertFalse(out.toString().contains("$ref"));
    }

    @Test
    void refsToDefinitionsAndTheRootAndDanglingRefsResolveOrDegrade() {
        JsonObject out = clean("""
                {"type":"object","definitions":{"when":{"type":"string","format":"date-time"}},
                 "properties":{"at":{"$ref":"#/definitions/when","description":"time of the event"},
                   "self":{"$ref":"#"},"remote":{"$ref":"https://example.com/s.json"}}}""");
        JsonObject props = out.getJsonObject("properties");
        assertEquals(json("{\"type\":\"string\",\"format\":\"date-time\",\"description\":\"time of the event\"}"),
                props.getJsonObject("at"));
        assertEquals("object", props.getJsonObject("self").getString("type"));
        assertEquals(json("{\"type\":\"object\"}"), props.getJsonObject("remote"));
    }

    @Test
    void s3APropertyNamedLikeAKeywordIsKept() {
        JsonObject out = clean("""
                {"type":"object","properties":{"additionalProperties":{"type":"boolean"},"pattern":{"type":"string"},
                 "default":{"type":"string","pattern":"^a"}},"required":["additionalProperties","gone"],
                 "additionalProperties":false}""");
        assertEquals(Set.of("additionalProperties", "pattern", "default"), out.getJsonObject("properties").keySet());
        assertEquals(arr("[\"additionalProperties\"]"), out.getJsonArray("required"),
                "required keeps declared names only");
        assertFalse(out.containsKey("additionalProperties"), "the keyword itself goes");
        assertEquals("^a", out.getJsonObject("properties").getJsonObject("default").getString("pattern"));
    }

    @Test
    void nullUnionsBecomeNullable() {
        JsonObject out = clean("""
                {"type":"object","properties":{
                  "a":{"type":["string","null"]},
                  "b":{"anyOf":[{"type":"integer"},{"type":"null"}],"description":"count"},
                  "c":{"oneOf":[{"type":"string"},{"type":"number"}]},
                  "d":{"type":["string","integer","null"]},
                  "e":{"type":"null"}}}""");
        JsonObject p = out.getJsonObject("properties");
        assertEquals(json("{\"type\":\"string\",\"nullable\":true}"), p.getJsonObject("a"));
        assertEquals(json("{\"description\":\"count\",\"type\":\"integer\",\"nullable\":true}"), p.getJsonObject("b"),
                "a lone branch is flattened");
        assertEquals(json("{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}"), p.getJsonObject("c"),
                "oneOf becomes anyOf");
        assertEquals(json("{\"anyOf\":[{\"type\":\"string\",\"nullable\":true},{\"type\":\"integer\",\"nullable\":true}]}"),
                p.getJsonObject("d"));
        assertEquals(json("{\"nullable\":true}"), p.getJsonObject("e"));
    }

    @Test
    void anyOfDropsSiblingsAndPushesTheDescriptionIntoBranches() {
        JsonObject out = clean("""
                {"description":"id or name","title":"who","anyOf":[{"type":"integer"},{"type":"string","description":"a name"}]}""");
        assertEquals(json("""
                {"anyOf":[{"type":"integer","description":"id or name"},{"type":"string","description":"a name"}]}"""), out);
    }

    @Test
    void allOfConstFormatsAndEnumsAreRewritten() {
        JsonObject out = clean("""
                {"allOf":[{"type":"object","properties":{"a":{"type":"string"}},"required":["a"]},
                          {"properties":{"b":{"const":"fixed"}},"required":["b"]}],
                 "properties":{"c":{"type":"string","format":"uri"},"d":{"type":"string","format":"date-time"},
                   "e":{"type":"integer","enum":[1,2,3],"description":"level"},"f":{"enum":["x",null,7]},
                   "g":{"type":"array","items":{}},"g2":{"type":"array"},"h":{"type":"number","exclusiveMaximum":10,"maximum":5},
                   "i":{"type":"string","examples":["e1","e2"],"uniqueItems":true,"multipleOf":2,"propertyNames":{}}}}""");
        assertEquals("object", out.getString("type"));
        assertEquals(arr("[\"a\",\"b\"]"), out.getJsonArray("required"));
        JsonObject p = out.getJsonObject("properties");
        assertEquals(json("{\"enum\":[\"fixed\"],\"type\":\"string\"}"), p.getJsonObject("b"));
        assertEquals(json("{\"type\":\"string\"}"), p.getJsonObject("c"), "format uri is dropped");
        assertEquals(json("{\"type\":\"string\",\"format\":\"date-time\"}"), p.getJsonObject("d"));
        assertEquals(json("{\"type\":\"integer\",\"description\":\"level\\nAllowed values: 1, 2, 3.\"}"), p.getJsonObject("e"));
        assertEquals(json("{\"enum\":[\"x\",\"7\"],\"type\":\"string\",\"nullable\":true}"), p.getJsonObject("f"));
        assertEquals(json("{\"type\":\"array\",\"items\":{\"type\":\"object\"}}"), p.getJsonObject("g"));
        assertEquals(json("{\"type\":\"array\",\"items\":{\"type\":\"object\"}}"), p.getJsonObject("g2"),
                "Gemini: items: missing field");
        assertEquals(json("{\"type\":\"number\",\"maximum\":5}"), p.getJsonObject("h"), "an existing bound wins");
        assertEquals(json("{\"type\":\"string\",\"example\":\"e1\"}"), p.getJsonObject("i"));
    }

    @Test
    void cleanedSchemasAreCachedByContent() {
        JsonObject a = json("{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"x\":{\"type\":\"string\"}}}");
        JsonObject first = cleaner.apply(a);
        JsonObject second = cleaner.apply(json(a.toString()));
        assertSame(first, second, "Claude Code resends the same tools every turn");
        assertEquals(1, cleaner.cachedCount());
        assertSame(a, new SchemaCleaner(SchemaDialect.NONE).apply(a), "none leaves schemas alone");
    }

    @Test
    void everyStringInTheOutputIsAStringAndNothingIsLeftOfTypeArrays() {
        JsonObject out = clean("{\"type\":[\"object\"],\"properties\":{\"q\":{\"type\":\"string\"}}}");
        assertTrue(out.get("type") instanceof JsonString);
        assertEquals("object", out.getString("type"));
    }
}
