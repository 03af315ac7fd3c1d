package dev.switchboard.kernel.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Secrets are masked by name, by value and by shape; ordinary content stays readable. */
class SecretRedactorTest {
    private final SecretRedactor redactor = new SecretRedactor(() -> List.of("acct-secret-0123456789", "short"));

    @Test
    void membersWithSecretNamesAreMaskedButTokenCountsAndContentStay() {
        String out = redactor.redact("{\"model\":\"m\",\"max_tokens\":100,\"api_key\":\"unknown-value-1\","
                + "\"nested\":[{\"refreshToken\":\"rt\",\"text\":\"hello\"}]}");
        assertEquals("{\"model\":\"m\",\"max_tokens\":100,\"api_key\":\"***\",\"nested\":[{\"refreshToken\":\"***\","
                + "\"text\":\"hello\"}]}", out);
    }

    @Test
    void knownSecretsAreMaskedAnywhereEvenInsidePrompts() {
        String out = redactor.redact("{\"messages\":[{\"content\":\"my key is acct-secret-0123456789 and sk-caller"
                + "-key-abcdefgh and short\"}]}", "caller-presented-key-1");
        assertFalse(out.contains("acct-secret-0123456789"), out);
        assertTrue(out.contains("and short"), "secrets shorter than 8 characters are not matched as text: " + out);
        assertFalse(redactor.redact("x caller-presented-key-1 y", "caller-presented-key-1")
                .contains("caller-presented-key-1"));
    }

    @Test
    void credentialShapesAreMaskedInAnyText() {
        String out = redactor.redact("Authorization: Bearer abc.def-ghi_jkl key sk-ant-api03-AAAAAAAAAAAAAAAA jwt "
                + "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.SflKxwRJSMeKKF2QT4fwpM aws AKIAIOSFODNN7EXAMPLE");
        assertEquals("Authorization: Bearer *** key *** jwt *** aws ***", out);
    }

    @Test
    void secretsWithJsonEscapesAreMaskedAsTheyAppearInJson() {
        SecretRedactor r = new SecretRedactor(() -> List.of("pa\"ss/word-123"));
        assertEquals("{\"text\":\"***\"}", r.redact("{\"text\":\"pa\\\"ss/word-123\"}"));
    }
}
