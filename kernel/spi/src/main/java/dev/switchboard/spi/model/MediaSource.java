package dev.switchboard.spi.model;

/**
 * Where the bytes of an image or document come from.
 *
 * @param kind      how the content is carried
 * @param mediaType MIME type ({@code image/png}, {@code application/pdf}, {@code text/plain}); may be null for URLs
 * @param data      base64 data for {@link Kind#BASE64}, the literal text for {@link Kind#TEXT}, else null
 * @param url       the address for {@link Kind#URL}, the file id for {@link Kind#FILE}, else null
 */
public record MediaSource(Kind kind, String mediaType, String data, String url) {

    /** Transport of the media bytes. */
    public enum Kind { BASE64, URL, TEXT, FILE }

    public static MediaSource base64(String mediaType, String data) {
        return new MediaSource(Kind.BASE64, mediaType, data, null);
    }

    public static MediaSource url(String url) {
        return new MediaSource(Kind.URL, null, null, url);
    }

    public static MediaSource text(String text) {
        return new MediaSource(Kind.TEXT, "text/plain", text, null);
    }

    public static MediaSource file(String fileId) {
        return new MediaSource(Kind.FILE, null, null, fileId);
    }

    /** A {@code data:} URI for base64 content ({@code data:image/png;base64,...}), else the URL itself. */
    public String toDataUriOrUrl() {
        if (kind == Kind.BASE64) {
            return "data:" + (mediaType == null ? "image/jpeg" : mediaType) + ";base64," + data;
        }
        return url;
    }

    /**
     * Parses an OpenAI-style image reference: a {@code data:} URI becomes {@link Kind#BASE64}, anything
     * else a {@link Kind#URL}. Returns null for a malformed data URI.
     */
    public static MediaSource fromDataUriOrUrl(String ref) {
        if (ref == null) {
            return null;
        }
        if (ref.startsWith("data:")) {
            int comma = ref.indexOf(',');
            if (comma < 0) {
                return null;
            }
            String meta = ref.substring(5, comma);
            boolean isBase64 = meta.endsWith(";base64");
            String mediaType = isBase64 ? meta.substring(0, meta.length() - ";base64".length()) : meta;
            if (!isBase64) {
                return null;
            }
            return base64(mediaType.isEmpty() ? "image/jpeg" : mediaType, ref.substring(comma + 1));
        }
        return url(ref);
    }
}
