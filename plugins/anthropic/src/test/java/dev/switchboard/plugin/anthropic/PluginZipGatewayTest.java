package dev.switchboard.plugin.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.testkit.PluginZipBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as the kernel loads it in production: a PF4J zip of the compiled classes with the wire library in
 * {@code lib/}, in its own isolating class loader that sees only the SPI, jakarta.json, its own zip and the JDK.
 * Catches a class or a dependency that only the test class path provides.
 */
class PluginZipGatewayTest {
    @TempDir
    Path home;

    private Path buildZip() throws Exception {
        Path classes = Path.of(AnthropicPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        PluginZipBuilder zip = PluginZipBuilder.plugin(AnthropicProviderFactory.PLUGIN_ID)
                .pluginClass(AnthropicPlugin.class).extension(AnthropicProviderFactory.class)
                .library(dev.switchboard.wire.anthropic.AnthropicRequestWriter.class);
        String plugin = AnthropicPlugin.class.getName().replace('.', '/') + ".class";
        String factory = AnthropicProviderFactory.class.getName().replace('.', '/') + ".class";
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String rel = classes.relativize(f).toString().replace('\\', '/');
                if (!rel.equals(plugin) && !rel.equals(factory) && !rel.startsWith("META-INF/")) {
                    zip.entry("classes/" + rel, Files.readAllBytes(f));
                }
            }
        }
        return zip.writeTo(Files.createDirectories(home.resolve("plugins")));
    }

    @Test
    void theZippedPluginServesFromItsOwnClassLoader() throws Exception {
        buildZip();
        try (FakeAnthropic fake = new FakeAnthropic("/anthropic")) {
            fake.reply = FakeAnthropic.Reply.text("kimi-k2", "from the zip", 4, 2);
            Path conf = home.resolve("gateway.yaml");
            Files.writeString(conf, """
                    providers:
                      - id: kimi
                        plugin: anthropic
                        base-url: %s
                        model-map: { "claude-*": kimi-k2 }
                        accounts: [ { name: k1, auth-token: kimi-zip-token } ]
                    """.formatted(fake.baseUrl()));
            try (Gateway g = Gateway.builder().home(home).configFile(conf).env(Map.of())
                    .systemProperties(new Properties()).port(0).start()) {
                var inst = g.providers().get("kimi");
                assertTrue(inst.ready(), String.valueOf(inst.failure()));
                ClassLoader loader = inst.provider().getClass().getClassLoader();
                assertNotEquals(getClass().getClassLoader(), loader, "loaded from the zip, not the test class path");
                assertEquals(loader, loader.loadClass("dev.switchboard.wire.anthropic.AnthropicRequestWriter")
                        .getClassLoader(), "the wire library comes from the zip's lib/, not from the kernel");
                for (String body : new String[]{
                        "{\"model\":\"claude-opus-5-5\",\"max_tokens\":20,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"}) {
                    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(g.baseUrl() + "/v1/messages")).header("content-type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals(200, r.statusCode(), r.body());
                    assertTrue(r.body().contains("from the zip"));
                }
                HttpResponse<String> chat = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(g.baseUrl() + "/v1/chat/completions")).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"claude-opus-5-5\",\"messages\":"
                                + "[{\"role\":\"user\",\"content\":\"hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, chat.statusCode(), chat.body());
                assertTrue(chat.body().contains("from the zip"), "the converted path from the zip too");
                assertEquals("kimi-k2", fake.lastBody().getString("model"), "the model map");
                assertEquals("Bearer kimi-zip-token", fake.last().header("authorization"));
            }
        }
    }
}
