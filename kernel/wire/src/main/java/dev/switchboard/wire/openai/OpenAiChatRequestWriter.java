package dev.switchboard.wire.openai;

import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.ThinkingConfig;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import dev.switchboard.wire.EffortBudgets;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Builds the upstream {@code /chat/completions} body from a canonical request, shaped by an {@link OpenAiChatProfile}. The body holds allow-listed keys only: canonical
 * extensions and Anthropic-only fields ({@code context_management}, betas, {@code defer_loading}) never reach
 * an OpenAI-style upstream. Tool schemas pass through a transform hook (identity by default; the
 * openai-compat plugin supplies its schema cleaning for Gemini).
 *
 * <p>Immutable and thread-safe when the schema transform is.
 */
public final class OpenAiChatRequestWriter {
    /** The smallest thinking budget Anthropic accepts. */
    public static final int MIN_BUDGET = EffortBudgets.MIN_BUDGET;
    private static final Logger LOG = Logger.getLogger(OpenAiChatRequestWriter.class.getName());
    /** The schema of "any JSON object": how {@code response_format:json_object} travels canonically. */
    public static final JsonObject ANY_OBJECT_SCHEMA = Jsons.objectBuilder().add("type", "object").build();

    private final OpenAiChatProfile profile;
    private final UnaryOperator<JsonObject> schemaTransform;
    private final OpenAiChatMessagesWriter messages;

    public OpenAiChatRequestWriter(OpenAiChatProfile profile) {
        this(profile, UnaryOperator.identity());
    }

    /**
     * @param profile         the upstream's capabilities
     * @param schemaTransform applied to every tool's input schema and to a response schema (never mutates
     *                        its argument; jakarta.json objects are immutable anyway)
     */
    public OpenAiChatRequestWriter(OpenAiChatProfile profile, UnaryOperator<JsonObject> schemaTransform) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.schemaTransform = Objects.requireNonNull(schemaTransform, "schemaTransform");
        this.messages = new OpenAiChatMessagesWriter(profile);
    }

    /**
     * Writes the upstream body.
     *
     * @param req           the canonical request (not mutated)
     * @param upstreamModel the model to ask the upstream for
     * @throws GatewayException when {@code tool_choice} names a tool the request does not send
     */
    public OpenAiChatUpstreamRequest write(ChatRequest req, String upstreamModel) throws GatewayException {
        return write(req, upstreamModel, Set.of());
    }

    /**
     * As {@link #write(ChatRequest, String)}, leaving out the top-level fields in {@code omit} (fields a backend
     * rejects) while the body is built, rather than copying the finished body without them.
     */
    public OpenAiChatUpstreamRequest write(ChatRequest req, String upstreamModel, Set<String> omit)
            throws GatewayException {
        JsonObjectBuilder body = Jsons.objectBuilder()
                .add("model", upstreamModel)
                .add("messages", messages.write(req));

        List<Tool> tools = sentTools(req);
        if (!tools.isEmpty()) {
            JsonArrayBuilder arr = Jsons.arrayBuilder();
            for (Tool t : tools) {
                JsonObjectBuilder fn = Jsons.objectBuilder().add("name", ToolNameMap.aliasFor(t.name()));
                if (t.description() != null) {
                    fn.add("description", t.description());
                }
                fn.add("parameters", schemaTransform.apply(t.inputSchema()));
                arr.add(Jsons.objectBuilder().add("type", "function").add("function", fn));
            }
            body.add("tools", arr);
            toolChoice(req.toolChoice(), tools, body);
        }

        if (req.maxTokens() != null) {
            body.add(profile.maxTokensField().wire(), req.maxTokens());
        }
        if (req.temperature() != null) {
            body.add("temperature", req.temperature());
        }
        if (req.topP() != null) {
            body.add("top_p", req.topP());
        }
        if (req.topK() != null && profile.supportsTopK()) {
            body.add("top_k", req.topK());
        }
        List<String> stop = req.stopSequences().stream().filter(s -> !s.isBlank())
                .limit(profile.maxStopSequences()).toList();
        if (!stop.isEmpty()) {
            JsonArrayBuilder arr = Jsons.arrayBuilder();
            stop.forEach(arr::add);
            body.add("stop", arr);
        }
        if (req.stream()) {
            body.add("stream", true);
            if (profile.supportsStreamOptions()) {
                body.add("stream_options", Jsons.objectBuilder().add("include_usage", true));
            }
        }
        String effort = reasoningEffort(req, profile);
        if (effort != null) {
            body.add("reasoning_effort", effort);
        }
        if (req.outputFormat() != null) {
            responseFormat(req.outputFormat(), body);
        }
        if (req.userId() != null && !req.userId().isEmpty()) {
            body.add("user", StableHash.userId(req.userId()));
        }
        for (String field : omit) {
            body.remove(field);
        }
        return new OpenAiChatUpstreamRequest(body.build(), ToolNameMap.of(toolNames(req, tools)));
    }

    /** Function tools that are loaded: {@code defer_loading} tools are unloaded by definition. */
    private static List<Tool> sentTools(ChatRequest req) {
        List<Tool> out = new ArrayList<>(req.tools().size());
        for (Tool t : req.tools()) {
            if (t.deferLoading()) {
                continue;
            }
            if (!t.isFunction()) {
                LOG.log(Level.FINE, "dropping server tool {0} ({1}) for an OpenAI upstream", new Object[]{t.name(), t.type()});
                continue;
            }
            out.add(t);
        }
        return out;
    }

    /** Every tool name the upstream may answer with: declared tools and calls in the history. */
    private static Set<String> toolNames(ChatRequest req, List<Tool> tools) {
        Set<String> names = new LinkedHashSet<>();
        tools.forEach(t -> names.add(t.name()));
        for (Message m : req.messages()) {
            for (ContentBlock b : m.content()) {
                if (b instanceof ContentBlock.ToolUse u) {
                    names.add(u.name());
                }
            }
        }
        return names;
    }

    private void toolChoice(ToolChoice choice, List<Tool> tools, JsonObjectBuilder body) throws GatewayException {
        if (choice == null) {
            return;
        }
        switch (choice.type()) {
            case AUTO -> body.add("tool_choice", "auto");
            case ANY -> body.add("tool_choice", "required");
            case NONE -> body.add("tool_choice", "none");
            case TOOL -> {
                if (tools.stream().noneMatch(t -> t.name().equals(choice.name()))) {
                    throw GatewayException.invalid("tool_choice.name",
                            "tool_choice names '" + choice.name() + "', which is not among the tools sent upstream");
                }
                body.add("tool_choice", Jsons.objectBuilder().add("type", "function")
                        .add("function", Jsons.objectBuilder().add("name", ToolNameMap.aliasFor(choice.name()))));
            }
        }
        if (choice.disableParallelToolUse() && choice.type() != ToolChoice.Type.NONE
                && profile.supportsParallelToolCalls()) {
            body.add("parallel_tool_calls", false);
        }
    }

    /**
     * Thinking and effort → {@code reasoning_effort}, or null to omit: adaptive + effort E → E
     * (default medium); enabled with budget B → low below 2048 (minimal below 1024 where allowed), medium below
     * 4096, else high; disabled → the profile's explicit off value or nothing; no thinking → the effort alone.
     */
    static String reasoningEffort(ChatRequest req, OpenAiChatProfile profile) {
        if (!profile.supportsReasoningEffort()) {
            return null;
        }
        ThinkingConfig t = req.thinking();
        if (t == null) {
            return req.effort() == null ? null : normalizeEffort(req.effort(), profile);
        }
        return switch (t.mode()) {
            case DISABLED -> profile.reasoningEffortOff();
            case ADAPTIVE -> normalizeEffort(req.effort() == null ? "medium" : req.effort(), profile);
            case ENABLED -> {
                int b = t.budgetTokens() == null ? 0 : t.budgetTokens();
                if (b < MIN_BUDGET && profile.allowsMinimalEffort()) {
                    yield "minimal";
                }
                yield normalizeEffort(EffortBudgets.DEFAULTS.effortOf(b), profile);
            }
        };
    }

    private static String normalizeEffort(String effort, OpenAiChatProfile profile) {
        return switch (effort) {
            case "low", "medium", "high" -> effort;
            case "xhigh", "max" -> profile.allowsXhighEffort() ? "xhigh" : "high";
            case "minimal" -> profile.allowsMinimalEffort() ? "minimal" : "low";
            case "none" -> profile.reasoningEffortOff();
            default -> "medium";
        };
    }

    /** {@code output_config.format} → {@code response_format}: "any object" is JSON mode, else a strict schema. */
    private void responseFormat(JsonObject format, JsonObjectBuilder body) {
        JsonObject schema = Jsons.obj(format, "schema");
        if (!"json_schema".equals(Jsons.str(format, "type")) || schema == null) {
            LOG.log(Level.FINE, "output format of type {0} has no OpenAI form; not sent", Jsons.str(format, "type"));
            return;
        }
        if (schema.equals(ANY_OBJECT_SCHEMA)) {
            body.add("response_format", Jsons.objectBuilder().add("type", "json_object"));
            return;
        }
        body.add("response_format", Jsons.objectBuilder().add("type", "json_schema")
                .add("json_schema", Jsons.objectBuilder().add("name", Jsons.str(format, "name", "response"))
                        .add("schema", schemaTransform.apply(schema)).add("strict", true)));
    }
}
