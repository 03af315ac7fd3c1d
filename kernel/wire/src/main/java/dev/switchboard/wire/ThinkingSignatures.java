package dev.switchboard.wire;

import dev.switchboard.spi.model.ContentBlock;
import dev.switchboard.spi.model.Message;
import dev.switchboard.spi.model.Role;
import dev.switchboard.spi.model.SignatureOrigin;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one owner of thinking-signature provenance: which signatures a writer may send upstream, and how a
 * signature's issuer survives a round trip through a client. Every client writer and upstream writer calls it.
 *
 * <p><b>Through a client.</b> A client stores the signatures it is given and sends them back in its history.
 * A signature issued by its own API's family (an Anthropic signature to an Anthropic client, an OpenAI
 * {@code encrypted_content} to a Responses client) is handed over unchanged, so a client can also take it to that
 * API directly. Any other family's signature is wrapped as {@code swb1:<family>:<type>:<signature>}: opaque to
 * the client, and readable again when it comes back. Reading a client's history, a wrapped signature gets its
 * issuer back; an unwrapped one is taken to come from the client's own API family (it was handed over unchanged,
 * or the conversation started against that API directly).
 *
 * <p><b>Upstream.</b> A signature goes only to the family that issued it (or when its issuer is unknown, as for
 * blocks built in code). Toward an Anthropic-wire upstream a thinking block without a signature it can verify is
 * dropped rather than turned into text: Anthropic requires a valid signature on every thinking block in history,
 * and presenting the model's private reasoning as something it said aloud would change the conversation. When the
 * final assistant turn of an unfinished tool loop is left without a leading thinking block, Anthropic refuses it
 * with budgeted thinking on ("a final assistant message must start with a thinking block"), so that one request
 * goes out with thinking off — the way to continue a turn without its thinking (adaptive thinking accepts such a
 * turn as it is, as Claude Code's own requests show). Toward a Responses upstream a
 * thinking block becomes a reasoning item only with an {@code encrypted_content} it can verify. Kiro and
 * OpenAI-chat upstreams take no signatures at all.
 *
 * <p>Stateless and thread-safe.
 */
public final class ThinkingSignatures {
    private static final Logger LOG = Logger.getLogger(ThinkingSignatures.class.getName());
    /** Marks a signature wrapped with its issuer; never the start of a real signature (those are base64). */
    static final String ENVELOPE = "swb1:";

    private ThinkingSignatures() {
    }

    // ---- to and from clients ----

    /**
     * A signature as a client of {@code clientFamily} is given it: unchanged when its issuer is that family (or
     * unknown), else wrapped with its issuer.
     */
    public static String toClient(String signature, SignatureOrigin origin, String clientFamily) {
        if (signature == null || signature.isEmpty() || origin == null || origin.verifiableBy(clientFamily)) {
            return signature == null ? "" : signature;
        }
        return ENVELOPE + origin.family() + ":" + origin.type() + ":" + signature;
    }

    /** A response's blocks as a client of {@code clientFamily} is given them (see {@link #toClient(String, SignatureOrigin, String)}). */
    public static List<ContentBlock> toClient(List<ContentBlock> blocks, String clientFamily) {
        List<ContentBlock> out = new ArrayList<>(blocks.size());
        for (ContentBlock b : blocks) {
            out.add(switch (b) {
                case ContentBlock.Thinking t -> new ContentBlock.Thinking(t.thinking(),
                        toClient(t.signature(), t.origin(), clientFamily), t.origin());
                case ContentBlock.RedactedThinking r -> new ContentBlock.RedactedThinking(
                        toClient(r.data(), r.origin(), clientFamily), r.origin());
                default -> b;
            });
        }
        return out;
    }

    /**
     * A thinking block from a client's history: a wrapped signature gets its issuer back; any other non-empty
     * signature is {@code clientOwn}'s (the client's API family).
     */
    public static ContentBlock.Thinking fromClient(String thinking, String signature, SignatureOrigin clientOwn) {
        Unwrapped u = unwrap(signature, clientOwn);
        return new ContentBlock.Thinking(thinking, u.value, u.origin);
    }

    /** A {@code redacted_thinking} block from a client's history, like {@link #fromClient}. */
    public static ContentBlock.RedactedThinking redactedFromClient(String data, SignatureOrigin clientOwn) {
        Unwrapped u = unwrap(data, clientOwn);
        return new ContentBlock.RedactedThinking(u.value, u.origin);
    }

    private record Unwrapped(String value, SignatureOrigin origin) {
    }

    private static Unwrapped unwrap(String signature, SignatureOrigin clientOwn) {
        if (signature == null || signature.isEmpty()) {
            return new Unwrapped("", null);
        }
        if (signature.startsWith(ENVELOPE)) {
            String[] parts = signature.substring(ENVELOPE.length()).split(":", 3);
            if (parts.length == 3) {
                try {
                    return new Unwrapped(parts[2], new SignatureOrigin(parts[0], parts[1]));
                } catch (IllegalArgumentException e) {
                    // not one of ours after all: an opaque signature like any other
                }
            }
        }
        return new Unwrapped(signature, clientOwn);
    }

    // ---- upstream ----

    /**
     * Whether every thinking and redacted thinking block in {@code messages} carries a signature an upstream of
     * {@code targetFamily} can verify — the condition for relaying a client's own body to it untouched.
     */
    public static boolean allVerifiableBy(List<Message> messages, String targetFamily) {
        for (Message m : messages) {
            for (ContentBlock b : m.content()) {
                boolean ok = switch (b) {
                    case ContentBlock.Thinking t -> !t.signature().isEmpty() && sendable(t.origin(), targetFamily);
                    case ContentBlock.RedactedThinking r -> sendable(r.origin(), targetFamily);
                    default -> true;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether a signature of {@code origin} may go to an upstream of {@code targetFamily} (unknown issuers may). */
    public static boolean sendable(SignatureOrigin origin, String targetFamily) {
        return origin == null || origin.verifiableBy(targetFamily);
    }

    /**
     * History for an Anthropic-wire upstream of {@code targetFamily}.
     *
     * @param messages        the messages with thinking and redacted thinking it cannot verify removed
     * @param thinkingMustBeOff the final assistant turn of an unfinished tool loop lost the thinking it started
     *                        with (or never had one): with thinking on, the upstream would refuse it
     */
    public record AnthropicHistory(List<Message> messages, boolean thinkingMustBeOff) {
    }

    /** Filters {@code messages} for an Anthropic-wire upstream of {@code targetFamily} (see the class comment). */
    public static AnthropicHistory forAnthropicUpstream(List<Message> messages, String targetFamily) {
        List<Message> out = new ArrayList<>(messages.size());
        int dropped = 0;
        for (Message m : messages) {
            List<ContentBlock> kept = new ArrayList<>(m.content().size());
            for (ContentBlock b : m.content()) {
                boolean keep = switch (b) {
                    case ContentBlock.Thinking t -> !t.signature().isEmpty() && sendable(t.origin(), targetFamily);
                    case ContentBlock.RedactedThinking r -> sendable(r.origin(), targetFamily);
                    default -> true;
                };
                if (keep) {
                    kept.add(b);
                } else {
                    dropped++;
                }
            }
            out.add(kept.size() == m.content().size() ? m : new Message(m.role(), kept));
        }
        if (dropped > 0) {
            int n = dropped;
            LOG.log(Level.FINE, () -> n + " thinking block(s) without a signature " + targetFamily
                    + " can verify left out");
        }
        return new AnthropicHistory(out, openToolTurnStartsWithoutThinking(out));
    }

    /**
     * True when the conversation ends inside a tool loop (the last message carries tool results) and the assistant
     * turn that called the tools does not start with a thinking or redacted thinking block.
     */
    private static boolean openToolTurnStartsWithoutThinking(List<Message> messages) {
        int last = messages.size() - 1;
        if (last < 1 || messages.get(last).role() != Role.USER
                || messages.get(last).content().stream().noneMatch(b -> b instanceof ContentBlock.ToolResult)) {
            return false;
        }
        Message assistant = messages.get(last - 1);
        if (assistant.role() != Role.ASSISTANT
                || assistant.content().stream().noneMatch(b -> b instanceof ContentBlock.ToolUse)) {
            return false;
        }
        ContentBlock first = assistant.content().stream()
                .filter(b -> !(b instanceof ContentBlock.Text t && t.text().isEmpty())).findFirst().orElse(null);
        return !(first instanceof ContentBlock.Thinking || first instanceof ContentBlock.RedactedThinking);
    }
}
