package dev.switchboard.kernel.plugin;

import dev.switchboard.spi.ProviderFactory;
import dev.switchboard.spi.SpiVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;

/**
 * Loads plugin zips/jars from the plugins directory, refuses those whose declared SPI range does not contain
 * this kernel's {@link SpiVersion}, starts the others one by one, and collects their {@link ProviderFactory}
 * extensions by plugin id. Failures are recorded (for the log and {@code /health/ready}), never fatal.
 *
 * <p>Created and started once at boot; afterwards read-only and thread-safe.
 */
public final class PluginHost implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(PluginHost.class.getName());

    private final Path directory;
    private final Map<String, ProviderFactory> factories = new LinkedHashMap<>();
    private final List<PluginStatus> statuses = new ArrayList<>();
    private HostPluginManager manager;

    /**
     * @param directory plugins directory (may be missing: then only built-in factories exist)
     * @param builtIn   factories registered in code (tests, embedded use), keyed by their plugin id
     */
    public PluginHost(Path directory, Collection<ProviderFactory> builtIn) {
        this.directory = directory;
        for (ProviderFactory f : builtIn) {
            String id = f.descriptor().pluginId();
            factories.put(id, f);
            statuses.add(PluginStatus.ok(id, null, "built-in"));
        }
    }

    /** Loads and starts every plugin of the directory. */
    public void start() {
        if (directory == null || !Files.isDirectory(directory)) {
            LOG.info(() -> "no plugins directory at " + directory + "; only built-in providers are available");
            return;
        }
        manager = new HostPluginManager(directory, SpiVersion.VERSION);
        for (Path path : manager.pluginPaths()) {
            String pluginId;
            try {
                pluginId = manager.loadPlugin(path);
            } catch (RuntimeException e) {
                record(PluginStatus.failed(path.getFileName().toString(), null, path.getFileName().toString(),
                        "cannot load: " + rootMessage(e)));
                continue;
            }
            PluginWrapper plugin = manager.getPlugin(pluginId);
            String refusal = manager.spiRefusal(plugin);
            if (refusal != null) {
                // Refused before any of its classes load: a plugin built against another SPI would only fail
                // later, at its first call, with a linkage error that names neither version.
                record(PluginStatus.failed(pluginId, plugin.getDescriptor().getVersion(),
                        path.getFileName().toString(), refusal));
                manager.unloadPlugin(pluginId);
                continue;
            }
            startOne(plugin, path);
        }
    }

    private void startOne(PluginWrapper w, Path path) {
        String id = w.getPluginId();
        String version = w.getDescriptor().getVersion();
        String source = path.getFileName().toString();
        try {
            PluginState state = manager.startPlugin(id);
            if (state != PluginState.STARTED) {
                Throwable failure = w.getFailedException();
                record(PluginStatus.failed(id, version, source, "cannot start"
                        + (failure != null ? ": " + rootMessage(failure) : " (state " + state + ")")));
                return;
            }
            List<ProviderFactory> found = manager.getExtensions(ProviderFactory.class, id);
            if (found.isEmpty()) {
                record(PluginStatus.failed(id, version, source, "contributes no ProviderFactory extension"
                        + " (was META-INF/extensions.idx generated? it needs <proc>full</proc> on JDK 23+)"));
                return;
            }
            for (ProviderFactory f : found) {
                String declared = f.descriptor().pluginId();
                if (!declared.equals(id)) {
                    record(PluginStatus.failed(id, version, source,
                            "its factory declares plugin id '" + declared + "', expected '" + id + "'"));
                    return;
                }
                if (factories.containsKey(id)) {
                    record(PluginStatus.failed(id, version, source, "a plugin with id '" + id + "' is already loaded"));
                    return;
                }
                factories.put(id, f);
            }
            record(PluginStatus.ok(id, version, source));
        } catch (RuntimeException | LinkageError e) {
            record(PluginStatus.failed(id, version, source, "cannot start: " + rootMessage(e)));
        }
    }

    private void record(PluginStatus s) {
        statuses.add(s);
        if (s.started()) {
            LOG.info(() -> "plugin " + s.id() + (s.version() == null ? "" : " " + s.version()) + " loaded from "
                    + s.source());
        } else {
            LOG.log(Level.SEVERE, "plugin {0} from {1} skipped: {2}", new Object[]{s.id(), s.source(), s.error()});
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    /** The factory of a plugin id, or null. */
    public ProviderFactory factory(String pluginId) {
        return factories.get(pluginId);
    }

    /** Ids of the plugins that can create providers. */
    public List<String> pluginIds() {
        return List.copyOf(factories.keySet());
    }

    /** Every plugin's outcome. */
    public List<PluginStatus> statuses() {
        return Collections.unmodifiableList(statuses);
    }

    /** The failure recorded for a plugin id, if any. */
    public PluginStatus failure(String pluginId) {
        for (PluginStatus s : statuses) {
            if (!s.started() && s.id().equals(pluginId)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (manager != null) {
            // One by one: PF4J 3.15's stopPlugins() modifies the list it iterates (ConcurrentModificationException).
            for (PluginWrapper w : new ArrayList<>(manager.getPlugins())) {
                try {
                    if (w.getPluginState() == PluginState.STARTED) {
                        manager.stopPlugin(w.getPluginId());
                    }
                    manager.unloadPlugin(w.getPluginId());
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "stopping plugin " + w.getPluginId() + " failed", e);
                }
            }
        }
    }
}
