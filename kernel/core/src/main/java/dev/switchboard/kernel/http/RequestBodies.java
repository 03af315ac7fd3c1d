package dev.switchboard.kernel.http;

import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads a JSON request body within the configured size limit (413 beyond it, 400 when not JSON). Stateless. */
public final class RequestBodies {
    private RequestBodies() {
    }

    public static JsonObject readJson(ServerRequest req, long maxBytes) throws GatewayException {
        long declared = req.headers().contentLength().orElse(-1L);
        if (declared > maxBytes) {
            drain(req);
            throw tooLarge(maxBytes);
        }
        byte[] body;
        try (InputStream in = req.content().inputStream()) {
            // A declared length is read into one array of that size (readNBytes would gather 16 KB pieces and copy).
            body = declared >= 0 ? readDeclared(in, (int) declared)
                    : in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (body.length > maxBytes) {
                in.transferTo(OutputStreamSink.INSTANCE);
                throw tooLarge(maxBytes);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new GatewayException(ErrorKind.INVALID_REQUEST, "could not read the request body");
        }
        if (body.length == 0) {
            throw GatewayException.invalid(null, "the request body is empty; send a JSON object");
        }
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("application/json");
        if (!contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            throw GatewayException.invalid(null, "Content-Type must be application/json, got '" + contentType + "'");
        }
        try {
            return Jsons.parseObject(body);
        } catch (JsonException e) {
            throw GatewayException.invalid(null, "the request body is not valid JSON: " + e.getMessage());
        }
    }

    /** Exactly {@code length} bytes, or fewer if the body ended early (the request was cut off). */
    private static byte[] readDeclared(InputStream in, int length) throws IOException {
        byte[] b = new byte[length];
        int n = in.readNBytes(b, 0, length);
        return n == length ? b : java.util.Arrays.copyOf(b, n);
    }

    private static GatewayException tooLarge(long max) {
        return new GatewayException(ErrorKind.REQUEST_TOO_LARGE, "request body exceeds the limit of " + max + " bytes");
    }

    private static void drain(ServerRequest req) {
        try (InputStream in = req.content().inputStream()) {
            in.transferTo(OutputStreamSink.INSTANCE);
        } catch (IOException | UncheckedIOException e) {
            // The connection is going away anyway; nothing to report to a client that sent too much.
            java.util.logging.Logger.getLogger(RequestBodies.class.getName()).finest("draining an oversize body: " + e);
        }
    }

    /** Discards bytes. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
