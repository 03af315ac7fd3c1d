package dev.switchboard.kernel.plugin;

import java.nio.file.Path;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;

/**
 * PF4J's default manager (zips unpacked next to themselves, jars loaded as they are) with the host's
 * isolating class loader for both forms.
 */
final class HostPluginManager extends DefaultPluginManager {

    HostPluginManager(Path pluginsDir) {
        super(pluginsDir);
    }

    @Override
    protected PluginLoader createPluginLoader() {
        ClassLoader host = HostPluginManager.class.getClassLoader();
        return new CompoundPluginLoader()
                .add(new DefaultPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor d) {
                        return new HostPluginClassLoader(pluginManager, d, host);
                    }
                })
                .add(new JarPluginLoader(this) {
                    @Override
                    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor d) {
                        return new HostPluginClassLoader(pluginManager, d, host);
                    }
                });
    }

    /** The repository's plugin paths (zips are unpacked first), so the host can load them one by one. */
    java.util.List<Path> pluginPaths() {
        return pluginRepository.getPluginPaths();
    }
}
