package dev.switchboard.kernel.plugin;

import java.util.List;
import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's class loader. Shared API packages load parent-first (a copy of jakarta.json in a plugin's
 * {@code lib/} would otherwise break with "JsonProviderImpl not a subtype"); JDK classes load normally;
 * the plugin's own classes and libraries load from its zip; any other class of the host — kernel
 * internals, Helidon, H2 — is refused, so plugins can only use the SPI. Thread-safe like any class loader.
 *
 * <p>The wire library ({@code dev.switchboard.wire}) is deliberately not shared: each plugin bundles its own copy
 * in its zip's {@code lib/} and loads it from there, so the kernel's copy never becomes a second plugin API (see
 * the package documentation of {@code dev.switchboard.wire}).
 */
final class HostPluginClassLoader extends PluginClassLoader {
    /** Packages the host shares with plugins: the SPI and what its signatures use (jakarta.json, PF4J), and logging. */
    static final List<String> SHARED = List.of("dev.switchboard.spi.", "jakarta.json.", "org.eclipse.parsson.",
            "org.pf4j.", "org.slf4j.");

    HostPluginClassLoader(PluginManager manager, PluginDescriptor descriptor, ClassLoader parent) {
        super(manager, descriptor, parent, ClassLoadingStrategy.PDA);
    }

    @Override
    protected boolean shouldDelegateToParent(String className) {
        return super.shouldDelegateToParent(className) || isShared(className);
    }

    static boolean isShared(String className) {
        for (String p : SHARED) {
            if (className.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        Class<?> c = super.loadClass(className);
        if (c.getClassLoader() == this || isShared(className) || isJdk(c)) {
            return c;
        }
        ClassLoader cl = c.getClassLoader();
        if (cl instanceof PluginClassLoader) {
            return c; // a declared plugin dependency
        }
        throw new ClassNotFoundException(className + " is not visible to plugins: a plugin may use the"
                + " Switchboard SPI, jakarta.json and the JDK only");
    }

    /** Classes of the JDK live in named modules; the host's own jars are on the class path (unnamed module). */
    private static boolean isJdk(Class<?> c) {
        Module m = c.getModule();
        if (!m.isNamed()) {
            return false;
        }
        String n = m.getName();
        return n.startsWith("java.") || n.startsWith("jdk.");
    }
}
