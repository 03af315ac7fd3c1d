package dev.switchboard.plugin.kiro.fake;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The fake's {@code generateAssistantResponse} and {@code getUsageLimits}: bearer check (403
 * {@code AccessDeniedException} for unknown tokens), the profileArn rule, the strict checks ({@link StrictRules}), then
 * the next {@link ChatScript} (default: a short text answer) written frame by frame or chunk by chunk. Thread-safe.
 */
final class FakeKiroChat {
    static final String ACCESS_DENIED = "{\"message\":\"The bearer token included in the request is invalid.\",\"reason\":null}";

    private final FakeKiro fake;

    FakeKiroChat(FakeKiro fake) {
        this.fake = fake;
    }

    /** The social flag of the request's bearer token, or null (and a 403 sent) when it is not live. */
    private Boolean authorise(FakeUpstream.Recorded req, FakeUpstream.Exchange ex) {
        String auth = req.header("authorization");
        Boolean social = auth != null && auth.startsWith("Bearer ") ? fake.accessTokens.get(auth.substring(7)) : null;
        if (social == null) {
            ex.status(403).header("x-amzn-errortype", "AccessDeniedException:http://internal.amazon.com/coral/")
                    .json(ACCESS_DENIED);
        }
        return social;
    }

    void chat(FakeUpstream.Recorded req, FakeUpstream.Exchange ex) throws Exception {
        Boolean social = authorise(req, ex);
        if (social == null) {
            return;
        }
        JsonObject body;
        try {
            body = Jsons.parseObject(req.body());
        } catch (JsonException e) {
            ex.status(400).json("{\"message\":\"Improperly formed request.\",\"reason\":\"REQUEST_BODY_INVALID_JSON\"}");
            return;
        }
        if (fake.strict) {
            StrictRules.Violation v = StrictRules.check(req.body(), body, social);
            if (v != null) {
                ex.status(v.status()).header("x-fake-rule", v.rule().replaceAll("[^ -~]", "?"))
                        .json(v.status() == 500 ? "{\"message\":\"Encountered an unexpected error.\"}"
                                : "{\"message\":\"Improperly formed request.\",\"reason\":null}");
                return;
            }
        }
        ChatScript s = fake.chatScripts.poll();
        if (s == null && fake.responder != null) {
            s = fake.responder.apply(body);
        }
        if (s == null) {
            s = ChatScript.texts("Hello", " from Kiro").metering(0.01).context(0.5);
        }
        if (s.errorBody != null) {
            ex.status(s.status);
            s.errorHeaders.forEach(ex::header);
            ex.json(s.errorBody);
            return;
        }
        ex.status(200).header("content-type", "application/vnd.amazon.eventstream")
                .header("x-amzn-requestid", UUID.randomUUID().toString());
        stream(s, ex);
    }

    private static void stream(ChatScript s, FakeUpstream.Exchange ex) throws InterruptedException {
        byte[] all = s.body();
        int sent = 0;
        int frame = 0;
        int frameEnd = s.frames.isEmpty() ? 0 : s.frames.getFirst().length;
        while (sent < all.length) {
            int size = s.chunkSize > 0 ? s.chunkSize : frameEnd - sent;
            int end = Math.min(all.length, sent + Math.max(1, size));
            if (s.cutAfterBytes >= 0 && end > s.cutAfterBytes) {
                if (s.cutAfterBytes > sent) {
                    ex.write(Arrays.copyOfRange(all, sent, s.cutAfterBytes));
                }
                ex.cut();
            }
            ex.write(Arrays.copyOfRange(all, sent, end));
            sent = end;
            while (sent >= frameEnd && frame + 1 < s.frames.size()) {
                if (frame == 0 && s.gate != null && !s.gate.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never opened the gate");
                }
                frame++;
                frameEnd += s.frames.get(frame).length;
            }
            if (!s.delay.isZero() && sent < all.length) {
                ex.pause(s.delay);
            }
        }
        if (s.cutAfterBytes >= 0) {
            ex.cut();
        }
        ex.end();
        if (s.finished != null) {
            s.finished.countDown();
        }
    }

    void usage(FakeUpstream.Recorded req, FakeUpstream.Exchange ex) {
        Boolean social = authorise(req, ex);
        if (social == null) {
            return;
        }
        String q = req.query() == null ? "" : req.query();
        Map<String, String> params = FakeKiro.query(q);
        boolean hasArn = params.containsKey("profileArn");
        // The plugin writes the Kiro IDE's order; the kernel transport (Helidon) may reorder parameters, so only
        // their presence and values are checked here.
        boolean expected = "true".equals(params.get("isEmailRequired")) && "AI_EDITOR".equals(params.get("origin"))
                && "AGENTIC_REQUEST".equals(params.get("resourceType"));
        if (!expected || social != hasArn
                || hasArn && !FakeKiro.ARN.equals(params.get("profileArn"))) {
            ex.status(400).json("{\"message\":\"Improperly formed request.\",\"reason\":null}");
            return;
        }
        ex.json(fake.usageJson);
    }
}
