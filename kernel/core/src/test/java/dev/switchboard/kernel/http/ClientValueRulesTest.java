package dev.switchboard.kernel.http;

import dev.switchboard.kernel.logging.LogSafe;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.config.HostPattern;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small rules for client-supplied values: model names, log escaping, Content-Type and Host matching. */
class ClientValueRulesTest {
    @Test
    void modelNamesOfRealProvidersPassAndAnythingElseIsA400OnModel() {
        for (String ok : List.of("claude-opus-5-5", "gpt-4.1-mini", "qwen3:8b-instruct-q4_K_M",
                "hf.co/bartowski/Qwen2.5-Coder-GGUF:Q4_K_M", "claude-opus-4@20250514",
                "anthropic/claude-3.5-sonnet:beta", "meta-llama/llama-3.1-405b-instruct:free+extended",
                "x".repeat(ModelNames.MAX_LENGTH))) {
            assertDoesNotThrow(() -> ModelNames.check(ok), ok);
        }
        for (String bad : List.of("", "x".repeat(ModelNames.MAX_LENGTH + 1), "gpt 4", "a\r\nb", "a\nb", "a\u0000",
                "a\u0085b", "claude\u2028x", "\"quoted\"", "semi;colon", "back\\slash", "m\u00e9l", "a<b>")) {
            GatewayException e = assertThrows(GatewayException.class, () -> ModelNames.check(bad), bad);
            assertEquals(ErrorKind.INVALID_REQUEST, e.kind());
            assertEquals("model", e.param());
            assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\r"), e.getMessage());
        }
        assertThrows(GatewayException.class, () -> ModelNames.check(null));
    }

    @Test
    void logValuesCannotSplitOrForgeLinesAndAreTruncated() {
        assertEquals("claude\\r\\n127.0.0.1 GET /admin status=200", LogSafe.value("claude\r\n127.0.0.1 GET /admin status=200"));
        assertEquals("a\\u0000b\\tc\\u007f\\u0085\\u2028", LogSafe.value("a\u0000b\tc\u007f\u0085\u2028"));
        assertEquals("plain-value", LogSafe.value("plain-value"));
        assertNull(LogSafe.value(null));
        String huge = LogSafe.value("y".repeat(100_000));
        assertTrue(huge.startsWith("y".repeat(LogSafe.MAX_CHARS) + "…"), huge.substring(0, 20));
        assertTrue(huge.endsWith("(+" + (100_000 - LogSafe.MAX_CHARS) + " chars)"), huge);
        assertTrue(huge.length() < LogSafe.MAX_CHARS + 30);
        for (int c = 0; c < 0x10000; c++) {
            String v = LogSafe.value("a" + (char) c + "b");
            assertTrue(v.indexOf('\n') < 0 && v.indexOf('\r') < 0 && v.indexOf('\u2028') < 0
                    && v.indexOf('\u2029') < 0 && v.indexOf('\u0085') < 0, "char " + c);
        }
    }

    @Test
    void onlyApplicationJsonWithOrWithoutParametersIsJson() {
        for (String ok : List.of("application/json", "application/json; charset=utf-8", "APPLICATION/JSON",
                " application/json ;charset=UTF-8")) {
            assertTrue(RequestBodies.isJson(ok), ok);
        }
        for (String bad : new String[]{null, "", "text/plain;charset=json", "text/json", "application/jsonp",
                "application/x-json", "application/problem+json", "multipart/form-data; boundary=application/json",
                "text/plain; application/json"}) {
            assertFalse(RequestBodies.isJson(bad), bad);
        }
    }

    @Test
    void loopbackNamesAndAllowedHostPatterns() {
        HostCheck loopbackOnly = new HostCheck(List.of(), () -> true);
        for (String ok : List.of("localhost", "localhost:8080", "127.0.0.1", "127.255.0.9:1", "[::1]", "[::1]:80",
                "app.localhost:3000")) {
            assertTrue(loopbackOnly.accepted(ok), ok);
        }
        for (String bad : List.of("evil.example", "127.0.0.1.nip.io", "localhost.evil.example", "128.0.0.1",
                "127.0.0.256", "127.0.0", "[::2]", "localhost:http", "[::1", "", "0.0.0.0", "10.0.0.1", "127.0.0.1.",
                "127..0.1", "127.0.0.1:", "127.0.0.1:123456", "localhost:8o", "[::1]:", "[::1]x", "1270.0.0.1",
                "127.0.0.1234", "127.-1.0.1")) {
            assertFalse(loopbackOnly.accepted(bad), bad);
        }
        assertFalse(loopbackOnly.accepted(null));
        HostCheck withHosts = new HostCheck(List.of("gw.example.com", "*.corp.example"), () -> false);
        assertTrue(withHosts.accepted("GW.EXAMPLE.COM:8443"));
        assertTrue(withHosts.accepted("a.b.corp.example"));
        assertFalse(withHosts.accepted("corp.example"));
        assertFalse(withHosts.accepted("xcorp.example"));
        assertTrue(withHosts.accepted("localhost"), "loopback names are never a rebinding vector");
        assertTrue(HostPattern.valid("*.example.com") && HostPattern.valid("10.0.0.5") && HostPattern.valid("[fe80::1]"));
        for (String bad : List.of("http://gw.example.com", "gw.example.com:80", "*", "a/b", "*example.com", "")) {
            assertFalse(HostPattern.valid(bad), bad);
        }
    }
}
