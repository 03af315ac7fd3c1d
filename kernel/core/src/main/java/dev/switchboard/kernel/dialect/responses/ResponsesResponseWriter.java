package dev.switchboard.kernel.dialect.responses;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatResponse;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.SignatureOrigin;
import dev.switchboard.wire.ThinkingSignatures;
import dev.switchboard.wire.WireIds;
import dev.switchboard.wire.responses.ResponsesStatus;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Canonical {@link ChatResponse} → the Responses response object a unary {@code POST /v1/responses}
 * client receives:
 * <pre>
 * {id:"resp_…", object:"response", created_at, status, error:null, incomplete_details, model, output[],
 *  …echoed request fields, store:false, usage}
 * </pre>
 * One output item per canonical block: {@code thinking} → {@code reasoning} ({@code rs_…}), {@code text} →
 * {@code message} ({@code msg_…}) with one {@code output_text}, {@code tool_use} → {@code function_call}
 * ({@code fc_…}, {@code call_id} = the canonical tool id). Blocks Responses cannot express
 * ({@code redacted_thinking}, opaque server-tool blocks) are left out, as are empty texts and thinking with
 * neither text nor a signature the client asked for. Stateless and thread-safe.
 */
public final class ResponsesResponseWriter {
    private static final Logger LOG = Logger.getLogger(ResponsesResponseWriter.class.getName());

    private ResponsesResponseWriter() {
    }

    /** Renders with a fresh {@code resp_} id and the current time; the model is {@code response.model()}. */
    public static JsonObject write(ChatResponse response, ResponsesWriterOptions options) {
        return write(response, WireIds.responseId(), Clock.systemUTC().instant().getEpochSecond(), options);
    }

    /**
     * Renders the response object.
     *
     * @param response   the canonical answer; its {@code model} is echoed (the kernel sets the requested name)
     * @param responseId the {@code resp_...} id to show
     * @param createdAt  epoch seconds
     * @param options    the client's rendering options
     */
    public static JsonObject write(ChatResponse response, String responseId, long createdAt,
                                   ResponsesWriterOptions options) {
        JsonArrayBuilder output = Jsons.arrayBuilder();
        for (ContentBlock block : response.content()) {
            JsonObject item = outputItem(block, options);
            if (item != null) {
                output.add(item);
            }
        }
        return ResponsesObjects.response(responseId, createdAt, response.model(),
                ResponsesStatus.statusOf(response.stopReason()), output.build(),
                ResponsesStatus.incompleteDetailsOf(response.stopReason()), null, response.usage(), options);
    }

    /** The output item for one block, or null when the block has no Responses form. */
    static JsonObject outputItem(ContentBlock block, ResponsesWriterOptions options) {
        return switch (block) {
            case ContentBlock.Text t -> t.text().isEmpty() ? null
                    : ResponsesObjects.messageItem(ResponsesObjects.newMessageId(), t.text(), ResponsesStatus.COMPLETED);
            case ContentBlock.Thinking t -> hasReasoningToShow(t.thinking(), t.signature(), options)
                    ? ResponsesObjects.reasoningItem(ResponsesObjects.newReasoningId(), t.thinking(),
                    ThinkingSignatures.toClient(t.signature(), t.origin(), SignatureOrigin.OPENAI_FAMILY),
                    options.includeEncryptedReasoning())
                    : null;
            case ContentBlock.ToolUse u -> ResponsesObjects.functionCallItem(ResponsesObjects.newFunctionCallId(),
                    u.id(), u.name(), u.input().toString(), ResponsesStatus.COMPLETED, options.namespaces());
            default -> {
                LOG.log(Level.FINE, "block type {0} has no Responses output item; left out", block.type());
                yield null;
            }
        };
    }

    /** A reasoning item is worth showing when it has summary text or an encrypted content the client wants. */
    static boolean hasReasoningToShow(String text, String signature, ResponsesWriterOptions options) {
        return !text.isEmpty() || options.includeEncryptedReasoning() && signature != null && !signature.isEmpty();
    }
}
