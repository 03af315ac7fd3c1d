package dev.switchboard.spi;

import java.time.Clock;
import java.util.logging.Logger;

/**
 * What the kernel hands a provider instance: its configuration and the host services it may use.
 * Everything here is thread-safe.
 */
public interface ProviderContext {

    /** The instance id from YAML ({@code id:}). */
    String instanceId();

    /** The instance's configuration node (plugin keys and the kernel's, after env overrides). */
    PluginConfig config();

    /** Time source; injectable so expiry and polling are tested in milliseconds, without waiting. */
    Clock clock();

    /** Waiting, injectable like the clock. */
    Sleeper sleeper();

    /** A logger named after the plugin and instance. Never log credentials or bodies that may hold them. */
    Logger logger();

    /** The instance's HTTP transport; every upstream call goes through it. */
    HttpTransport transport();

    /** The shared token counter. */
    TokenCounter tokenCounter();

    /** Encrypted persistence of this instance's accounts. */
    CredentialStore credentials();

    /**
     * The gateway's environment variables (injectable for tests). Prefer {@code ${VAR}} in YAML for secrets; this
     * is for plugins that honour a well-known variable of their upstream's own tooling.
     */
    default java.util.Map<String, String> environment() {
        return System.getenv();
    }
}
