package dev.switchboard.kernel.dialect.responses;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Objects;

/**
 * How a Responses client wants its answer rendered, read from its request by
 * {@link ResponsesRequestReader} and handed to {@link ResponsesResponseWriter} or
 * {@link ResponsesStreamWriter}. Immutable and thread-safe.
 *
 * @param includeEncryptedReasoning the client sent {@code include:["reasoning.encrypted_content"]}, so thinking
 *                                  signatures go out as reasoning items' {@code encrypted_content}
 * @param requestEcho               request fields the response object repeats ({@code instructions},
 *                                  {@code tools}, {@code tool_choice}, {@code parallel_tool_calls},
 *                                  {@code temperature}, {@code top_p}, {@code max_output_tokens},
 *                                  {@code reasoning}, {@code text}, {@code metadata}); strict SDKs
 *                                  (openai-java) require {@code tools}, {@code tool_choice} and
 *                                  {@code parallel_tool_calls} on every response object
 * @param namespaces                the request's namespaced tools, so a call of one is written with the client's
 *                                  own {@code name} and {@code namespace}
 */
public record ResponsesWriterOptions(boolean includeEncryptedReasoning, JsonObject requestEcho,
                                     ToolNamespaces namespaces) {

    /** No encrypted reasoning, nothing to echo (the writer fills the required fields with defaults). */
    public static final ResponsesWriterOptions DEFAULTS = new ResponsesWriterOptions(false, JsonValue.EMPTY_JSON_OBJECT);

    public ResponsesWriterOptions {
        requestEcho = Objects.requireNonNullElse(requestEcho, JsonValue.EMPTY_JSON_OBJECT);
        namespaces = Objects.requireNonNullElse(namespaces, ToolNamespaces.NONE);
    }

    /** Options for a request without namespaced tools. */
    public ResponsesWriterOptions(boolean includeEncryptedReasoning, JsonObject requestEcho) {
        this(includeEncryptedReasoning, requestEcho, ToolNamespaces.NONE);
    }
}
