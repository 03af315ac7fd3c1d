package dev.switchboard.plugin.openaicompat.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The {@code openai-strict} cleaning. */
class OpenAiStrictSchemaCleanerTest {
    private final SchemaCleaner cleaner = new SchemaCleaner(SchemaDialect.OPENAI_STRICT);

    private static jakarta.json.JsonArray arr(String s) {
        return Jsons.parseValue(s).asJsonArray();
    }

    private static JsonObject json(String s) {
        return Jsons.parseObject(s);
    }

    @Test
    void objectsAreClosedAndOptionalPropertiesBecomeNullable() {
        JsonObject out = cleaner.apply(json("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
                 "properties":{"file_path":{"type":"string"},"offset":{"type":"integer"},
                   "mode":{"type":"string","enum":["a","b"]},"any":{"description":"anything"},
                   "opts":{"type":"object","properties":{"deep":{"type":"boolean"}}}},
                 "required":["file_path"]}"""));
        assertFalse(out.containsKey("$schema"));
        assertEquals(false, out.getBoolean("additionalProperties"));
        assertEquals(arr("[\"file_path\",\"offset\",\"mode\",\"any\",\"opts\"]"), out.getJsonArray("required"));
        JsonObject p = out.getJsonObject("properties");
        assertEquals(json("{\"type\":\"string\"}"), p.getJsonObject("file_path"));
        assertEquals(json("{\"type\":[\"integer\",\"null\"]}"), p.getJsonObject("offset"));
        assertEquals(json("{\"type\":[\"string\",\"null\"],\"enum\":[\"a\",\"b\",null]}"), p.getJsonObject("mode"));
        assertEquals(json("{\"description\":\"anything\"}"), p.getJsonObject("any"), "untyped already accepts null");
        JsonObject opts = p.getJsonObject("opts");
        assertEquals(arr("[\"object\",\"null\"]"), opts.getJsonArray("type"));
        assertEquals(false, opts.getBoolean("additionalProperties"), "nested objects are closed too");
        assertEquals(json("{\"type\":[\"boolean\",\"null\"]}"), opts.getJsonObject("properties").getJsonObject("deep"));
    }

    @Test
    void refsAndDefinitionsStayButAreCleaned() {
        JsonObject out = cleaner.apply(json("""
                {"type":"object","$defs":{"p":{"type":"object","properties":{"x":{"type":"number"}},"required":["x"]}},
                 "properties":{"point":{"$ref":"#/$defs/p"},"points":{"type":"array","items":{"$ref":"#/$defs/p"}}},
                 "required":["points"]}"""));
        JsonObject p = out.getJsonObject("$defs").getJsonObject("p");
        assertEquals(false, p.getBoolean("additionalProperties"));
        assertEquals(json("{\"anyOf\":[{\"$ref\":\"#/$defs/p\"},{\"type\":\"null\"}]}"),
                out.getJsonObject("properties").getJsonObject("point"));
        assertEquals(json("{\"type\":\"array\",\"items\":{\"$ref\":\"#/$defs/p\"}}"),
                out.getJsonObject("properties").getJsonObject("points"));
    }
}
