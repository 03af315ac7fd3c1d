package dev.switchboard.plugin.openaicompat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.FakeUpstream;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as the kernel loads it in production: a PF4J zip of the compiled classes and resources with the wire
 * library in {@code lib/}, in its own isolating class loader that sees only the SPI, jakarta.json, its own zip and
 * the JDK. Catches a resource or a dependency that only the test class path provides.
 */
class PluginZipGatewayTest {
    @TempDir
    Path home;

    private Path buildZip() throws Exception {
        Path classes = Path.of(OpenAiCompatPlugin.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        PluginZipBuilder zip = PluginZipBuilder.plugin(OpenAiCompatProviderFactory.PLUGIN_ID)
                .pluginClass(OpenAiCompatPlugin.class).extension(OpenAiCompatProviderFactory.class)
                .library(dev.switchboard.wire.openai.OpenAiChatProfile.class);
        String plugin = OpenAiCompatPlugin.class.getName().replace('.', '/') + ".class";
        String factory = OpenAiCompatProviderFactory.class.getName().replace('.', '/') + ".class";
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
        try (FakeUpstream fake = FakeUpstream.start()) {
            fake.on("POST", "/v1/chat/completions", FakeOpenAi.stream(ChatSse.text("m", 4, 2, "from the zip")));
            fake.on("GET", "/v1/models", FakeOpenAi.json(200, "{\"object\":\"list\",\"data\":[]}"));
            Path conf = home.resolve("gateway.yaml");
            Files.writeString(conf, """
                    providers:
                      - id: compat
                        plugin: openai-compat
                        base-url: %s/v1
                        profile: gemini
                        model-map: { "claude-*": gemini-2.5-pro }
                        accounts: [ { name: k1, api-key: sk-zip } ]
                    """.formatted(fake.baseUrl()));
            try (Gateway g = Gateway.builder().home(home).configFile(conf).env(Map.of())
                    .systemProperties(new Properties()).port(0).start()) {
                var inst = g.providers().get("compat");
                assertTrue(inst.ready(), String.valueOf(inst.failure()));
                ClassLoader loader = inst.provider().getClass().getClassLoader();
                assertNotEquals(getClass().getClassLoader(), loader, "loaded from the zip, not the test class path");
                assertEquals(loader, loader.loadClass("dev.switchboard.wire.openai.OpenAiChatProfile").getClassLoader(),
                        "the wire library comes from the zip's lib/, not from the kernel");

                String body = "{\"model\":\"claude-opus-5-5\",\"max_tokens\":20,\"stream\":true,\"tools\":[{\"name\":\"t\","
                        + "\"input_schema\":{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{}}}],"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(g.baseUrl() + "/v1/messages")).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().contains("from the zip"));
                List<FakeUpstream.Recorded> chats = fake.requests("/v1/chat/completions");
                var sent = Jsons.parseObject(chats.get(chats.size() - 1).body());
                assertEquals("gemini-2.5-pro", sent.getString("model"), "the model map");
                assertFalse(sent.getJsonArray("tools").getJsonObject(0).getJsonObject("function")
                        .getJsonObject("parameters").containsKey("additionalProperties"),
                        "the shipped gemini profile (a resource inside the zip) and its cleaning");
            }
        }
    }
}
