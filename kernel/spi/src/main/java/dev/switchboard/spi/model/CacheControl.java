package dev.switchboard.spi.model;

/**
 * Prompt-cache marker on a block or tool ({@code {"type":"ephemeral","ttl":"1h"}}).
 *
 * @param type the marker type, {@code ephemeral} today
 * @param ttl  optional lifetime such as {@code 5m} or {@code 1h}; {@code null} when absent
 */
public record CacheControl(String type, String ttl) {
    /** The plain {@code {"type":"ephemeral"}} marker. */
    public static final CacheControl EPHEMERAL = new CacheControl("ephemeral", null);
}
