package dev.switchboard.spi.model;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who issued a thinking signature, so it goes back only to an upstream that can verify it. A signature is an
 * opaque proof that only its issuer accepts: an Anthropic {@code signature} sent to an OpenAI Responses upstream
 * as {@code encrypted_content}, or a Kiro signature sent to Anthropic, fails the whole request ("invalid
 * signature") — the usual way a conversation breaks when a gateway fails over to another upstream.
 *
 * @param family who can verify it: {@value #ANTHROPIC_FAMILY} (Anthropic's API, wherever it is reached),
 *               {@value #OPENAI_FAMILY} (OpenAI Responses), {@code kiro}, or a plugin's own name; lower-case
 *               letters, digits and {@code -}
 * @param type   the signature's wire form: {@value #THINKING_SIGNATURE} (a thinking block's {@code signature}),
 *               {@value #ENCRYPTED_REASONING} (a reasoning item's {@code encrypted_content}) or
 *               {@value #REDACTED_THINKING} (a {@code redacted_thinking} block's {@code data})
 */
public record SignatureOrigin(String family, String type) {
    public static final String ANTHROPIC_FAMILY = "anthropic";
    public static final String OPENAI_FAMILY = "openai";
    public static final String THINKING_SIGNATURE = "thinking-signature";
    public static final String ENCRYPTED_REASONING = "encrypted-reasoning";
    public static final String REDACTED_THINKING = "redacted-thinking";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

    /** Anthropic's thinking signatures. */
    public static final SignatureOrigin ANTHROPIC = new SignatureOrigin(ANTHROPIC_FAMILY, THINKING_SIGNATURE);
    /** Anthropic's redacted thinking. */
    public static final SignatureOrigin ANTHROPIC_REDACTED = new SignatureOrigin(ANTHROPIC_FAMILY, REDACTED_THINKING);
    /** OpenAI Responses' encrypted reasoning. */
    public static final SignatureOrigin OPENAI = new SignatureOrigin(OPENAI_FAMILY, ENCRYPTED_REASONING);

    public SignatureOrigin {
        Objects.requireNonNull(family, "family");
        Objects.requireNonNull(type, "type");
        if (!NAME.matcher(family).matches() || !NAME.matcher(type).matches()) {
            throw new IllegalArgumentException("a signature family and type are lower-case names: " + family + "/" + type);
        }
    }

    /** The same family's origin for another wire form (its redacted thinking, say). */
    public SignatureOrigin withType(String t) {
        return new SignatureOrigin(family, t);
    }

    /** Whether an upstream of {@code targetFamily} can verify this signature. */
    public boolean verifiableBy(String targetFamily) {
        return family.equals(targetFamily);
    }
}
