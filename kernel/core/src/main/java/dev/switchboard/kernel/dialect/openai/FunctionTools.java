package dev.switchboard.kernel.dialect.openai;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.Tool;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * Reads an OpenAI function definition ({@code {name, description, parameters}}) — the same object in Chat
 * Completions ({@code tools[].function}) and Responses ({@code tools[]}) — into a canonical {@link Tool}.
 * Stateless.
 */
public final class FunctionTools {
    private FunctionTools() {
    }

    /**
     * @param fn   the function definition
     * @param path its location in the request, for error messages ({@code tools[2].function})
     * @throws GatewayException 400 naming the field when the name is missing or the parameters are not an object
     */
    public static Tool read(JsonObject fn, String path) throws GatewayException {
        String name = Jsons.str(fn, "name");
        if (name == null || name.isEmpty()) {
            throw GatewayException.invalid(path + ".name", path + ".name is required");
        }
        JsonValue params = fn.get("parameters");
        JsonObject schema;
        if (params == null || params.getValueType() == JsonValue.ValueType.NULL) {
            schema = Jsons.objectBuilder().add("type", "object").add("properties", JsonValue.EMPTY_JSON_OBJECT).build();
        } else if (params.getValueType() == JsonValue.ValueType.OBJECT) {
            schema = params.asJsonObject();
        } else {
            throw GatewayException.invalid(path + ".parameters", path + ".parameters must be a JSON schema object");
        }
        // "strict" is OpenAI's structured-output switch; the canonical model has no place for it (dropped).
        return new Tool(name, Jsons.str(fn, "description"), schema);
    }
}
