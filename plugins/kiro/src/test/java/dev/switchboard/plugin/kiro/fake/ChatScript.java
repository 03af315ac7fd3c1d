package dev.switchboard.plugin.kiro.fake;

import static dev.switchboard.plugin.kiro.eventstream.EventStreamEncoder.event;

import dev.switchboard.plugin.kiro.eventstream.EventStreamEncoder;
import dev.switchboard.spi.json.Jsons;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * One scripted answer of the fake's {@code generateAssistantResponse}: CRC-valid frames (encoded with the test
 * encoder, payload keys sorted as Kiro does), how to chunk and pace them, and faults (an HTTP error instead, a gate
 * that holds the rest of the stream, a connection reset after some bytes, a corrupted byte). Immutable apart from
 * the gate latch; built fluently.
 */
public final class ChatScript {
    final List<byte[]> frames = new ArrayList<>();
    int chunkSize;
    Duration delay = Duration.ZERO;
    int status = 200;
    String errorBody;
    final Map<String, String> errorHeaders = new LinkedHashMap<>();
    /** When set, the fake sends the first frame, then waits for this latch before the rest. */
    CountDownLatch gate;
    /** When set, the fake signals this latch once the whole body was written. */
    CountDownLatch finished;
    int cutAfterBytes = -1;
    int corruptByte = -1;

    public static ChatScript of() {
        return new ChatScript();
    }

    /** A plain text answer, one frame per piece. */
    public static ChatScript texts(String... pieces) {
        ChatScript s = new ChatScript();
        for (String p : pieces) {
            s.text(p);
        }
        return s;
    }

    /** An HTTP error answer. */
    public static ChatScript error(int status, String body, String... headers) {
        ChatScript s = new ChatScript();
        s.status = status;
        s.errorBody = body;
        for (int i = 0; i < headers.length; i += 2) {
            s.errorHeaders.put(headers[i], headers[i + 1]);
        }
        return s;
    }

    public ChatScript text(String content) {
        frames.add(event("assistantResponseEvent", "{\"content\":" + Jsons.quote(content) + "}"));
        return this;
    }

    /** A tool call: a start frame, one frame per input fragment, a stop frame. */
    public ChatScript tool(String id, String name, String... inputFragments) {
        frames.add(event("toolUseEvent", "{\"name\":" + Jsons.quote(name) + ",\"toolUseId\":" + Jsons.quote(id) + "}"));
        for (String f : inputFragments) {
            frames.add(event("toolUseEvent", "{\"input\":" + Jsons.quote(f) + ",\"name\":" + Jsons.quote(name)
                    + ",\"toolUseId\":" + Jsons.quote(id) + "}"));
        }
        frames.add(event("toolUseEvent", "{\"name\":" + Jsons.quote(name) + ",\"stop\":true,\"toolUseId\":"
                + Jsons.quote(id) + "}"));
        return this;
    }

    /** A {@code reasoningContentEvent} with thinking text and, when not null, its signature. */
    public ChatScript reasoning(String text, String signature) {
        frames.add(event("reasoningContentEvent", "{\"text\":" + Jsons.quote(text)
                + (signature == null ? "" : ",\"signature\":" + Jsons.quote(signature)) + "}"));
        return this;
    }

    public ChatScript metering(double credits) {
        frames.add(event("meteringEvent", "{\"unit\":\"credit\",\"unitPlural\":\"credits\",\"usage\":" + credits + "}"));
        return this;
    }

    public ChatScript context(double percent) {
        frames.add(event("contextUsageEvent", "{\"contextUsagePercentage\":" + percent + "}"));
        return this;
    }

    public ChatScript exception(String type, String message) {
        frames.add(EventStreamEncoder.exception(type, message));
        return this;
    }

    public ChatScript raw(byte[] frameBytes) {
        frames.add(frameBytes);
        return this;
    }

    /** Write in chunks of this many bytes (0 = one write per frame). */
    public ChatScript chunked(int size) {
        this.chunkSize = size;
        return this;
    }

    /** Pause between writes. */
    public ChatScript delay(Duration d) {
        this.delay = d;
        return this;
    }

    /** Send the first frame, then wait for {@code latch} before the rest. */
    public ChatScript gate(CountDownLatch latch) {
        this.gate = latch;
        return this;
    }

    /** Count {@code latch} down once the body is complete. */
    public ChatScript signalWhenFinished(CountDownLatch latch) {
        this.finished = latch;
        return this;
    }

    /** Reset the connection after this many body bytes (mid-frame if it falls inside one). */
    public ChatScript cutAfter(int bytes) {
        this.cutAfterBytes = bytes;
        return this;
    }

    /** Flip one bit of the body byte at this offset (a bad CRC). */
    public ChatScript corrupt(int offset) {
        this.corruptByte = offset;
        return this;
    }

    /** The whole body. */
    byte[] body() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        frames.forEach(b::writeBytes);
        byte[] all = b.toByteArray();
        if (corruptByte >= 0 && corruptByte < all.length) {
            all[corruptByte] ^= 0x10;
        }
        return all;
    }
}
