package dev.switchboard.wire.openai;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.CacheControl;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.MediaSource;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
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
 * Converts the canonical system blocks and conversation into an OpenAI Chat {@code messages[]} array for an
 * upstream: tool results become {@code role:"tool"} messages placed before the
 * rest of their user message, images from tool results move into one user message after the tool batch,
 * assistant tool calls become {@code tool_calls} with {@code content:null}, thinking is dropped or replayed per
 * profile, and mid-conversation system messages are folded into a user message unless the profile allows
 * them anywhere. Immutable and thread-safe.
 */
final class OpenAiChatMessagesWriter {
    private static final Logger LOG = Logger.getLogger(OpenAiChatMessagesWriter.class.getName());
    static final String TOOL_ERROR_PREFIX = "[tool error] ";
    static final String IMAGE_PLACEHOLDER = "[image omitted: this model does not accept images]";

    private final OpenAiChatProfile profile;

    OpenAiChatMessagesWriter(OpenAiChatProfile profile) {
        this.profile = profile;
    }

    JsonArray write(ChatRequest req) {
        JsonArrayBuilder out = Jsons.arrayBuilder();
        system(req.system(), out);
        List<Message> messages = profile.systemAnywhere() ? req.messages() : foldSystemMessages(req.messages());
        for (int i = 0; i < messages.size(); i++) {
            Message m = messages.get(i);
            switch (m.role()) {
                case SYSTEM -> {
                    String text = joinTexts(m.content(), "\n\n");
                    if (!text.isEmpty()) {
                        out.add(Jsons.objectBuilder().add("role", "system").add("content", text));
                    }
                }
                case USER -> user(m, i == messages.size() - 1, out);
                case ASSISTANT -> assistant(m, out);
            }
        }
        return out.build();
    }

    /** The top-level system blocks as the first message: one string, or text parts where accepted. */
    private void system(List<ContentBlock.Text> system, JsonArrayBuilder out) {
        List<ContentBlock.Text> texts = system.stream().filter(t -> !t.text().isEmpty()).toList();
        if (texts.isEmpty()) {
            return;
        }
        JsonObjectBuilder msg = Jsons.objectBuilder().add("role", "system");
        if (profile.acceptsArraySystemContent()) {
            JsonArrayBuilder parts = Jsons.arrayBuilder();
            texts.forEach(t -> parts.add(textPart(t.text(), t.cacheControl())));
            msg.add("content", parts);
        } else {
            msg.add("content", joinTexts(new ArrayList<>(texts), "\n\n"));
        }
        out.add(msg);
    }

    /**
     * The default conversion: each {@code role:"system"} message becomes a {@code <system-reminder>} text
     * merged into the adjacent user message (the next one, else the previous one, else a user message of its
     * own). It is never dropped: it carries Claude Code's environment and deferred-tool list.
     */
    static List<Message> foldSystemMessages(List<Message> in) {
        List<Message> out = new ArrayList<>(in.size());
        List<ContentBlock> pending = new ArrayList<>();
        for (Message m : in) {
            if (m.role() == Role.SYSTEM) {
                String text = joinTexts(m.content(), "\n\n");
                if (!text.isEmpty()) {
                    pending.add(new ContentBlock.Text("<system-reminder>\n" + text + "\n</system-reminder>"));
                }
                continue;
            }
            if (!pending.isEmpty()) {
                if (m.role() == Role.USER) {
                    m = withReminders(m, pending);
                } else {
                    attachToPrevious(out, pending);
                }
                pending = new ArrayList<>();
            }
            out.add(m);
        }
        if (!pending.isEmpty()) {
            attachToPrevious(out, pending);
        }
        return out;
    }

    private static void attachToPrevious(List<Message> out, List<ContentBlock> reminders) {
        int last = out.size() - 1;
        if (last >= 0 && out.get(last).role() == Role.USER) {
            List<ContentBlock> blocks = new ArrayList<>(out.get(last).content());
            blocks.addAll(reminders);
            out.set(last, new Message(Role.USER, blocks));
        } else {
            out.add(new Message(Role.USER, reminders));
        }
    }

    /** Inserts the reminders after the message's tool results, which must stay right after their calls. */
    private static Message withReminders(Message m, List<ContentBlock> reminders) {
        List<ContentBlock> blocks = new ArrayList<>(m.content().size() + reminders.size());
        int i = 0;
        while (i < m.content().size() && m.content().get(i) instanceof ContentBlock.ToolResult) {
            blocks.add(m.content().get(i++));
        }
        blocks.addAll(reminders);
        blocks.addAll(m.content().subList(i, m.content().size()));
        return new Message(Role.USER, blocks);
    }

    private void user(Message m, boolean last, JsonArrayBuilder out) {
        List<JsonObject> parts = new ArrayList<>();
        boolean hadToolResult = false;
        for (ContentBlock b : m.content()) {
            if (b instanceof ContentBlock.ToolResult r) {
                hadToolResult = true;
                String text = r.isError() ? TOOL_ERROR_PREFIX + r.joinedText() : r.joinedText();
                out.add(Jsons.objectBuilder().add("role", "tool").add("tool_call_id", r.toolUseId())
                        .add("content", text));
                // Strict upstreams reject images in role:"tool"; they follow the whole batch in one user message.
                for (ContentBlock c : r.content()) {
                    if (!(c instanceof ContentBlock.Text)) {
                        JsonObject part = part(c);
                        if (part != null) {
                            parts.add(part);
                        }
                    }
                }
            }
        }
        for (ContentBlock b : m.content()) {
            if (!(b instanceof ContentBlock.ToolResult)) {
                JsonObject part = part(b);
                if (part != null) {
                    parts.add(part);
                }
            }
        }
        if (parts.isEmpty()) {
            if (!hadToolResult && last) {
                // Never forward empty text; "." only because the final user turn must exist.
                out.add(Jsons.objectBuilder().add("role", "user").add("content", "."));
            }
            return;
        }
        out.add(Jsons.objectBuilder().add("role", "user").add("content", content(parts, "\n\n")));
    }

    private void assistant(Message m, JsonArrayBuilder out) {
        List<JsonObject> texts = new ArrayList<>();
        StringBuilder reasoning = new StringBuilder();
        JsonArrayBuilder calls = Jsons.arrayBuilder();
        boolean anyCall = false;
        for (ContentBlock b : m.content()) {
            switch (b) {
                case ContentBlock.Text t -> {
                    if (!t.text().isEmpty()) {
                        texts.add(textPart(t.text(), t.cacheControl()));
                    }
                }
                case ContentBlock.Thinking t -> reasoning.append(t.thinking());
                case ContentBlock.ToolUse u -> {
                    anyCall = true;
                    calls.add(Jsons.objectBuilder().add("id", u.id()).add("type", "function")
                            .add("function", Jsons.objectBuilder().add("name", ToolNameMap.aliasFor(u.name()))
                                    .add("arguments", u.input().toString())));
                }
                // Redacted thinking only means something to its provider; server-tool blocks have no OpenAI form.
                default -> LOG.log(Level.FINE, "dropping assistant {0} block for an OpenAI upstream", b.type());
            }
        }
        if (texts.isEmpty() && !anyCall) {
            return;
        }
        JsonObjectBuilder msg = Jsons.objectBuilder().add("role", "assistant");
        // A tool-only turn has content null, never "": several backends reject an empty string.
        msg.add("content", texts.isEmpty() ? JsonValue.NULL : content(texts, ""));
        if (profile.replayReasoning() == OpenAiChatProfile.ReasoningReplay.REASONING_CONTENT) {
            msg.add("reasoning_content", reasoning.toString());
        }
        if (anyCall) {
            msg.add("tool_calls", calls);
        }
        out.add(msg);
    }

    /** A string when every part is plain text (accepted everywhere), else the parts array. */
    private static JsonValue content(List<JsonObject> parts, String separator) {
        boolean plain = parts.stream().allMatch(p -> "text".equals(p.getString("type")) && !p.containsKey("cache_control"));
        if (!plain) {
            JsonArrayBuilder arr = Jsons.arrayBuilder();
            parts.forEach(arr::add);
            return arr.build();
        }
        StringBuilder sb = new StringBuilder();
        for (JsonObject p : parts) {
            if (!sb.isEmpty()) {
                sb.append(separator);
            }
            sb.append(p.getString("text"));
        }
        return Jsons.value(sb.toString());
    }

    /** One user content part, or null for blocks that have no place in a user message or are empty. */
    private JsonObject part(ContentBlock b) {
        return switch (b) {
            case ContentBlock.Text t -> t.text().isEmpty() ? null : textPart(t.text(), t.cacheControl());
            case ContentBlock.Image img -> image(img);
            case ContentBlock.Document d -> document(d);
            default -> {
                LOG.log(Level.FINE, "dropping user {0} block for an OpenAI upstream", b.type());
                yield null;
            }
        };
    }

    private JsonObject image(ContentBlock.Image img) {
        String url = img.source().toDataUriOrUrl();
        if (!profile.supportsImages() || url == null || img.source().kind() == MediaSource.Kind.FILE) {
            return textPart(IMAGE_PLACEHOLDER, null);
        }
        return withCache(Jsons.objectBuilder().add("type", "image_url")
                .add("image_url", Jsons.objectBuilder().add("url", url)), img.cacheControl());
    }

    private JsonObject document(ContentBlock.Document d) {
        MediaSource s = d.source();
        return switch (s.kind()) {
            case BASE64 -> {
                String type = s.mediaType() == null ? "application/pdf" : s.mediaType();
                String name = d.title() != null ? d.title() : "application/pdf".equals(type) ? "document.pdf" : "document";
                yield withCache(Jsons.objectBuilder().add("type", "file").add("file", Jsons.objectBuilder()
                        .add("filename", name).add("file_data", "data:" + type + ";base64," + s.data())), d.cacheControl());
            }
            case TEXT -> textPart(titled(d, s.data()), d.cacheControl());
            // Chat Completions has no file-by-URL part: the model gets the address as text.
            case URL -> textPart(titled(d, "Document: " + s.url()), d.cacheControl());
            case FILE -> withCache(Jsons.objectBuilder().add("type", "file")
                    .add("file", Jsons.objectBuilder().add("file_id", s.url())), d.cacheControl());
        };
    }

    private static String titled(ContentBlock.Document d, String text) {
        String head = d.title() == null ? "" : d.title() + "\n\n";
        return d.context() == null ? head + text : head + d.context() + "\n\n" + text;
    }

    private JsonObject textPart(String text, CacheControl cc) {
        return withCache(Jsons.objectBuilder().add("type", "text").add("text", text), cc);
    }

    /** Keeps {@code cache_control} only where the profile allows it ("Extra inputs are not permitted"). */
    private JsonObject withCache(JsonObjectBuilder part, CacheControl cc) {
        if (cc != null && profile.supportsCacheControl()) {
            JsonObjectBuilder c = Jsons.objectBuilder().add("type", cc.type() == null ? "ephemeral" : cc.type());
            if (cc.ttl() != null) {
                c.add("ttl", cc.ttl());
            }
            part.add("cache_control", c);
        }
        return part.build();
    }

    private static String joinTexts(List<? extends ContentBlock> blocks, String separator) {
        StringBuilder sb = new StringBuilder();
        for (ContentBlock b : blocks) {
            if (b instanceof ContentBlock.Text t && !t.text().isEmpty()) {
                if (!sb.isEmpty()) {
                    sb.append(separator);
                }
                sb.append(t.text());
            }
        }
        return sb.toString();
    }
}
