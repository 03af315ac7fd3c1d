package dev.switchboard.kernel.plugin;

import java.nio.file.Path;
import org.pf4j.CompoundPluginLoader;
import org.pf4j.DefaultPluginLoader;
import org.pf4j.DefaultPluginManager;
import org.pf4j.JarPluginLoader;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginLoader;
import org.pf4j.PluginWrapper;

/**
 * PF4J's default manager (zips unpacked next to themselves, jars loaded as they are) with the host's
 * isolating class loader for both forms, and the kernel's SPI version as PF4J's system version: PF4J checks each
 * plugin's {@code plugin.requires} range against it with its version manager and disables a plugin outside it.
 */
final class HostPluginManager extends DefaultPluginManager {

    /**
     * @param pluginsDir the plugins directory
     * @param spiVersion the SPI version this kernel provides; plugins declare the range of it they accept
     */
    HostPluginManager(Path pluginsDir, String spiVersion) {
        super(pluginsDir);
        setSystemVersion(spiVersion);
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

    /** A range PF4J cannot parse makes the plugin invalid (and refused by name) instead of failing the load. */
    @Override
    protected boolean isPluginValid(PluginWrapper plugin) {
        try {
            return super.isPluginValid(plugin);
        } catch (RuntimeException unparsable) {
            return false;
        }
    }

    /**
     * Why the plugin cannot run on this kernel's SPI — naming the plugin, the range it requires and the SPI version
     * the kernel provides — or null when its range admits this SPI.
     */
    String spiRefusal(PluginWrapper plugin) {
        if (isPluginValid(plugin)) {
            return null;
        }
        PluginDescriptor d = plugin.getDescriptor();
        String requires = d.getRequires().trim();
        String who = "plugin '" + d.getPluginId() + "' " + d.getVersion();
        String major = getSystemVersion().substring(0, getSystemVersion().indexOf('.'));
        if (!parses(requires)) {
            return who + " declares plugin.requires '" + requires + "', which is not a version range (write one such"
                    + " as '>=" + major + ".0.0 & <" + (Integer.parseInt(major) + 1) + ".0.0'); this kernel provides"
                    + " SPI " + getSystemVersion();
        }
        return who + " requires SPI " + requires + ", but this kernel provides SPI " + getSystemVersion()
                + "; rebuild the plugin against SPI " + major + ".x";
    }

    private boolean parses(String range) {
        try {
            getVersionManager().checkVersionConstraint(getSystemVersion(), range);
            return true;
        } catch (RuntimeException unparsable) {
            return false;
        }
    }

    /** The repository's plugin paths (zips are unpacked first), so the host can load them one by one. */
    java.util.List<Path> pluginPaths() {
        return pluginRepository.getPluginPaths();
    }
}
