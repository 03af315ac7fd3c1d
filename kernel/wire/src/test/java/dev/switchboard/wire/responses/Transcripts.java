package dev.switchboard.wire.responses;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Loads the Responses SSE transcripts from the test resources. */
final class Transcripts {
    private Transcripts() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Transcripts.class.getResourceAsStream("/responses/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no transcript " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] withCrlf(byte[] lf) {
        return new String(lf, StandardCharsets.UTF_8).replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
