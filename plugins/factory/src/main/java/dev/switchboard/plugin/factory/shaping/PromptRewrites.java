package dev.switchboard.plugin.factory.shaping;

import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The literal prompt rewrites: Factory answers 403 to certain phrases (as observed through droid2api and
 * its forks), among them Claude Code's and Codex's own identity lines, so each configured {@code from} text is
 * replaced by its {@code to} text before a request leaves. Rewrites touch the prompt's text — system
 * blocks, instructions, message and tool-result text — and never signed reasoning ({@code thinking},
 * {@code redacted_thinking}, Responses {@code reasoning} items), whose signatures would break. Each applied
 * rule is logged at FINE with its index and count only, never the surrounding text.
 *
 * <p>Immutable and thread-safe.
 */
public final class PromptRewrites {
    private static final Logger LOG = Logger.getLogger(PromptRewrites.class.getName());
    /** Block and item types whose text is covered by a signature or encrypted: never rewritten. */
    private static final Set<String> SIGNED_TYPES = Set.of("thinking", "redacted_thinking", "reasoning");

    /** One literal replacement. */
    public record Rule(String from, String to) {
        public Rule {
            Objects.requireNonNull(from, "from");
            if (from.isEmpty()) {
                throw new IllegalArgumentException("a rewrite's 'from' text must not be empty");
            }
            to = to == null ? "" : to;
        }
    }

    /** No rewrites. */
    public static final PromptRewrites NONE = new PromptRewrites(List.of());

    private final List<Rule> rules;

    public PromptRewrites(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /**
     * The shipped list: Claude Code's and Codex's identity lines and the other Claude Code phrases
     * that Factory rejects, each reworded so the instruction keeps its meaning. Longer variants come first so
     * they are replaced whole. "Please forget the previous content…" is not here: it is user text, not an
     * identity line, and rewording it would change what the user asked.
     */
    public static PromptRewrites defaults() {
        return new PromptRewrites(List.of(
                new Rule("You are Claude Code, Anthropic's official CLI for Claude, running within the Claude Agent SDK.",
                        "You are an interactive command-line software engineering agent."),
                new Rule("You are Claude Code, Anthropic's official CLI for Claude.",
                        "You are an interactive command-line software engineering agent."),
                new Rule("You are a Claude agent, built on Anthropic's Claude Agent SDK.",
                        "You are a software engineering agent."),
                new Rule("You are Codex, a coding agent based on GPT-5.", "You are a coding agent."),
                new Rule("You have been invoked in the following environment:",
                        "This session runs in the following environment:"),
                new Rule("You are powered by the model named", "The model behind this session is named"),
                new Rule("The exact model ID is", "Its model ID is"),
                new Rule("(user's private global instructions for all projects):",
                        "(global instructions for all projects):")));
    }

    public List<Rule> rules() {
        return rules;
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Applies every rule to one text, counting hits per rule into {@code hits}. */
    String apply(String text, int[] hits) {
        String out = text;
        for (int i = 0; i < rules.size(); i++) {
            Rule r = rules.get(i);
            int at = out.indexOf(r.from());
            if (at < 0) {
                continue;
            }
            StringBuilder sb = new StringBuilder(out.length());
            int from = 0;
            while (at >= 0) {
                sb.append(out, from, at).append(r.to());
                hits[i]++;
                from = at + r.from().length();
                at = out.indexOf(r.from(), from);
            }
            sb.append(out, from, out.length());
            out = sb.toString();
        }
        return out;
    }

    /** The canonical request with its system, message and tool-result texts rewritten. */
    public ChatRequest apply(ChatRequest request) {
        if (rules.isEmpty()) {
            return request;
        }
        int[] hits = new int[rules.size()];
        List<ContentBlock.Text> system = new ArrayList<>(request.system().size());
        for (ContentBlock.Text t : request.system()) {
            system.add(text(t, hits));
        }
        List<Message> messages = new ArrayList<>(request.messages().size());
        for (Message m : request.messages()) {
            messages.add(new Message(m.role(), blocks(m.content(), hits)));
        }
        log(hits);
        return request.toBuilder().system(system).messages(messages).build();
    }

    private List<ContentBlock> blocks(List<ContentBlock> in, int[] hits) {
        List<ContentBlock> out = new ArrayList<>(in.size());
        for (ContentBlock b : in) {
            out.add(switch (b) {
                case ContentBlock.Text t -> text(t, hits);
                case ContentBlock.ToolResult r ->
                        new ContentBlock.ToolResult(r.toolUseId(), blocks(r.content(), hits), r.isError(), r.cacheControl());
                default -> b;
            });
        }
        return out;
    }

    private ContentBlock.Text text(ContentBlock.Text t, int[] hits) {
        String s = apply(t.text(), hits);
        return s.equals(t.text()) ? t : new ContentBlock.Text(s, t.cacheControl(), t.citations());
    }

    /**
     * A raw client body with every string under the given top-level keys rewritten ({@code system} and
     * {@code messages} of an Anthropic body, {@code instructions} and {@code input} of a Responses body),
     * skipping signed reasoning. Used by the pass-through routes, which forward the client's own JSON.
     */
    public JsonObject apply(JsonObject body, Set<String> keys) {
        if (rules.isEmpty()) {
            return body;
        }
        int[] hits = new int[rules.size()];
        JsonObjectBuilder b = Jsons.objectBuilder();
        body.forEach((k, v) -> b.add(k, keys.contains(k) ? walk(v, hits) : v));
        log(hits);
        return b.build();
    }

    private JsonValue walk(JsonValue v, int[] hits) {
        return switch (v.getValueType()) {
            case STRING -> {
                String s = ((JsonString) v).getString();
                String r = apply(s, hits);
                yield r.equals(s) ? v : Jsons.value(r);
            }
            case ARRAY -> {
                JsonArrayBuilder a = Jsons.arrayBuilder();
                v.asJsonArray().forEach(e -> a.add(walk(e, hits)));
                yield a.build();
            }
            case OBJECT -> {
                JsonObject o = v.asJsonObject();
                JsonValue type = o.get("type");
                if (type instanceof JsonString ts && SIGNED_TYPES.contains(ts.getString())) {
                    yield o;
                }
                JsonObjectBuilder ob = Jsons.objectBuilder();
                // Keys such as "type", ids and signatures are not prompt text; only values change.
                o.forEach((k, e) -> ob.add(k, k.equals("type") || k.equals("id") || k.endsWith("_id") ? e : walk(e, hits)));
                yield ob.build();
            }
            default -> v;
        };
    }

    private void log(int[] hits) {
        if (!LOG.isLoggable(Level.FINE)) {
            return;
        }
        for (int i = 0; i < hits.length; i++) {
            if (hits[i] > 0) {
                // Index and count only: the surrounding text is the user's prompt.
                LOG.log(Level.FINE, "prompt rewrite #{0} applied {1} time(s)", new Object[]{i, hits[i]});
            }
        }
    }
}
