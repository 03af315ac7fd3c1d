package dev.switchboard.kernel.plugin;

/**
 * What happened to one plugin at startup, for logs and {@code /health/ready}.
 *
 * @param id      plugin id (or the file name when the descriptor could not be read)
 * @param version plugin version, or null
 * @param source  where it came from (file name, or {@code built-in} for factories registered in code)
 * @param started true when it loaded, started and contributed a provider factory
 * @param error   why it failed, or null
 */
public record PluginStatus(String id, String version, String source, boolean started, String error) {

    static PluginStatus ok(String id, String version, String source) {
        return new PluginStatus(id, version, source, true, null);
    }

    static PluginStatus failed(String id, String version, String source, String error) {
        return new PluginStatus(id, version, source, false, error);
    }
}
