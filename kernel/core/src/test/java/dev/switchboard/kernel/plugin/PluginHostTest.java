package dev.switchboard.kernel.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.testplugin.BundlerProviderFactory;
import dev.switchboard.kernel.testplugin.EchoPlugin;
import dev.switchboard.kernel.testplugin.EchoProviderFactory;
import dev.switchboard.kernel.testplugin.FailingStartPlugin;
import dev.switchboard.spi.ProviderFactory;
import dev.switchboard.spi.SpiVersion;
import dev.switchboard.testkit.PluginZipBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins load from zips built during the test; broken ones are skipped and reported; isolation holds. */
class PluginHostTest {
    @TempDir
    Path dir;

    @Test
    void discoversAPluginZipAndHidesKernelInternals() {
        PluginZipBuilder.plugin("echo").pluginClass(EchoPlugin.class).extension(EchoProviderFactory.class).writeTo(dir);
        try (PluginHost host = new PluginHost(dir, List.of())) {
            host.start();
            ProviderFactory f = host.factory("echo");
            assertNotNull(f, "factory from the zip");
            assertTrue(f.getClass().getClassLoader() instanceof HostPluginClassLoader,
                    "the factory must come from the plugin's class loader, not the test class path");
            assertEquals(List.of(PluginStatus.ok("echo", "1.0.0", "echo-1.0.0")), host.statuses());
        }
    }

    @Test
    void pluginCannotLoadKernelClassesButSeesTheSpi() throws Exception {
        PluginZipBuilder.plugin("echo").pluginClass(EchoPlugin.class).extension(EchoProviderFactory.class).writeTo(dir);
        try (PluginHost host = new PluginHost(dir, List.of())) {
            host.start();
            ClassLoader pl = host.factory("echo").getClass().getClassLoader();
            assertThrowsCnf(pl, "dev.switchboard.kernel.Gateway");
            assertThrowsCnf(pl, "io.helidon.webserver.WebServer");
            assertThrowsCnf(pl, "org.h2.Driver");
            assertEquals(dev.switchboard.spi.Provider.class, pl.loadClass("dev.switchboard.spi.Provider"),
                    "the SPI is shared parent-first");
            assertEquals(jakarta.json.JsonObject.class, pl.loadClass("jakarta.json.JsonObject"));
            assertNotNull(pl.loadClass("com.sun.net.httpserver.HttpServer"), "JDK modules stay visible");
        }
    }

    @Test
    void theWireLibraryIsBundledNotShared() throws Exception {
        PluginZipBuilder.plugin("echo").pluginClass(EchoPlugin.class).extension(EchoProviderFactory.class).writeTo(dir);
        PluginZipBuilder.plugin("bundler").pluginClass(EchoPlugin.class).extension(BundlerProviderFactory.class)
                .addClass(EchoProviderFactory.class).library(dev.switchboard.wire.WireIds.class).writeTo(dir);
        try (PluginHost host = new PluginHost(dir, List.of())) {
            host.start();
            assertThrowsCnf(host.factory("echo").getClass().getClassLoader(), "dev.switchboard.wire.WireIds");
            ClassLoader bundler = host.factory("bundler").getClass().getClassLoader();
            Class<?> own = bundler.loadClass("dev.switchboard.wire.WireIds");
            assertEquals(bundler, own.getClassLoader(), "a plugin's wire library comes from its own lib/");
            assertNotEquals(dev.switchboard.wire.WireIds.class, own, "never the kernel's copy");
            assertFalse(HostPluginClassLoader.isShared("dev.switchboard.wire.WireIds"));
            assertThrowsCnf(bundler, "dev.switchboard.kernel.dialect.SseWriter");
        }
    }

    @Test
    void isolationIsVisibleThroughTheRunningGateway() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginZipBuilder.plugin("echo").pluginClass(EchoPlugin.class).extension(EchoProviderFactory.class)
                .writeTo(plugins);
        Path conf = dir.resolve("gateway.yaml");
        Files.writeString(conf, "providers:\n  - id: e\n    plugin: echo\n");
        try (Gateway g = Gateway.builder().home(dir).configFile(conf).env(Map.of()).systemProperties(new Properties())
                .port(0).start()) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(g.baseUrl() + "/v1/models")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            assertTrue(r.body().contains("\"kernel-hidden\""), r.body());
        }
    }

    @Test
    void brokenDescriptorAndThrowingStartAreSkippedAndReported() {
        PluginZipBuilder.plugin("echo").pluginClass(EchoPlugin.class).extension(EchoProviderFactory.class).writeTo(dir);
        PluginZipBuilder.plugin("broken").rawDescriptor("plugin.version=1.0.0\n").writeTo(dir);
        PluginZipBuilder.plugin("explodes").pluginClass(FailingStartPlugin.class).extension(EchoProviderFactory.class)
                .writeTo(dir);
        try (PluginHost host = new PluginHost(dir, List.of())) {
            host.start();
            assertNotNull(host.factory("echo"), "a healthy plugin still loads");
            assertNull(host.factory("explodes"));
            PluginStatus exploded = host.failure("explodes");
            assertNotNull(exploded);
            assertTrue(exploded.error().contains("boom at start"), exploded.error());
            PluginStatus broken = host.statuses().stream().filter(s -> s.source().startsWith("broken")).findFirst()
                    .orElseThrow();
            assertFalse(broken.started());
            assertTrue(broken.error().startsWith("cannot load"), broken.error());
        }
    }

    @Test
    void aFailedPluginMakesReadinessDegradedButTheGatewayServes() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginZipBuilder.plugin("explodes").pluginClass(FailingStartPlugin.class).extension(EchoProviderFactory.class)
                .writeTo(plugins);
        Path conf = dir.resolve("gateway.yaml");
        Files.writeString(conf, "providers:\n  - id: x\n    plugin: explodes\n");
        try (Gateway g = Gateway.builder().home(dir).configFile(conf).env(Map.of()).systemProperties(new Properties())
                .port(0).start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/health/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("\"status\":\"failed\""), ready.body());
            assertTrue(ready.body().contains("boom at start"), ready.body());
            HttpResponse<String> live = http.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, live.statusCode());
        }
    }

    @Test
    void aPluginBuiltForAnotherSpiMajorIsRefusedByNameWhileACompatibleOneLoads() {
        String previousMajor = ">=" + (SpiVersion.MAJOR - 1) + ".0.0 & <" + SpiVersion.MAJOR + ".0.0";
        PluginZipBuilder.plugin("legacy").version("0.9.0").requires(previousMajor).pluginClass(EchoPlugin.class)
                .extension(EchoProviderFactory.class).writeTo(dir);
        PluginZipBuilder.plugin("echo").requires(SpiVersion.PLUGIN_RANGE).pluginClass(EchoPlugin.class)
                .extension(EchoProviderFactory.class).writeTo(dir);
        try (PluginHost host = new PluginHost(dir, List.of())) {
            host.start();
            assertNotNull(host.factory("echo"), "a plugin whose range contains this SPI loads");
            assertNull(host.factory("legacy"));
            assertEquals(PluginStatus.failed("legacy", "0.9.0", "legacy-0.9.0", "plugin 'legacy' 0.9.0 requires SPI "
                    + previousMajor + ", but this kernel provides SPI " + SpiVersion.VERSION
                    + "; rebuild the plugin against SPI " + SpiVersion.MAJOR + ".x"), host.failure("legacy"));
        }
    }

    @Test
    void aPluginNeedingANewerMinorThanTheKernelHasIsRefused() {
        String newerMinor = ">=" + SpiVersion.MAJOR + "." + (SpiVersion.MINOR + 1) + ".0 & <" + (SpiVersion.MAJOR + 1)
                + ".0.0";
        PluginZipBuilder.plugin("future").requires(newerMinor).pluginClass(EchoPlugin.class)
                .extension(EchoProviderFactory.class).writeTo(dir);
        try (PluginHost host = new PluginHost(dir, List.of())) {
            host.start();
            assertNull(host.factory("future"), "a plugin may use additions this kernel's SPI does not have yet");
            String error = host.failure("future").error();
            assertTrue(error.contains("requires SPI " + newerMinor + ", but this kernel provides SPI "
                    + SpiVersion.VERSION), error);
        }
    }

    @Test
    void anUnparsableSpiRangeIsRefusedByNameInsteadOfFailingTheLoad() {
        PluginZipBuilder.plugin("sloppy").requires("two-ish").pluginClass(EchoPlugin.class)
                .extension(EchoProviderFactory.class).writeTo(dir);
        try (PluginHost host = new PluginHost(dir, List.of())) {
            host.start();
            assertNull(host.factory("sloppy"));
            String error = host.failure("sloppy").error();
            assertTrue(error.startsWith("plugin 'sloppy' 1.0.0 declares plugin.requires 'two-ish', which is not a"
                    + " version range"), error);
            assertTrue(error.endsWith("this kernel provides SPI " + SpiVersion.VERSION), error);
        }
    }

    @Test
    void readinessReportsARefusedPluginWhileTheGatewayServesTheOthers() throws Exception {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        PluginZipBuilder.plugin("legacy").requires(">=1.0.0 & <" + SpiVersion.MAJOR + ".0.0")
                .pluginClass(EchoPlugin.class).extension(EchoProviderFactory.class).writeTo(plugins);
        PluginZipBuilder.plugin("echo").pluginClass(EchoPlugin.class).extension(EchoProviderFactory.class)
                .writeTo(plugins);
        Path conf = dir.resolve("gateway.yaml");
        Files.writeString(conf, "providers:\n  - id: e\n    plugin: echo\n");
        try (Gateway g = Gateway.builder().home(dir).configFile(conf).env(Map.of()).systemProperties(new Properties())
                .port(0).start()) {
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/health/ready"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("plugin 'legacy' 1.0.0 requires SPI"), ready.body());
            assertTrue(ready.body().contains("this kernel provides SPI " + SpiVersion.VERSION), ready.body());
            HttpResponse<String> models = http.send(HttpRequest.newBuilder(URI.create(g.baseUrl() + "/v1/models"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, models.statusCode(), "the compatible plugin still serves");
            assertTrue(models.body().contains("\"kernel-hidden\""), models.body());
        }
    }

    private static void assertThrowsCnf(ClassLoader cl, String name) {
        try {
            cl.loadClass(name);
        } catch (ClassNotFoundException e) {
            return;
        }
        throw new AssertionError(name + " must not be visible to plugins");
    }
}
