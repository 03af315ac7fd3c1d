package dev.switchboard.wire;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;

/**
 * A readable message from any upstream error body, the text error classifiers put into the
 * {@link dev.switchboard.spi.GatewayException} a client may see. Stateless.
 */
public final class WireErrors {
    private static final int MAX_TEXT = 200;

    private WireErrors() {
    }

    /**
     * A readable message from an upstream error body: {@code error.message}, {@code error} as a string,
     * {@code detail.message}, {@code detail}, {@code message}; otherwise (HTML, empty) the status with at
     * most 200 characters of the text, so nothing huge or raw reaches a client.
     */
    public static String upstreamMessage(int status, byte[] body) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8).trim();
        JsonObject o = Jsons.tryParseObject(text).orElse(null);
        if (o != null) {
            JsonObject err = Jsons.obj(o, "error");
            String m = err != null ? Jsons.str(err, "message") : Jsons.str(o, "error");
            if (m == null) {
                JsonObject detail = Jsons.obj(o, "detail");
                m = detail != null ? Jsons.str(detail, "message") : Jsons.str(o, "detail");
            }
            if (m == null) {
                m = Jsons.str(o, "message");
            }
            if (m == null && err != null) {
                m = Jsons.str(err, "error_description");
            }
            if (m == null) {
                m = Jsons.str(o, "error_description");
            }
            if (m != null && !m.isBlank()) {
                return truncate(m, 1000);
            }
        }
        String plain = text.replaceAll("<[^>]*>", " ").replaceAll("\\s+", " ").trim();
        return "upstream returned HTTP " + status + (plain.isEmpty() ? "" : ": " + truncate(plain, MAX_TEXT));
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }
}
