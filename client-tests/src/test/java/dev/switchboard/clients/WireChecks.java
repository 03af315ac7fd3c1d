package dev.switchboard.clients;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The request rules the real upstreams enforce with a 400, so the fakes refuse what the real ones refuse: only
 * known top-level fields (OpenAI answers "Unrecognized request argument", Anthropic "Extra inputs are not
 * permitted"), tool names of at most 64 word characters, only tool types the API has, every tool result answering
 * an earlier call, and a thinking budget below {@code max_tokens}. Each check returns the error message or null.
 * Stateless.
 */
final class WireChecks {
    static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_-]{1,64}$");

    private static final Set<String> CHAT_FIELDS = Set.of("model", "messages", "tools", "tool_choice",
            "parallel_tool_calls", "max_tokens", "max_completion_tokens", "temperature", "top_p", "stop", "stream",
            "stream_options", "reasoning_effort", "response_format", "user", "n", "seed", "frequency_penalty",
            "presence_penalty", "logit_bias", "logprobs", "top_logprobs", "metadata", "store", "service_tier",
            "prompt_cache_key", "safety_identifier", "verbosity", "modalities", "prediction");
    private static final Set<String> ANTHROPIC_FIELDS = Set.of("model", "messages", "system", "max_tokens",
            "metadata", "stop_sequences", "stream", "temperature", "top_p", "top_k", "tools", "tool_choice",
            "thinking", "service_tier", "output_config", "context_management", "container", "mcp_servers");
    private static final Set<String> RESPONSES_FIELDS = Set.of("model", "input", "instructions", "tools",
            "tool_choice", "parallel_tool_calls", "max_output_tokens", "temperature", "top_p", "reasoning", "text",
            "stream", "store", "include", "prompt_cache_key", "user", "safety_identifier", "metadata", "service_tier",
            "truncation", "client_metadata", "top_logprobs", "max_tool_calls", "stream_options");
    /** The tool types OpenAI's Responses API has besides {@code function}. */
    private static final Set<String> RESPONSES_TOOL_TYPES = Set.of("function", "namespace", "custom", "web_search",
            "web_search_preview", "file_search", "code_interpreter", "image_generation", "computer_use_preview",
            "mcp", "local_shell", "shell", "apply_patch");

    private WireChecks() {
    }

    static String chat(JsonObject body) {
        String unknown = unknownField(body, CHAT_FIELDS);
        if (unknown != null) {
            return "Unrecognized request argument supplied: " + unknown;
        }
        for (JsonObject t : Jsons.arr(body, "tools") == null ? List.<JsonObject>of()
                : Jsons.arr(body, "tools").getValuesAs(JsonObject.class)) {
            if (!"function".equals(Jsons.str(t, "type"))) {
                return "Invalid value for 'tools[].type': '" + Jsons.str(t, "type") + "'";
            }
            String bad = badName(Jsons.str(Jsons.obj(t, "function"), "name"));
            if (bad != null) {
                return bad;
            }
        }
        Set<String> calls = new HashSet<>();
        for (JsonObject m : Jsons.arr(body, "messages").getValuesAs(JsonObject.class)) {
            if (Jsons.arr(m, "tool_calls") != null) {
                Jsons.arr(m, "tool_calls").getValuesAs(JsonObject.class).forEach(c -> calls.add(Jsons.str(c, "id")));
            }
            if ("tool".equals(Jsons.str(m, "role")) && !calls.contains(Jsons.str(m, "tool_call_id"))) {
                return "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with "
                        + "'tool_calls'";
            }
        }
        return null;
    }

    static String anthropic(JsonObject body, String betas) {
        String unknown = unknownField(body, ANTHROPIC_FIELDS);
        if (unknown == null && body.containsKey("context_management")
                && (betas == null || !betas.contains("context-management-"))) {
            unknown = "context_management";
        }
        if (unknown != null) {
            return unknown + ": Extra inputs are not permitted";
        }
        for (JsonObject t : Jsons.arr(body, "tools") == null ? List.<JsonObject>of()
                : Jsons.arr(body, "tools").getValuesAs(JsonObject.class)) {
            String type = Jsons.str(t, "type");
            if (type == null || type.equals("custom")) {
                String bad = badName(Jsons.str(t, "name"));
                if (bad != null) {
                    return "tools: " + bad;
                }
                if (Jsons.obj(t, "input_schema") == null) {
                    return "tools." + Jsons.str(t, "name") + ".input_schema: Field required";
                }
            } else if (!type.startsWith("web_search_") && !type.startsWith("bash_") && !type.startsWith("text_editor_")
                    && !type.startsWith("code_execution_") && !type.startsWith("web_fetch_")) {
                return "tools: Input tag '" + type + "' found using 'type' does not match any of the expected tags";
            }
        }
        Long budget = Jsons.lng(Jsons.obj(body, "thinking"), "budget_tokens");
        if (budget != null && Jsons.lng(body, "max_tokens", 0) <= budget) {
            return "max_tokens must be greater than thinking.budget_tokens";
        }
        Set<String> uses = new HashSet<>();
        for (JsonObject m : Jsons.arr(body, "messages").getValuesAs(JsonObject.class)) {
            JsonValue content = m.get("content");
            if (content == null || content.getValueType() != JsonValue.ValueType.ARRAY) {
                continue;
            }
            for (JsonObject b : content.asJsonArray().getValuesAs(JsonObject.class)) {
                if ("tool_use".equals(Jsons.str(b, "type"))) {
                    uses.add(Jsons.str(b, "id"));
                } else if ("tool_result".equals(Jsons.str(b, "type")) && !uses.contains(Jsons.str(b, "tool_use_id"))) {
                    return "unexpected `tool_use_id` found in `tool_result` blocks: " + Jsons.str(b, "tool_use_id");
                }
            }
        }
        return null;
    }

    static String responses(JsonObject body) {
        String unknown = unknownField(body, RESPONSES_FIELDS);
        if (unknown != null) {
            return "Unsupported parameter: '" + unknown + "'";
        }
        for (JsonObject t : Jsons.arr(body, "tools") == null ? List.<JsonObject>of()
                : Jsons.arr(body, "tools").getValuesAs(JsonObject.class)) {
            String type = Jsons.str(t, "type");
            if (!RESPONSES_TOOL_TYPES.contains(type)) {
                return "Invalid value: '" + type + "'. Supported values are: " + RESPONSES_TOOL_TYPES;
            }
            if ("function".equals(type)) {
                String bad = badName(Jsons.str(t, "name"));
                if (bad != null) {
                    return bad;
                }
            }
        }
        JsonValue input = body.get("input");
        if (input != null && input.getValueType() == JsonValue.ValueType.ARRAY) {
            Set<String> calls = new HashSet<>();
            for (JsonObject item : input.asJsonArray().getValuesAs(JsonObject.class)) {
                if ("function_call".equals(Jsons.str(item, "type"))) {
                    calls.add(Jsons.str(item, "call_id"));
                } else if ("function_call_output".equals(Jsons.str(item, "type"))
                        && !calls.contains(Jsons.str(item, "call_id"))) {
                    return "No tool call found for function call output with call_id " + Jsons.str(item, "call_id");
                }
            }
        }
        return null;
    }

    private static String unknownField(JsonObject body, Set<String> known) {
        return body.keySet().stream().filter(k -> !known.contains(k)).findFirst().orElse(null);
    }

    private static String badName(String name) {
        return name == null || !TOOL_NAME.matcher(name).matches()
                ? "Invalid tool name '" + name + "': must match " + TOOL_NAME.pattern() : null;
    }
}
