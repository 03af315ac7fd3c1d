package dev.switchboard.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.plugin.factory.FactoryProviderFactory;
import dev.switchboard.plugin.kiro.KiroProviderFactory;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * A real gateway for the browser tests, with the factory and kiro plugins registered in code (the kernel loads
 * them exactly as from their zips, minus the class-loader isolation), and an admin API client with its own bearer
 * session to check what the pages show. Not thread-safe.
 */
final class ConsoleGateway implements AutoCloseable {
    static final String PASSWORD = "correct-horse-battery";

    final Gateway gateway;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;

    ConsoleGateway(Path home, String yaml) throws Exception {
        this(home, "", yaml);
    }

    /** @param admin more {@code admin:} keys, each line indented by two spaces */
    ConsoleGateway(Path home, String admin, String yaml) throws Exception {
        Files.createDirectories(home);
        Path conf = home.resolve("gateway.yaml");
        Files.writeString(conf, "admin:\n  password: " + PASSWORD + "\n" + admin + yaml);
        gateway = Gateway.builder().home(home).configFile(conf).env(Map.of()).systemProperties(new Properties())
                .addFactory(new FactoryProviderFactory(Map.<String, String>of()::get))
                .addFactory(new KiroProviderFactory()).port(0).start();
    }

    String base() {
        return gateway.baseUrl();
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        if (token == null) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/admin/login"))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                            "{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            token = Jsons.parseObject(r.body()).getString("token");
        }
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("authorization", "Bearer " + token)
                .header("content-type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET on the admin API as JSON (asserting 200). */
    JsonObject get(String path) throws Exception {
        HttpResponse<String> r = send("GET", path, null);
        assertEquals(200, r.statusCode(), path + ": " + r.body());
        return Jsons.parseObject(r.body());
    }

    /** A client request through the gateway. */
    HttpResponse<String> chat(String key, String model) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "/v1/messages"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"" + model + "\",\"max_tokens\":20,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}]}"));
        if (key != null) {
            b.header("x-api-key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() {
        gateway.close();
    }

    /** Closes each (null ones skipped), all of them even when one fails; the first failure is rethrown. */
    static void closeAll(AutoCloseable... all) throws Exception {
        Exception first = null;
        for (AutoCloseable c : all) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
