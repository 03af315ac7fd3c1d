package dev.switchboard.plugin.kiro.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stored credentials are read once per version of them, and their timestamps in every stored form. */
class KiroCredentialsCacheTest {

    private static JsonObject creds(String token) {
        return Jsons.objectBuilder().add("auth-method", "social").add("access-token", token)
                .add("refresh-token", "r").add("expires-at", "2026-05-01T10:00:00Z").build();
    }

    @Test
    void theSameCredentialObjectIsReadOnceAndNewCredentialsAreReadAgain() {
        Account a = new Account(4242, "kiro", "acct", creds("t1"), AccountState.ACTIVE, null);
        KiroCredentials first = KiroCredentials.of(a);
        assertSame(first, KiroCredentials.of(a), "same credentials object: the parsed form is reused");
        assertEquals(Instant.parse("2026-05-01T10:00:00Z"), first.expiresAt());
        Account refreshed = a.withCredentials(creds("t2"));
        KiroCredentials second = KiroCredentials.of(refreshed);
        assertNotSame(first, second);
        assertEquals("t2", second.accessToken(), "a refresh's new credentials are read");
        Account other = new Account(4243, "kiro", "other", creds("t3"), AccountState.ACTIVE, null);
        assertEquals("t3", KiroCredentials.of(other).accessToken());
        assertEquals("t2", KiroCredentials.of(refreshed).accessToken(), "accounts do not mix");
    }

    @Test
    void timestampsReadInEveryStoredForm() {
        Instant t = Instant.parse("2026-05-01T10:00:00Z");
        assertEquals(t, KiroCredentials.parseInstant("2026-05-01T10:00:00Z"));
        assertEquals(t, KiroCredentials.parseInstant("2026-05-01T12:00:00+02:00"));
        assertEquals(t, KiroCredentials.parseInstant(Long.toString(t.getEpochSecond())));
        assertEquals(t, KiroCredentials.parseInstant(Long.toString(t.toEpochMilli())));
        assertEquals(t, KiroCredentials.parseInstant(t.getEpochSecond() + ".0"));
        assertNull(KiroCredentials.parseInstant("next tuesday"));
        assertNull(KiroCredentials.parseInstant(" "));
    }
}
