package dev.switchboard.plugin.openaicompat;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.wire.openai.OpenAiChatProfile;
import dev.switchboard.wire.openai.ToolNameMap;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Decides whether an OpenAI-chat client's body can go to the backend as it is, with only the model name replaced
 * (docs/architecture.md#pass-through). It can when every field is one the backend takes
 * verbatim under its profile; anything the converting path would change — a schema to clean, a tool name to
 * shorten, a token field to rename, a parameter the backend rejects, images it cannot see, a mid-conversation
 * system message it does not allow — sends the request through the converter instead. Immutable and thread-safe.
 */
final class PassThroughPolicy {
    /** Chat-completion fields an OpenAI-compatible backend takes as the client wrote them. */
    private static final Set<String> VERBATIM_FIELDS = Set.of("model", "messages", "tools", "tool_choice",
            "parallel_tool_calls", "stream", "stream_options", "max_tokens", "max_completion_tokens", "temperature",
            "top_p", "top_k", "stop", "n", "presence_penalty", "frequency_penalty", "logit_bias", "logprobs",
            "top_logprobs", "seed", "user", "response_format", "reasoning_effort");
    private static final Set<String> VERBATIM_ROLES = Set.of("system", "user", "assistant", "tool");

    private final BackendProfile profile;
    private final UnaryOperator<JsonObject> schemas;
    private final OutputTokenLimits limits;
    private final Set<String> dropFields;

    PassThroughPolicy(CompatSettings settings, UnaryOperator<JsonObject> schemas) {
        this.profile = settings.profile();
        this.schemas = schemas;
        this.limits = settings.maxOutputTokens();
        this.dropFields = settings.dropFields();
    }

    /**
     * Null when {@code body} can be relayed to {@code upstreamModel}; otherwise the first reason it cannot (for
     * the debug log).
     */
    String obstacle(JsonObject body, String upstreamModel) {
        OpenAiChatProfile p = profile.chat();
        for (String k : body.keySet()) {
            if (!VERBATIM_FIELDS.contains(k) || dropFields.contains(k)) {
                return "field " + k;
            }
        }
        if (body.containsKey("stream") && body.get("stream").getValueType() != JsonValue.ValueType.TRUE
                && body.get("stream").getValueType() != JsonValue.ValueType.FALSE) {
            return "stream is not a boolean";
        }
        if (Jsons.bool(body, "stream") && !profile.streaming()) {
            return "the backend does not stream";
        }
        if (body.containsKey("stream_options") && !p.supportsStreamOptions()) {
            return "stream_options";
        }
        if (body.containsKey("reasoning_effort") && !p.supportsReasoningEffort()) {
            return "reasoning_effort";
        }
        if (body.containsKey("top_k") && !p.supportsTopK()) {
            return "top_k";
        }
        if (body.containsKey("parallel_tool_calls") && !p.supportsParallelToolCalls()) {
            return "parallel_tool_calls";
        }
        String wanted = p.maxTokensField().wire();
        for (String field : new String[]{"max_tokens", "max_completion_tokens"}) {
            if (body.containsKey(field) && !field.equals(wanted)) {
                return field + " (the backend takes " + wanted + ")";
            }
            Integer asked = Jsons.integer(body, field);
            if (asked != null && !asked.equals(limits.clamp(asked, upstreamModel))) {
                return field + " above the model's " + OutputTokenLimits.KEY;
            }
        }
        JsonArray stop = Jsons.arr(body, "stop");
        if (stop != null && stop.size() > p.maxStopSequences()) {
            return "more than " + p.maxStopSequences() + " stop sequences";
        }
        String tools = toolsObstacle(Jsons.arr(body, "tools"));
        if (tools != null) {
            return tools;
        }
        JsonObject format = Jsons.obj(body, "response_format");
        JsonObject schema = Jsons.obj(Jsons.obj(format, "json_schema"), "schema");
        if (schema != null && !schemas.apply(schema).equals(schema)) {
            return "response schema needs cleaning";
        }
        return messagesObstacle(Jsons.arr(body, "messages"));
    }

    /** The body to send: the client's, with the backend model. */
    static JsonObject relayBody(JsonObject body, String upstreamModel) {
        return Jsons.objectBuilder(body).add("model", upstreamModel).build();
    }

    private String toolsObstacle(JsonArray tools) {
        if (tools == null) {
            return null;
        }
        for (JsonValue t : tools) {
            JsonObject fn = t instanceof JsonObject o ? Jsons.obj(o, "function") : null;
            String name = Jsons.str(fn, "name");
            if (name == null || !ToolNameMap.aliasFor(name).equals(name)) {
                return "tool name " + name + " needs an alias";
            }
            JsonObject params = Jsons.obj(fn, "parameters");
            if (params != null && !schemas.apply(params).equals(params)) {
                return "schema of tool " + name + " needs cleaning";
            }
        }
        return null;
    }

    private String messagesObstacle(JsonArray messages) {
        if (messages == null) {
            return "no messages";
        }
        OpenAiChatProfile p = profile.chat();
        boolean conversationStarted = false;
        for (JsonValue v : messages) {
            if (!(v instanceof JsonObject m)) {
                return "a message is not an object";
            }
            String role = Jsons.str(m, "role");
            if (role == null || !VERBATIM_ROLES.contains(role)) {
                return "role " + role;
            }
            if (role.equals("system") && conversationStarted && !p.systemAnywhere()) {
                return "system message mid-conversation";
            }
            conversationStarted |= !role.equals("system");
            if (m.containsKey("reasoning_content") && p.replayReasoning() == OpenAiChatProfile.ReasoningReplay.NONE) {
                return "reasoning_content the backend does not replay";
            }
            if (role.equals("system") && m.get("content") instanceof JsonArray && !p.acceptsArraySystemContent()) {
                return "system content parts";
            }
            if (m.get("content") instanceof JsonArray parts) {
                for (JsonValue part : parts) {
                    if (!(part instanceof JsonObject po)) {
                        return "a content part is not an object";
                    }
                    if (po.containsKey("cache_control") && !p.supportsCacheControl()) {
                        return "cache_control";
                    }
                    if ("image_url".equals(Jsons.str(po, "type")) && !p.supportsImages()) {
                        return "images";
                    }
                }
            }
        }
        return null;
    }
}
