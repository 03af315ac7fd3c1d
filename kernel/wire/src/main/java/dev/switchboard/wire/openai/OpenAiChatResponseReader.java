package dev.switchboard.wire.openai;

import dev.switchboard.wire.ToolArguments;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.wire.WireIds;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Decodes a unary OpenAI {@code chat.completion} from an upstream into a canonical answer: reasoning first as
 * thinking with an empty signature, then the text (none for {@code null}/{@code ""}), then tool calls whatever {@code finish_reason} says (new-api kept them only for
 * {@code "tool_calls"}), with sanitised ids and restored names; missing usage is zeros. Immutable and
 * thread-safe.
 */
public final class OpenAiChatResponseReader {
    private static final Logger LOG = Logger.getLogger(OpenAiChatResponseReader.class.getName());

    private final String messageId;
    private final String model;
    private final ToolNameMap toolNames;
    private final String reasoningField;

    /**
     * @param messageId      the canonical message id to report
     * @param model          the model name to report (the one the client asked for)
     * @param toolNames      aliases from the request writer
     * @param reasoningField the profile's reasoning field (checked before {@code reasoning_content}/{@code reasoning})
     */
    public OpenAiChatResponseReader(String messageId, String model, ToolNameMap toolNames, String reasoningField) {
        this.messageId = Objects.requireNonNull(messageId, "messageId");
        this.model = model;
        this.toolNames = toolNames == null ? ToolNameMap.EMPTY : toolNames;
        this.reasoningField = reasoningField == null ? "reasoning_content" : reasoningField;
    }

    /**
     * @throws GatewayException the body's own {@code error}, classified; or
     *                          {@link ErrorKind#UPSTREAM_BAD_RESPONSE} when it is not a chat completion
     */
    public ChatResponse read(byte[] body) throws GatewayException {
        JsonObject o;
        try {
            o = Jsons.parseObject(body);
        } catch (JsonException e) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream response is not JSON", e);
        }
        JsonValue error = o.get("error");
        if (OpenAiErrorMapping.isTruthy(error)) {
            throw new GatewayException(OpenAiErrorMapping.kindOf(error), OpenAiErrorMapping.messageOf(error));
        }
        JsonArray choices = Jsons.arr(o, "choices");
        JsonObject choice = choices == null || choices.isEmpty()
                || choices.get(0).getValueType() != JsonValue.ValueType.OBJECT ? null : choices.getJsonObject(0);
        JsonObject message = Jsons.obj(choice, "message");
        if (message == null) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "upstream response has no choices[0].message");
        }
        List<ContentBlock> content = new ArrayList<>();
        String reasoning = reasoning(message, reasoningField);
        if (reasoning != null && !reasoning.isEmpty()) {
            content.add(new ContentBlock.Thinking(reasoning, ""));
        }
        String text = text(message.get("content"));
        if (!text.isEmpty()) {
            content.add(new ContentBlock.Text(text));
        }
        String refusal = Jsons.str(message, "refusal");
        boolean refused = refusal != null && !refusal.isEmpty();
        if (refused) {
            content.add(new ContentBlock.Text(refusal));
        }
        int tools = 0;
        JsonArray calls = Jsons.arr(message, "tool_calls");
        if (calls != null) {
            for (JsonValue v : calls) {
                if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                    continue;
                }
                JsonObject fn = Jsons.obj(v.asJsonObject(), "function");
                ContentBlock.ToolUse u = toolUse(Jsons.str(v.asJsonObject(), "id"), fn);
                if (u != null) {
                    content.add(u);
                    tools++;
                }
            }
        }
        ContentBlock.ToolUse legacy = toolUse(null, Jsons.obj(message, "function_call"));
        if (legacy != null) {
            content.add(legacy);
            tools++;
        }
        StopReason stop = OpenAiFinishReasons.toStopReason(Jsons.str(choice, "finish_reason"), tools > 0);
        if (refused && tools == 0) {
            stop = StopReason.REFUSAL;
        }
        return new ChatResponse(messageId, model, content, stop, null, OpenAiUsage.fromOpenAi(Jsons.obj(o, "usage")));
    }

    /** The reasoning text of a message or delta: the profile's field, then {@code reasoning_content}, {@code reasoning}. */
    static String reasoning(JsonObject o, String preferredField) {
        return reasoning(Jsons.str(o, preferredField), Jsons.str(o, "reasoning_content"), Jsons.str(o, "reasoning"));
    }

    /** The same preference over the three fields' string values (null when absent or not a string). */
    static String reasoning(String preferred, String reasoningContent, String reasoning) {
        if (preferred != null && !preferred.isEmpty()) {
            return preferred;
        }
        if (reasoningContent != null && !reasoningContent.isEmpty()) {
            return reasoningContent;
        }
        return reasoning;
    }

    /** Content as a string, or the texts of a parts array (some backends answer with parts). */
    private static String text(JsonValue v) {
        if (v instanceof JsonString s) {
            return s.getString();
        }
        StringBuilder sb = new StringBuilder();
        if (v != null && v.getValueType() == JsonValue.ValueType.ARRAY) {
            for (JsonValue p : v.asJsonArray()) {
                if (p.getValueType() == JsonValue.ValueType.OBJECT) {
                    String t = Jsons.str(p.asJsonObject(), "text");
                    if (t != null) {
                        sb.append(t);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** A tool call, or null when it has no name (nothing could run it). */
    private ContentBlock.ToolUse toolUse(String id, JsonObject fn) {
        String name = Jsons.str(fn, "name");
        if (name == null || name.isEmpty()) {
            if (fn != null) {
                LOG.warning("upstream tool call without a function name dropped");
            }
            return null;
        }
        return new ContentBlock.ToolUse(WireIds.sanitizeToolId(id, "toolu_"), toolNames.restore(name),
                parseArguments(fn.get("arguments"), name));
    }

    /** Arguments → object by the one tool-argument policy ({@link ToolArguments}). */
    static JsonObject parseArguments(JsonValue v, String toolName) {
        return ToolArguments.parse(v, toolName);
    }
}
