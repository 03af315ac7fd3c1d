package dev.switchboard.plugin.factory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.factory.fake.FakeFactory;
import dev.switchboard.spi.Account;
import dev.switchboard.spi.AccountEffect;
import dev.switchboard.spi.AccountState;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.HttpHeaders;
import dev.switchboard.spi.QuotaSnapshot;
import dev.switchboard.spi.UpstreamError;
import dev.switchboard.spi.model.ChatRequest;
import dev.switchboard.spi.model.Message;
import jakarta.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Account effects of Factory's answers, one fixture body per rule, and the same through the fake. */
class FactoryErrorClassifierTest {
    static final Instant NOW = Instant.parse("2026-11-22T03:00:00Z");
    final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    final FactoryErrorClassifier classifier = new FactoryErrorClassifier(clock);

    static byte[] fixture(String name) {
        try (InputStream in = FactoryErrorClassifierTest.class.getResourceAsStream("/fixtures/errors/" + name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private GatewayException classify(int status, String fixture, HttpHeaders h) {
        return classifier.classify(new UpstreamError(status, h, fixture(fixture)));
    }

    private GatewayException classify(int status, String fixture) {
        return classify(status, fixture, HttpHeaders.create());
    }

    @Test
    void unauthorizedRefreshesOnceThenReauth() {
        GatewayException e = classify(401, "401.json");
        assertEquals(ErrorKind.UPSTREAM_AUTH, e.kind());
        assertEquals(AccountEffect.REAUTH, e.kind().effect());
        assertEquals("Invalid API key", e.getMessage());
        assertEquals(401, e.upstreamStatus());
    }

    @Test
    void paymentRequiredExhaustsUntilTheKnownWindowEndElseUntilAnAdminActs() {
        GatewayException unknown = classify(402, "402.json");
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, unknown.kind());
        assertEquals(AccountEffect.EXHAUST, unknown.kind().effect());
        assertNull(unknown.until(), "no reset known: exhausted until an admin acts");
        assertEquals("Payment Required - No Credits", unknown.getMessage());

        Instant windowEnd = NOW.plus(Duration.ofHours(3));
        GatewayException known = new FactoryErrorClassifier(clock, windowEnd)
                .classify(new UpstreamError(402, HttpHeaders.create(), fixture("402.json")));
        assertEquals(windowEnd, known.until(), "the quota window from the account's billing figures");

        GatewayException stale = new FactoryErrorClassifier(clock, NOW.minusSeconds(5))
                .classify(new UpstreamError(402, HttpHeaders.create().set("retry-after", "120"), fixture("402.json")));
        assertEquals(NOW.plusSeconds(120), stale.until(), "a past window is ignored; Retry-After is used");
    }

    @Test
    void phraseForbiddenIsRelayedWithoutPenalty() {
        GatewayException e = classify(403, "403-phrase.json");
        assertEquals(ErrorKind.PERMISSION, e.kind());
        assertEquals(AccountEffect.NONE, e.kind().effect());
        assertEquals(403, e.kind().status());
        assertEquals("Your request was blocked by our content policy.", e.getMessage());
        assertArrayEquals(fixture("403-phrase.json"), e.upstreamBody(), "the body rides along for same-dialect relay");
    }

    @Test
    void forbiddenIsAnAuthFailureOnlyWhenItsTypeNamesTheCredential() {
        assertEquals(ErrorKind.UPSTREAM_AUTH, classify(403, "403-auth-type.json").kind(), "type authentication_error");
        assertEquals(ErrorKind.PERMISSION, classify(403, "403-auth-wording.json").kind(),
                "wording alone is text, which may quote the prompt: relayed, no penalty");
        assertEquals(ErrorKind.PERMISSION, classify(403, "403-suspended.json").kind(),
                "a permission_error is what the phrase filter sends too; the billing health check sees a blocked account");
    }

    /** Account poisoning: a 403 or 400 that quotes the prompt never penalises the account, whatever it quotes. */
    @Test
    void promptTextQuotedInAnErrorNeverTouchesTheAccount() {
        GatewayException forbidden = classify(403, "403-phrase-echo.json");
        assertEquals(ErrorKind.PERMISSION, forbidden.kind());
        assertEquals(AccountEffect.NONE, forbidden.kind().effect());
        for (int status : new int[]{400, 404, 409, 422}) {
            assertEquals(AccountEffect.NONE, classify(status, "403-phrase-echo.json").kind().effect(), "HTTP " + status);
        }
    }

    @Test
    void rateLimitCoolsWithRetryAfterSecondsOrHttpDate() {
        GatewayException s = classify(429, "429.json", HttpHeaders.create().set("retry-after", "2"));
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED, s.kind());
        assertEquals(AccountEffect.COOLDOWN, s.kind().effect());
        assertEquals(Duration.ofSeconds(2), s.retryAfter());
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.plusSeconds(30).atOffset(ZoneOffset.UTC));
        assertEquals(Duration.ofSeconds(30), classify(429, "429.json", HttpHeaders.create().set("retry-after", date))
                .retryAfter());
    }

    @Test
    void serverErrorsFailOverAndClientErrorsNeverPenalise() {
        GatewayException five = classify(500, "500.json");
        assertEquals(ErrorKind.UPSTREAM_SERVER, five.kind());
        assertTrue(five.kind().retryable());
        GatewayException html = classify(502, "502.html");
        assertEquals(ErrorKind.UPSTREAM_OVERLOADED, html.kind());
        assertTrue(html.getMessage().startsWith("upstream returned HTTP 502: 502 Bad Gateway"), html.getMessage());
        assertEquals(ErrorKind.INVALID_REQUEST, classify(400, "400.json").kind());
        assertEquals(AccountEffect.NONE, classify(400, "400.json").kind().effect());
        assertEquals(ErrorKind.CONTEXT_TOO_LONG, classify(400, "400-too-long.json").kind());
    }

    @Test
    void throughTheFakeTheCallCarriesTheAccountsQuotaWindow() throws Exception {
        try (FakeFactory fake = new FakeFactory()) {
            Plugin p = Plugin.of(fake);
            ChatRequest r = ChatRequest.builder("gpt-5.2").addMessage(Message.user("Hi")).build();
            fake.fault("fk-402", FakeFactory.Fault.PAYMENT_402).fault("fk-429", FakeFactory.Fault.RATE_LIMITED_429)
                    .fault("fk-503", FakeFactory.Fault.OVERLOADED_503);
            Instant end = Instant.now().plus(Duration.ofHours(2));
            Account withQuota = new Account(9, "factory", "q", Json.createObjectBuilder().add("api-key", "fk-402").build(),
                    AccountState.ACTIVE, new QuotaSnapshot(100.0, 100.0, end, "percent"));
            GatewayException e402 = assertThrows(GatewayException.class,
                    () -> p.harness.stream(r, "gpt-5.2", withQuota, Plugin.chatClient()));
            assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED, e402.kind());
            assertEquals(end, e402.until());
            GatewayException e429 = assertThrows(GatewayException.class,
                    () -> p.harness.stream(r, "gpt-5.2", Plugin.key("fk-429"), Plugin.chatClient()));
            assertEquals(Duration.ofSeconds(2), e429.retryAfter());
            assertEquals(ErrorKind.UPSTREAM_OVERLOADED, assertThrows(GatewayException.class,
                    () -> p.harness.stream(r, "gpt-5.2", Plugin.key("fk-503"), Plugin.chatClient())).kind());
        }
    }
}
