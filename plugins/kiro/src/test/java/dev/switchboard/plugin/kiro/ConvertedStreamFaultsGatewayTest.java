package dev.switchboard.plugin.kiro;

import static dev.switchboard.testkit.StreamEndings.assertAnthropicErrorEnd;
import static dev.switchboard.testkit.StreamEndings.assertErrorStatus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.eventstream.EventStreamEncoder;
import dev.switchboard.plugin.kiro.fake.ChatScript;
import dev.switchboard.plugin.kiro.fake.FakeKiro;
import dev.switchboard.spi.AccountState;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection against the fake Kiro through the real gateway: dropped and stalled streams, a slow drip, a 429
 * storm, 5xx, a bad CRC, a truncated frame and an HTML page where the event stream should be. Each ends in the
 * documented client answer — an HTTP error before the first byte (after trying both accounts), the error event after
 * it — within the configured timeouts, never a hang and never a normal finish.
 */
class ConvertedStreamFaultsGatewayTest {
    @TempDir
    Path home;
    private FakeKiro fake;
    private KiroGateway gateway;
    private final CountDownLatch never = new CountDownLatch(1);

    private static final String STREAM = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":50,\"stream\":true,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @BeforeEach
    void start() throws Exception {
        fake = new FakeKiro();
        gateway = new KiroGateway(home, fake, """
                    health-check: false
                    usage-sync-interval: 1d
                    read-timeout: 400ms
                    request-timeout: 2s
                    affinity: false
                """, "a", "b");
    }

    @AfterEach
    void stop() {
        never.countDown();
        gateway.close();
        fake.close();
    }

    private HttpResponse<String> ask() throws Exception {
        return gateway.messages(STREAM);
    }

    private int chatCalls() {
        return fake.server().requests("/generateAssistantResponse").size();
    }

    private static int frameLength(String text) {
        return EventStreamEncoder.event("assistantResponseEvent", "{\"content\":\"" + text + "\"}").length;
    }

    @Test
    void aConnectionDroppedMidFrameEndsWithTheErrorEvent() throws Exception {
        fake.script(ChatScript.texts("hello", "world").cutAfter(frameLength("hello") + 10));
        HttpResponse<String> r = ask();
        assertAnthropicErrorEnd(r);
        assertTrue(r.body().contains("hello"));
    }

    @Test
    void aStallBeforeAnyContentIsATimeoutAfterBothAccounts() throws Exception {
        fake.script(ChatScript.of().metering(0.01).text("late").gate(never));
        fake.script(ChatScript.of().metering(0.01).text("late").gate(never));
        assertErrorStatus(ask(), 504);
        assertEquals(2, chatCalls());
    }

    @Test
    void aStallAfterContentEndsWithTheErrorEvent() throws Exception {
        fake.script(ChatScript.texts("hello", "world").gate(never));
        assertAnthropicErrorEnd(ask());
    }

    @Test
    void aSlowDripIsCutByTheTotalDeadline() throws Exception {
        String[] pieces = new String[60];
        java.util.Arrays.fill(pieces, "drop ");
        fake.script(ChatScript.texts(pieces).delay(Duration.ofMillis(100)));
        assertAnthropicErrorEnd(ask());
    }

    @Test
    void aThrottlingStormCoolsBothAccountsAndAnswers429() throws Exception {
        for (int i = 0; i < 2; i++) {
            fake.script(ChatScript.error(429, "{\"message\":\"Too many requests\"}", "x-amzn-errortype",
                    "ThrottlingException", "retry-after", "99999999"));
        }
        HttpResponse<String> r = ask();
        assertErrorStatus(r, 429);
        assertTrue(Long.parseLong(r.headers().firstValue("retry-after").orElseThrow()) <= 3600);
        var pool = gateway.gateway.providers().get("kiro").pool();
        assertEquals(AccountState.COOLING, pool.find("a").status().state());
        assertEquals(AccountState.COOLING, pool.find("b").status().state());
        assertErrorStatus(ask(), 429);
        assertEquals(2, chatCalls(), "no upstream call while every account cools");
    }

    @Test
    void serverErrorsFailOverThen502() throws Exception {
        fake.script(ChatScript.error(500, "{\"message\":\"Encountered an unexpected error.\"}"));
        fake.script(ChatScript.error(500, "{\"message\":\"Encountered an unexpected error.\"}"));
        assertErrorStatus(ask(), 502);
        assertEquals(2, chatCalls());
    }

    @Test
    void aBadCrcBeforeContentFailsOverAndAfterContentEndsWithTheErrorEvent() throws Exception {
        fake.script(ChatScript.texts("hello").corrupt(5));
        fake.script(ChatScript.texts("fine answer"));
        HttpResponse<String> recovered = ask();
        assertEquals(200, recovered.statusCode());
        assertTrue(recovered.body().contains("fine answer") && recovered.body().contains("event: message_stop"),
                "the corrupt first frame failed over to the other account");
        fake.script(ChatScript.texts("hello", "world").corrupt(frameLength("hello") + 20));
        HttpResponse<String> broken = ask();
        assertAnthropicErrorEnd(broken);
        assertTrue(!broken.body().contains("world"), "nothing of the corrupt frame reaches the client");
    }

    @Test
    void anHtmlPageInsteadOfTheEventStreamIsAnUpstreamError() throws Exception {
        byte[] html = "<!DOCTYPE html><html><body>Service maintenance</body></html>".getBytes(StandardCharsets.UTF_8);
        fake.script(ChatScript.of().raw(html));
        fake.script(ChatScript.of().raw(html));
        assertErrorStatus(ask(), 502);
        assertEquals(2, chatCalls());
    }
}
