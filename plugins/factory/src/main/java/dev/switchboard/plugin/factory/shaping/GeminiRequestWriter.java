package dev.switchboard.plugin.factory.shaping;

import dev.switchboard.plugin.factory.model.ReasoningLevel;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.Tool;
import dev.switchboard.spi.model.ToolChoice;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.wire.SystemReminders;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Canonical request → the body of Factory's Google family ({@code /api/llm/g/v1/generate}): a Gemini
 * {@code generateContent} body plus a top-level {@code model}.
 * This family is the least known of Factory's API: no {@code stream} field is sent (how the endpoint
 * selects SSE is unknown), and thought signatures are not replayed. Mid-conversation system messages
 * become reminders in the adjacent user turn; tool schemas are cleaned for Gemini ({@link GeminiSchema}).
 * Stateless and thread-safe.
 */
public final class GeminiRequestWriter {
    private static final Logger LOG = Logger.getLogger(GeminiRequestWriter.class.getName());

    private GeminiRequestWriter() {
    }

    /**
     * @param r             the canonical request (already rewritten)
     * @param upstreamModel the id to send
     * @param systemPrompt  the Droid prompt, first in {@code systemInstruction.parts}, or {@code ""}
     * @param level         the model's reasoning level
     */
    public static JsonObject write(ChatRequest r, String upstreamModel, String systemPrompt, ReasoningLevel level) {
        JsonObjectBuilder b = Jsons.objectBuilder().add("model", upstreamModel);
        Map<String, String> toolNames = new HashMap<>();
        JsonArrayBuilder contents = Jsons.arrayBuilder();
        for (Message m : SystemReminders.merge(r.messages())) {
            JsonArrayBuilder parts = Jsons.arrayBuilder();
            int n = 0;
            for (ContentBlock block : m.content()) {
                JsonObject part = part(block, toolNames);
                if (part != null) {
                    parts.add(part);
                    n++;
                }
            }
            if (n > 0) {
                contents.add(Jsons.objectBuilder().add("role", m.role() == Role.ASSISTANT ? "model" : "user")
                        .add("parts", parts));
            }
        }
        b.add("contents", contents);
        JsonArrayBuilder sys = Jsons.arrayBuilder();
        int sysParts = 0;
        if (!systemPrompt.isEmpty()) {
            sys.add(Jsons.objectBuilder().add("text", systemPrompt));
            sysParts++;
        }
        for (ContentBlock.Text t : r.system()) {
            if (!t.text().isEmpty()) {
                sys.add(Jsons.objectBuilder().add("text", t.text()));
                sysParts++;
            }
        }
        if (sysParts > 0) {
            b.add("systemInstruction", Jsons.objectBuilder().add("parts", sys));
        }
        b.add("generationConfig", generationConfig(r, level));
        List<Tool> tools = r.tools().stream().filter(t -> t.isFunction() && !t.deferLoading()).toList();
        if (!tools.isEmpty()) {
            JsonArrayBuilder decls = Jsons.arrayBuilder();
            for (Tool t : tools) {
                JsonObjectBuilder d = Jsons.objectBuilder().add("name", t.name());
                if (t.description() != null) {
                    d.add("description", t.description());
                }
                decls.add(d.add("parameters", GeminiSchema.clean(t.inputSchema())));
            }
            b.add("tools", Jsons.arrayBuilder().add(Jsons.objectBuilder().add("functionDeclarations", decls)));
            if (r.toolChoice() != null) {
                b.add("toolConfig", toolConfig(r.toolChoice()));
            }
        }
        return b.build();
    }

    private static JsonObject generationConfig(ChatRequest r, ReasoningLevel level) {
        JsonObjectBuilder g = Jsons.objectBuilder();
        if (r.maxTokens() != null) {
            g.add("maxOutputTokens", r.maxTokens());
        }
        if (r.temperature() != null) {
            g.add("temperature", r.temperature());
        }
        if (r.topP() != null) {
            g.add("topP", r.topP());
        }
        if (r.topK() != null) {
            g.add("topK", r.topK());
        }
        if (!r.stopSequences().isEmpty()) {
            g.add("stopSequences", Jsons.arrayBuilder(r.stopSequences()));
        }
        String thinking = thinkingLevel(r, level);
        if (thinking != null) {
            g.add("thinkingConfig", Jsons.objectBuilder().add("thinkingLevel", thinking));
        }
        return g.build();
    }

    /** Forced low/medium/high → LOW/MEDIUM/HIGH; xhigh and off → none; auto → the client's effort. */
    static String thinkingLevel(ChatRequest r, ReasoningLevel level) {
        return switch (level) {
            case LOW, MEDIUM, HIGH -> level.wire().toUpperCase(Locale.ROOT);
            case XHIGH, OFF -> null;
            case AUTO -> {
                String e = r.effort() == null ? null : r.effort().toLowerCase(Locale.ROOT);
                yield r.thinkingOn() && e != null && List.of("low", "medium", "high").contains(e)
                        ? e.toUpperCase(Locale.ROOT) : null;
            }
        };
    }

    private static JsonObject toolConfig(ToolChoice c) {
        JsonObjectBuilder f = Jsons.objectBuilder();
        switch (c.type()) {
            case AUTO -> f.add("mode", "AUTO");
            case NONE -> f.add("mode", "NONE");
            case ANY -> f.add("mode", "ANY");
            case TOOL -> f.add("mode", "ANY").add("allowedFunctionNames", Jsons.arrayBuilder().add(c.name()));
        }
        return Jsons.objectBuilder().add("functionCallingConfig", f).build();
    }

    private static JsonObject part(ContentBlock block, Map<String, String> toolNames) {
        return switch (block) {
            case ContentBlock.Text t -> t.text().isEmpty() ? null : Jsons.objectBuilder().add("text", t.text()).build();
            case ContentBlock.Image i -> media(i.source());
            case ContentBlock.Document d -> d.source().kind() == MediaSource.Kind.TEXT
                    ? Jsons.objectBuilder().add("text", d.source().data()).build() : media(d.source());
            case ContentBlock.ToolUse u -> {
                toolNames.put(u.id(), u.name());
                yield Jsons.objectBuilder().add("functionCall",
                        Jsons.objectBuilder().add("name", u.name()).add("args", u.input())).build();
            }
            case ContentBlock.ToolResult tr -> {
                String text = tr.isError() ? "[tool error] " + tr.joinedText() : tr.joinedText();
                // Gemini matches a response to its call by function name, so the name is looked up by id.
                yield Jsons.objectBuilder().add("functionResponse", Jsons.objectBuilder()
                        .add("name", toolNames.getOrDefault(tr.toolUseId(), tr.toolUseId()))
                        .add("response", Jsons.objectBuilder().add("content", text))).build();
            }
            default -> {
                LOG.log(Level.FINE, "block type {0} has no Gemini form; left out", block.type());
                yield null;
            }
        };
    }

    private static JsonObject media(MediaSource s) {
        if (s.kind() == MediaSource.Kind.BASE64) {
            return Jsons.objectBuilder().add("inlineData", Jsons.objectBuilder()
                    .add("mimeType", s.mediaType() == null ? "image/jpeg" : s.mediaType()).add("data", s.data())).build();
        }
        if (s.kind() == MediaSource.Kind.URL) {
            JsonObjectBuilder f = Jsons.objectBuilder().add("fileUri", s.url());
            if (s.mediaType() != null) {
                f.add("mimeType", s.mediaType());
            }
            return Jsons.objectBuilder().add("fileData", f).build();
        }
        return null;
    }
}
