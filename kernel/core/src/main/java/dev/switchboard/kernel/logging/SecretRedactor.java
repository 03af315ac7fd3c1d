package dev.switchboard.kernel.logging;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Removes secrets from a body before it is logged, in three passes: in JSON, string members whose names look
 * secret ({@code api_key}, {@code refresh_token}, {@code password}, {@code authorization}, ...) become
 * {@value #MASK}; then every known secret (configured keys and passwords, the pooled accounts' credentials, the
 * caller's own key) is replaced wherever it occurs, also inside prompts; then anything shaped like a credential
 * (bearer tokens, {@code sk-} keys, JWTs, AWS access key ids) is masked. Over-masking a debug log is fine;
 * leaking a key is not. Thread-safe.
 */
public final class SecretRedactor {
    static final String MASK = "***";
    /** Known secrets shorter than this are not replaced as text (they would mask ordinary words). */
    static final int MIN_SECRET_LENGTH = 8;
    private static final String[] SECRET_NAME_HINTS = {"key", "token", "secret", "password", "passwd",
            "credential", "cookie", "authorization", "session"};
    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("(?i)\\b(bearer|basic)\\s+[A-Za-z0-9._~+/=-]{8,}"),
            Pattern.compile("\\bsk-[A-Za-z0-9_-]{12,}"),
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{6,}\\.[A-Za-z0-9_-]{6,}\\.[A-Za-z0-9_-]{6,}"),
            Pattern.compile("\\b(AKIA|ASIA)[0-9A-Z]{16}\\b"));

    private final Supplier<Collection<String>> known;

    /** @param known the secrets to replace wherever they occur; read at every call (accounts change) */
    public SecretRedactor(Supplier<Collection<String>> known) {
        this.known = known;
    }

    /** {@code text} with every secret masked; {@code extra} are secrets of this call (the client's own key). */
    public String redact(String text, String... extra) {
        String out = text;
        try {
            JsonValue v = Jsons.parseValue(text);
            out = Jsons.write(maskMembers(v));
        } catch (JsonException | IllegalStateException e) {
            // not JSON: only the textual passes apply
        }
        List<String> secrets = new ArrayList<>(known.get());
        for (String s : extra) {
            if (s != null) {
                secrets.add(s);
            }
        }
        // Longest first, so a secret containing another is masked whole.
        secrets.sort(Comparator.comparingInt(String::length).reversed());
        for (String s : secrets) {
            if (s != null && s.length() >= MIN_SECRET_LENGTH) {
                out = out.replace(s, MASK);
                String escaped = Jsons.quote(s);
                escaped = escaped.substring(1, escaped.length() - 1); // as it appears inside a JSON string
                if (!escaped.equals(s)) {
                    out = out.replace(escaped, MASK);
                }
            }
        }
        for (Pattern p : SHAPES) {
            out = p.matcher(out).replaceAll(m -> m.group().regionMatches(true, 0, "bearer", 0, 6)
                    || m.group().regionMatches(true, 0, "basic", 0, 5)
                    ? m.group().substring(0, m.group().indexOf(' ')) + " " + MASK : MASK);
        }
        return out;
    }

    /** Whether a member name looks like it holds a secret. */
    static boolean secretName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        for (String h : SECRET_NAME_HINTS) {
            if (n.contains(h)) {
                return true;
            }
        }
        return false;
    }

    private static JsonValue maskMembers(JsonValue v) {
        switch (v.getValueType()) {
            case OBJECT -> {
                JsonObjectBuilder b = Jsons.objectBuilder();
                v.asJsonObject().forEach((k, x) -> b.add(k, x.getValueType() == JsonValue.ValueType.STRING
                        && secretName(k) ? Jsons.value(MASK) : maskMembers(x)));
                return b.build();
            }
            case ARRAY -> {
                JsonArrayBuilder b = Jsons.arrayBuilder();
                v.asJsonArray().forEach(x -> b.add(maskMembers(x)));
                return b.build();
            }
            default -> {
                return v;
            }
        }
    }
}
