package dev.switchboard.spi;

/**
 * A configuration problem. The message names the file, the key path and what is wrong, e.g.
 * {@code conf/gateway.yaml: providers[1].base-url: must be an absolute http(s) URL}. It stops startup.
 */
public class ConfigException extends Exception {
    private final String key;

    public ConfigException(String source, String key, String problem) {
        super((source == null ? "" : source + ": ") + key + ": " + problem);
        this.key = key;
    }

    /** The full key path the problem is about. */
    public String key() {
        return key;
    }
}
