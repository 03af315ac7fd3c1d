package dev.switchboard.wire.responses;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import dev.switchboard.wire.SystemReminders;
import dev.switchboard.wire.ThinkingSignatures;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Canonical {@link ChatRequest} → the JSON body for a Responses upstream, such as Factory's
 * {@code /api/llm/o/v1/responses}:
 * <pre>
 * {model, input[], instructions, store:false, stream?, max_output_tokens?, temperature?, top_p?,
 *  parallel_tool_calls?, tools[]?, tool_choice?, reasoning?{effort, summary?}, include?, text?{format?, verbosity?},
 *  prompt_cache_key?}
 * </pre>
 * A Responses client's own options ({@code reasoning.summary}, {@code text.verbosity}, {@code include},
 * {@code prompt_cache_key}) are honoured and its {@code client_metadata} and {@code store} are not
 * ({@link ResponsesOnlyOptions}).
 * <ul>
 * <li>{@code instructions} = options prefix + the system blocks joined with {@code "\n\n"}.</li>
 * <li>User text → {@code input_text}; assistant text → {@code output_text}; images → {@code input_image} with
 *     a data URI or URL string; PDFs → {@code input_file}.</li>
 * <li>{@code tool_use} → {@code function_call} items; {@code tool_result} → {@code function_call_output} items
 *     placed before the rest of their user message, so each result directly follows its calls; images in a
 *     result go into a user message after the outputs.</li>
 * <li>Thinking with a signature the upstream's family issued ({@link ResponsesUpstreamOptions#signatureFamily()},
 *     {@link ThinkingSignatures}) → {@code reasoning} item with {@code encrypted_content}; without one (none, or
 *     another family's) the upstream cannot verify it, so it is dropped, as are {@code redacted_thinking} and
 *     opaque blocks.</li>
 * <li>Mid-conversation {@code role:"system"} messages are wrapped in {@code <system-reminder>} and merged into
 *     the adjacent user message, next else previous ({@link SystemReminders}); they are never dropped.</li>
 * <li>Function tools are flat with {@code strict:false} (omitted means strict, which makes every property
 *     required); hosted tools (those the upstream's hosted-tool policy let through) are written as
 *     {@code {type, ...their fields}}.</li>
 * </ul>
 * Pure and idempotent (retries re-translate the original request); stateless and thread-safe.
 */
public final class ResponsesRequestWriter {
    private static final Logger LOG = Logger.getLogger(ResponsesRequestWriter.class.getName());

    private ResponsesRequestWriter() {
    }

    /** Builds the upstream body. */
    public static JsonObject write(ChatRequest request, ResponsesUpstreamOptions options) {
        JsonObjectBuilder b = Jsons.objectBuilder()
                .add("model", request.model())
                .add("input", input(SystemReminders.merge(request.messages()), options.signatureFamily()));
        String instructions = (options.instructionsPrefix() == null ? "" : options.instructionsPrefix())
                + request.systemText();
        if (!instructions.isEmpty()) {
            b.add("instructions", instructions);
        }
        b.add("store", false);
        if (request.stream()) {
            b.add("stream", true);
        }
        if (request.maxTokens() != null) {
            b.add("max_output_tokens", request.maxTokens());
        }
        if (request.temperature() != null) {
            b.add("temperature", request.temperature());
        }
        if (request.topP() != null) {
            b.add("top_p", request.topP());
        }
        List<Tool> tools = request.tools().stream().filter(ResponsesRequestWriter::isSendableTool).toList();
        if (!tools.isEmpty()) {
            ToolChoice choice = request.toolChoice();
            if (choice != null && choice.disableParallelToolUse()) {
                b.add("parallel_tool_calls", false);
            }
            JsonArrayBuilder arr = Jsons.arrayBuilder();
            tools.forEach(t -> arr.add(tool(t)));
            b.add("tools", arr);
            if (choice != null) {
                b.add("tool_choice", toolChoice(choice, tools));
            }
        }
        String effort = effort(request, options);
        if (effort != null) {
            JsonObjectBuilder reasoning = Jsons.objectBuilder().add("effort", effort);
            String summary = ResponsesOnlyOptions.summary(request);
            if (summary != null || options.reasoningSummary()) {
                reasoning.add("summary", summary != null ? summary : "auto");
            }
            b.add("reasoning", reasoning);
        }
        JsonArray include = ResponsesOnlyOptions.include(request, effort != null, options.includeEncryptedReasoning());
        if (include != null) {
            b.add("include", include);
        }
        JsonObjectBuilder text = Jsons.objectBuilder();
        if (request.outputFormat() != null) {
            text.add("format", textFormat(request.outputFormat()));
        }
        String verbosity = ResponsesOnlyOptions.verbosity(request);
        if (verbosity != null) {
            text.add("verbosity", verbosity);
        }
        JsonObject textObject = text.build();
        if (!textObject.isEmpty()) {
            b.add("text", textObject);
        }
        String cacheKey = ResponsesOnlyOptions.promptCacheKey(request);
        if (cacheKey != null) {
            b.add("prompt_cache_key", cacheKey);
        }
        return b.build();
    }

    private static String effort(ChatRequest request, ResponsesUpstreamOptions options) {
        String override = options.reasoningEffort();
        if (override == null) {
            return ResponsesReasoning.effortOf(request, options.xhighSupported());
        }
        return ResponsesUpstreamOptions.EFFORT_OFF.equals(override) || "false".equals(override) ? null : override;
    }

    private static boolean isSendableTool(Tool t) {
        if (t.deferLoading()) {
            return false; // declared but not loaded: only Anthropic upstreams know deferred tools
        }
        return true;
    }

    private static JsonObject tool(Tool t) {
        if (!t.isFunction()) {
            JsonObjectBuilder hosted = Jsons.objectBuilder().add("type", t.type());
            t.extensions().forEach(hosted::add);
            return hosted.build();
        }
        JsonObjectBuilder b = Jsons.objectBuilder().add("type", "function").add("name", t.name());
        if (t.description() != null) {
            b.add("description", t.description());
        }
        return b.add("parameters", t.inputSchema()).add("strict", false).build();
    }

    private static JsonValue toolChoice(ToolChoice c, List<Tool> tools) {
        return switch (c.type()) {
            case AUTO -> Jsons.value("auto");
            case ANY -> Jsons.value("required");
            case NONE -> Jsons.value("none");
            case TOOL -> tools.stream().filter(t -> !t.isFunction() && t.name().equals(c.name())).findFirst()
                    .map(t -> Jsons.objectBuilder().add("type", t.type()).build())
                    .orElseGet(() -> Jsons.objectBuilder().add("type", "function").add("name", c.name()).build());
        };
    }

    /** Canonical {@code {type:"json_schema", schema}} → {@code text.format}; strict off for the same reason as tools. */
    private static JsonObject textFormat(JsonObject format) {
        JsonObject schema = Jsons.obj(format, "schema");
        if (schema == null) {
            return Jsons.objectBuilder().add("type", "json_object").build();
        }
        return Jsons.objectBuilder()
                .add("type", "json_schema")
                .add("name", Jsons.str(format, "name", "response"))
                .add("schema", schema)
                .add("strict", false)
                .build();
    }

    private static JsonArray input(List<Message> messages, String signatureFamily) {
        JsonArrayBuilder items = Jsons.arrayBuilder();
        for (Message m : messages) {
            switch (m.role()) {
                // SystemReminders has already turned every system message into user content.
                case USER, SYSTEM -> userItems(m, items);
                case ASSISTANT -> assistantItems(m, items, signatureFamily);
            }
        }
        return items.build();
    }

    private static void userItems(Message m, JsonArrayBuilder items) {
        List<JsonObject> parts = new ArrayList<>();
        List<JsonObject> resultImages = new ArrayList<>();
        for (ContentBlock block : m.content()) {
            if (block instanceof ContentBlock.ToolResult r) {
                items.add(functionCallOutput(r, resultImages));
            }
        }
        parts.addAll(resultImages);
        for (ContentBlock block : m.content()) {
            if (!(block instanceof ContentBlock.ToolResult)) {
                JsonObject part = userPart(block);
                if (part != null) {
                    parts.add(part);
                }
            }
        }
        if (!parts.isEmpty()) {
            items.add(message("user", parts));
        }
    }

    private static JsonObject functionCallOutput(ContentBlock.ToolResult r, List<JsonObject> images) {
        for (ContentBlock b : r.content()) {
            if (b instanceof ContentBlock.Image img) {
                images.add(inputImage(img.source()));
            }
        }
        String output = r.joinedText();
        if (r.isError()) {
            output = "[tool error] " + output;
        }
        return Jsons.objectBuilder()
                .add("type", "function_call_output")
                .add("call_id", r.toolUseId())
                .add("output", output)
                .build();
    }

    private static JsonObject userPart(ContentBlock block) {
        return switch (block) {
            case ContentBlock.Text t -> t.text().isEmpty() ? null : inputText(t.text());
            case ContentBlock.Image img -> inputImage(img.source());
            case ContentBlock.Document d -> document(d);
            default -> {
                LOG.log(Level.FINE, "user block type {0} has no Responses form; left out", block.type());
                yield null;
            }
        };
    }

    private static JsonObject document(ContentBlock.Document d) {
        MediaSource s = d.source();
        return switch (s.kind()) {
            case TEXT -> inputText(s.data());
            case BASE64 -> {
                JsonObjectBuilder b = Jsons.objectBuilder().add("type", "input_file")
                        .add("filename", d.title() != null ? d.title() : "document.pdf")
                        .add("file_data", "data:" + (s.mediaType() == null ? "application/pdf" : s.mediaType())
                                + ";base64," + s.data());
                yield b.build();
            }
            case URL -> Jsons.objectBuilder().add("type", "input_file").add("file_url", s.url()).build();
            case FILE -> Jsons.objectBuilder().add("type", "input_file").add("file_id", s.url()).build();
        };
    }

    private static void assistantItems(Message m, JsonArrayBuilder items, String signatureFamily) {
        List<JsonObject> texts = new ArrayList<>();
        for (ContentBlock block : m.content()) {
            switch (block) {
                case ContentBlock.Text t -> {
                    if (!t.text().isEmpty()) {
                        texts.add(Jsons.objectBuilder().add("type", "output_text").add("text", t.text()).build());
                    }
                }
                case ContentBlock.ToolUse u -> {
                    flushAssistantText(texts, items);
                    items.add(Jsons.objectBuilder()
                            .add("type", "function_call")
                            .add("call_id", u.id())
                            .add("name", u.name())
                            .add("arguments", u.input().toString())
                            .build());
                }
                case ContentBlock.Thinking t -> {
                    if (!t.signature().isEmpty() && ThinkingSignatures.sendable(t.origin(), signatureFamily)) {
                        flushAssistantText(texts, items);
                        items.add(reasoningItem(t));
                    }
                }
                default -> LOG.log(Level.FINE, "assistant block type {0} has no Responses form; left out",
                        block.type());
            }
        }
        flushAssistantText(texts, items);
    }

    private static void flushAssistantText(List<JsonObject> texts, JsonArrayBuilder items) {
        if (!texts.isEmpty()) {
            items.add(message("assistant", texts));
            texts.clear();
        }
    }

    private static JsonObject message(String role, List<JsonObject> parts) {
        JsonArrayBuilder content = Jsons.arrayBuilder();
        parts.forEach(content::add);
        // The type-less (EasyInputMessage) form, which Factory is known to accept.
        return Jsons.objectBuilder().add("role", role).add("content", content).build();
    }

    private static JsonObject inputText(String text) {
        return Jsons.objectBuilder().add("type", "input_text").add("text", text).build();
    }

    /** G-4: the image as one string, a data URI for inline bytes or the URL itself. */
    private static JsonObject inputImage(MediaSource source) {
        return Jsons.objectBuilder()
                .add("type", "input_image")
                .add("image_url", source.toDataUriOrUrl())
                .add("detail", "auto")
                .build();
    }

    /** An input-side reasoning item (no id: with {@code store:false} the upstream has nothing to look up). */
    private static JsonObject reasoningItem(ContentBlock.Thinking t) {
        JsonArrayBuilder summary = Jsons.arrayBuilder();
        if (!t.thinking().isEmpty()) {
            summary.add(summaryText(t.thinking()));
        }
        return Jsons.objectBuilder()
                .add("type", "reasoning")
                .add("summary", summary)
                .add("encrypted_content", t.signature())
                .build();
    }

    /** {@code {type:"summary_text", text}}: a reasoning item's summary part. */
    private static JsonObject summaryText(String text) {
        return Jsons.objectBuilder().add("type", "summary_text").add("text", text).build();
    }
}
