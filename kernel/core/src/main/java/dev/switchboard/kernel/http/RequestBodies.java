package dev.switchboard.kernel.http;

import dev.switchboard.kernel.logging.LogSafe;
import dev.switchboard.spi.ErrorKind;
import dev.switchboard.spi.GatewayException;
import dev.switchboard.spi.json.Jsons;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Reads JSON request bodies for every JSON endpoint (chat, count_tokens, admin): the declared type must be
 * {@code application/json} (parameters allowed), the size stays within the configured limit (413 beyond it), and
 * the bytes must parse as a JSON object within the parser limits of {@link Jsons} (400). The strict type check is
 * what keeps web pages out: a browser sends {@code text/plain}, form types or no type at all cross-origin without
 * a CORS preflight, but never {@code application/json}. Stateless.
 */
public final class RequestBodies {
    private static final Logger LOG = Logger.getLogger(RequestBodies.class.getName());

    private RequestBodies() {
    }

    /** Told a body's size once it is read, before it is parsed; may refuse the request. */
    @FunctionalInterface
    public interface SizeCheck {
        void check(long bodyBytes) throws GatewayException;
    }

    /** The body as a JSON object; an empty body is a 400. */
    public static JsonObject readJson(ServerRequest req, long maxBytes) throws GatewayException {
        return readJson(req, maxBytes, n -> { });
    }

    /**
     * As {@link #readJson(ServerRequest, long)}, with {@code sizeCheck} told the body's size before it is parsed.
     * The bytes stay inside this call: a long stream's frames must not keep them.
     */
    public static JsonObject readJson(ServerRequest req, long maxBytes, SizeCheck sizeCheck) throws GatewayException {
        requireJsonType(req);
        byte[] body = read(req, maxBytes);
        if (body.length == 0) {
            throw GatewayException.invalid(null, "the request body is empty; send a JSON object");
        }
        sizeCheck.check(body.length);
        return parse(body);
    }

    /** The body as a JSON object, or null when the request has no body (then any type is accepted). */
    public static JsonObject readOptionalJson(ServerRequest req, long maxBytes) throws GatewayException {
        if (req.headers().contentLength().orElse(-1L) == 0) {
            return null;
        }
        byte[] body = read(req, maxBytes);
        if (body.length == 0) {
            return null;
        }
        requireJsonType(req);
        return parse(body);
    }

    /** Refuses (415) a request whose {@code Content-Type} is missing or not {@code application/json}. */
    public static void requireJsonType(ServerRequest req) throws GatewayException {
        String type = req.headers().first(HeaderNames.CONTENT_TYPE).orElse(null);
        if (!isJson(type)) {
            throw new GatewayException(ErrorKind.UNSUPPORTED_MEDIA_TYPE, type == null
                    ? "Content-Type is missing; send Content-Type: application/json"
                    : "Content-Type must be application/json, got '" + LogSafe.value(type) + "'");
        }
    }

    /** True for {@code application/json} with or without parameters ({@code ; charset=utf-8}). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semi = contentType.indexOf(';');
        String media = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        return media.toLowerCase(Locale.ROOT).equals("application/json");
    }

    private static JsonObject parse(byte[] body) throws GatewayException {
        try {
            return Jsons.parseObject(body);
        } catch (JsonException e) {
            throw GatewayException.invalid(null, "the request body is not valid JSON: " + e.getMessage());
        }
    }

    /** The raw body, at most {@code maxBytes} (413 beyond). */
    private static byte[] read(ServerRequest req, long maxBytes) throws GatewayException {
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
                in.transferTo(OutputStream.nullOutputStream());
                throw tooLarge(maxBytes);
            }
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            throw ClientTimeouts.bodyFailed(e);
        }
        ClientTimeouts.bodyRead();
        return body;
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
            in.transferTo(OutputStream.nullOutputStream());
            ClientTimeouts.bodyRead();
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            // The connection is going away anyway; nothing to report to a client that sent too much.
            LOG.finest(() -> "draining an oversize body: " + e);
        }
    }
}
