package dev.switchboard.wire.responses;

import dev.switchboard.wire.ToolArguments;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import dev.switchboard.wire.WireIds;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Responses upstream's response object → canonical {@link ChatResponse}: {@code reasoning} → thinking (summary joined, signature =
 * {@code encrypted_content} or {@code ""}), {@code message} → one text block (its {@code output_text} and
 * {@code refusal} parts), {@code function_call} → {@code tool_use} with {@code id = call_id}; other items
 * (hosted tool calls) have no canonical form and are left out. Stateless and thread-safe.
 */
public final class ResponsesResponseReader {
    private static final Logger LOG = Logger.getLogger(ResponsesResponseReader.class.getName());

    private ResponsesResponseReader() {
    }

    /**
     * Reads a response object.
     *
     * @throws GatewayException when the response failed ({@code status:"failed"} or an {@code error}), with the
     *                          kind its error code means
     */
    public static ChatResponse read(JsonObject response) throws GatewayException {
        return read(response, SignatureOrigin.OPENAI);
    }

    /**
     * Reads a Responses object of an upstream whose reasoning {@code encrypted_content} is issued by {@code origin}.
     */
    public static ChatResponse read(JsonObject response, SignatureOrigin origin) throws GatewayException {
        JsonObject error = Jsons.obj(response, "error");
        if (error != null || ResponsesStatus.FAILED.equals(Jsons.str(response, "status"))) {
            throw failure(error);
        }
        List<ContentBlock> content = new ArrayList<>();
        boolean refusal = false;
        boolean sawToolCall = false;
        JsonArray output = Jsons.arr(response, "output");
        if (output != null) {
            for (JsonValue v : output) {
                if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                    continue;
                }
                JsonObject item = v.asJsonObject();
                switch (Jsons.str(item, "type", "")) {
                    case "reasoning" -> {
                        ContentBlock.Thinking t = thinking(item, origin);
                        if (t != null) {
                            content.add(t);
                        }
                    }
                    case "message" -> {
                        MessageText m = messageText(item);
                        refusal |= m.refusal();
                        if (!m.text().isEmpty()) {
                            content.add(new ContentBlock.Text(m.text()));
                        }
                    }
                    case "function_call" -> {
                        ContentBlock.ToolUse u = toolUse(item);
                        if (u != null) {
                            content.add(u);
                            sawToolCall = true;
                        }
                    }
                    default -> LOG.log(Level.FINE, "Responses output item type {0} has no canonical form; left out",
                            Jsons.str(item, "type"));
                }
            }
        }
        String status = Jsons.str(response, "status", ResponsesStatus.COMPLETED);
        String incompleteReason = Jsons.str(Jsons.obj(response, "incomplete_details"), "reason");
        StopReason stop = ResponsesStatus.stopReasonOf(status, incompleteReason, sawToolCall, refusal);
        Usage usage = parseUsage(Jsons.obj(response, "usage"));
        return new ChatResponse(Jsons.str(response, "id", WireIds.messageId()), Jsons.str(response, "model"), content,
                stop, null, usage);
    }

    /** The exception a failed response or an {@code error} object stands for. */
    static GatewayException failure(JsonObject error) {
        String code = Jsons.str(error, "code", Jsons.str(error, "type"));
        String message = Jsons.str(error, "message", "upstream response failed");
        ErrorKind kind = ResponsesErrors.kindOf(code);
        return new GatewayException(kind, message);
    }

    /** Thinking from a reasoning item; null when it has neither text nor encrypted content. */
    static ContentBlock.Thinking thinking(JsonObject item, SignatureOrigin origin) {
        String text = joinTexts(Jsons.arr(item, "summary"));
        if (text.isEmpty()) {
            text = joinTexts(Jsons.arr(item, "content")); // reasoning_text parts of open-weight servers
        }
        String signature = Jsons.str(item, "encrypted_content", "");
        return text.isEmpty() && signature.isEmpty() ? null : new ContentBlock.Thinking(text, signature, origin);
    }

    /** A message item's text and whether it refused. */
    record MessageText(String text, boolean refusal) {
    }

    static MessageText messageText(JsonObject item) {
        StringBuilder sb = new StringBuilder();
        boolean refusal = false;
        JsonArray parts = Jsons.arr(item, "content");
        if (parts != null) {
            for (JsonValue p : parts) {
                if (p.getValueType() != JsonValue.ValueType.OBJECT) {
                    continue;
                }
                JsonObject part = p.asJsonObject();
                String type = Jsons.str(part, "type", "");
                if (type.equals("refusal")) {
                    refusal = true;
                    sb.append(Jsons.str(part, "refusal", ""));
                } else if (type.equals("output_text") || type.equals("text")) {
                    sb.append(Jsons.str(part, "text", ""));
                }
            }
        }
        return new MessageText(sb.toString(), refusal);
    }

    /** A tool use from a function call item; null (logged) when it has no name. */
    static ContentBlock.ToolUse toolUse(JsonObject item) {
        String name = Jsons.str(item, "name");
        if (name == null || name.isEmpty()) {
            LOG.warning("Responses function_call without a name left out");
            return null;
        }
        String callId = Jsons.str(item, "call_id", Jsons.str(item, "id"));
        return new ContentBlock.ToolUse(WireIds.sanitizeToolId(callId, "call_"), name,
                argumentsObject(Jsons.str(item, "arguments", ""), name));
    }

    /** The arguments by the one tool-argument policy ({@link ToolArguments}). */
    static JsonObject argumentsObject(String arguments, String toolName) {
        return ToolArguments.parse(arguments, toolName);
    }

    private static String joinTexts(JsonArray parts) {
        StringBuilder sb = new StringBuilder();
        if (parts == null) {
            return "";
        }
        for (JsonValue p : parts) {
            if (p.getValueType() != JsonValue.ValueType.OBJECT) {
                continue;
            }
            String t = Jsons.str(p.asJsonObject(), "text", "");
            if (!t.isEmpty()) {
                if (!sb.isEmpty()) {
                    sb.append("\n\n");
                }
                sb.append(t);
            }
        }
        return sb.toString();
    }

    /**
     * The Responses → canonical usage: {@code read = cached_tokens}, {@code creation =
     * cache_write_tokens} (absent = 0, as OpenAI Chat's {@code cache_write_tokens}), {@code input =
     * input_tokens − read − creation}. Null when the object carries no usage.
     */
    static Usage parseUsage(JsonObject usage) {
        if (usage == null) {
            return null;
        }
        long input = Math.max(0, Jsons.lng(usage, "input_tokens", 0));
        JsonObject details = Jsons.obj(usage, "input_tokens_details");
        long read = Math.min(Math.max(0, Jsons.lng(details, "cached_tokens", 0)), input);
        long creation = Math.min(Math.max(0, Jsons.lng(details, "cache_write_tokens", 0)), input - read);
        long output = Math.max(0, Jsons.lng(usage, "output_tokens", 0));
        return new Usage(input - read - creation, output, creation, read, UsageSource.UPSTREAM);
    }
}
