package dev.switchboard.plugin.kiro.stream;

import static dev.switchboard.plugin.kiro.eventstream.EventStreamEncoder.event;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.plugin.kiro.KiroErrorClassifier;
import dev.switchboard.plugin.kiro.eventstream.EventStreamEncoder;
import dev.switchboard.plugin.kiro.eventstream.HeaderValue;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.StopReason;
import dev.switchboard.spi.stream.StreamEvent;
import jakarta.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Exceptions inside Kiro's event stream are classified by {@link KiroErrorClassifier} alone: every exception type
 * decodes to the kind the classifier gives it, error frames too, and the message text never moves an account
 * effect.
 */
class InStreamErrorClassificationTest {
    private static final Logger LOG = Logger.getLogger(InStreamErrorClassificationTest.class.getName());
    private static final KiroErrorClassifier CLASSIFIER = KiroErrorClassifier.forCall(
            KiroStreamDecoderTest.INPUT_ESTIMATE, 200_000, null, Clock.systemUTC(), LOG);

    /** An exception frame with a JSON payload of {@code message} and, if given, {@code reason}. */
    static byte[] exceptionFrame(String type, String message, String reason) {
        Map<String, HeaderValue> h = new LinkedHashMap<>();
        h.put(":exception-type", new HeaderValue.StringValue(type));
        h.put(":content-type", new HeaderValue.StringValue("application/json"));
        h.put(":message-type", new HeaderValue.StringValue("exception"));
        var payload = Json.createObjectBuilder().add("message", message);
        if (reason != null) {
            payload.add("reason", reason);
        }
        return EventStreamEncoder.encode(h, payload.build().toString().getBytes(StandardCharsets.UTF_8));
    }

    static StreamEvent last(byte[]... frames) {
        List<StreamEvent> events = KiroStreamDecoderTest.decode(KiroStreamDecoderTest.decoder(), frames);
        return events.getLast();
    }

    static ErrorKind decodedKind(byte[] frame) {
        return assertInstanceOf(StreamEvent.StreamError.class, last(frame)).kind();
    }

    @Test
    void everyInStreamExceptionTypeDecodesToTheKindTheClassifierGivesIt() {
        Map<String, ErrorKind> expected = new LinkedHashMap<>();
        expected.put("ThrottlingException", ErrorKind.UPSTREAM_RATE_LIMITED);
        expected.put("ServiceQuotaExceededException", ErrorKind.UPSTREAM_QUOTA_EXHAUSTED);
        expected.put("AccessDeniedException", ErrorKind.UPSTREAM_AUTH);
        expected.put("ExpiredTokenException", ErrorKind.UPSTREAM_AUTH);
        expected.put("UnauthorizedException", ErrorKind.UPSTREAM_AUTH);
        expected.put("ServiceUnavailableException", ErrorKind.UPSTREAM_OVERLOADED);
        expected.put("ValidationException", ErrorKind.INVALID_REQUEST);
        expected.put("InternalServerException", ErrorKind.UPSTREAM_SERVER);
        expected.put("SomethingNewException", ErrorKind.UPSTREAM_SERVER);
        for (Map.Entry<String, ErrorKind> e : expected.entrySet()) {
            String type = e.getKey();
            assertEquals(e.getValue(), CLASSIFIER.classifyInStream(type, Jsons.parseObject("{\"message\":\"m\"}"),
                    null).kind(), type);
            assertEquals(e.getValue(), decodedKind(exceptionFrame(type, "m", null)), type);
        }
    }

    @Test
    void contentLengthExceededEndsTheReplyWithMaxTokensInClassifierAndDecoder() {
        KiroErrorClassifier.InStream verdict = CLASSIFIER.classifyInStream("ContentLengthExceededException",
                Jsons.parseObject("{\"message\":\"Output too long\"}"), null);
        assertTrue(verdict.endsReply());
        assertEquals(StopReason.MAX_TOKENS, verdict.stopReason());
        byte[] text = event("assistantResponseEvent", "{\"content\":\"long answer\"}");
        List<StreamEvent> events = KiroStreamDecoderTest.decode(KiroStreamDecoderTest.decoder(),
                text, exceptionFrame("ContentLengthExceededException", "Output too long", null));
        StreamEvent.MessageDelta end = assertInstanceOf(StreamEvent.MessageDelta.class, events.get(events.size() - 2));
        assertEquals(StopReason.MAX_TOKENS, end.stopReason());
    }

    @Test
    void aValidationExceptionWithTheContentLengthReasonIsContextTooLongWithTheEstimate() {
        StreamEvent.StreamError e = assertInstanceOf(StreamEvent.StreamError.class,
                last(exceptionFrame("ValidationException", "Input is invalid", "CONTENT_LENGTH_EXCEEDS_THRESHOLD")));
        assertEquals(ErrorKind.CONTEXT_TOO_LONG, e.kind());
        assertEquals("prompt is too long: 200001 tokens > 200000 maximum", e.message());
    }

    @Test
    void aQuotaReasonOnAnotherTypeStillExhaustsTheQuota() {
        assertEquals(ErrorKind.UPSTREAM_QUOTA_EXHAUSTED,
                decodedKind(exceptionFrame("ValidationException", "limit", "MONTHLY_REQUEST_COUNT")));
    }

    @Test
    void errorFramesAreClassifiedByTheirErrorCodeHeader() {
        assertEquals(ErrorKind.UPSTREAM_RATE_LIMITED,
                decodedKind(EventStreamEncoder.error("ThrottlingException", "slow down")));
        assertEquals(ErrorKind.UPSTREAM_SERVER, decodedKind(EventStreamEncoder.error("InternalFailure", "boom")));
    }

    @Test
    void messageTextNeverChangesTheAccountEffect() {
        // Text a client can put in its prompt, echoed by Kiro: only the type decides.
        for (String text : List.of("Too many requests, throttled", "quota exhausted MONTHLY_REQUEST_COUNT",
                "AccessDeniedException: token expired", "service unavailable")) {
            assertEquals(ErrorKind.UPSTREAM_SERVER, decodedKind(exceptionFrame("InternalServerException", text, null)),
                    text);
            assertEquals(ErrorKind.UPSTREAM_SERVER,
                    decodedKind(EventStreamEncoder.error("InternalFailure", text)), text);
        }
    }
}
