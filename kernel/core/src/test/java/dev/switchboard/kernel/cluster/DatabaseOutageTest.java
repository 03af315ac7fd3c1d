package dev.switchboard.kernel.cluster;

import static dev.switchboard.kernel.cluster.GatewayCluster.OPEN_KEY;
import static dev.switchboard.kernel.cluster.GatewayCluster.await;
import static dev.switchboard.kernel.cluster.GatewayCluster.message;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.AnthropicSse;
import dev.switchboard.testkit.PostgresCluster;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway whose PostgreSQL database goes away (every connection cut, new ones refused) and comes back: while it
 * is away the gateway stays alive, says so on {@code /health/ready} and fails requests that need the database
 * promptly and without details; once it is back the gateway serves again without a restart, and no answered
 * request is missing from the usage.
 */
class DatabaseOutageTest {
    private static final String OK = AnthropicSse.start("m", 7).text("ok").end("end_turn", 3).body();

    @TempDir
    Path dir;
    private GatewayCluster cluster;
    private CuttableProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void whileTheDatabaseIsAwayReadinessSaysSoAndTheGatewayRecoversByItself() throws Exception {
        cluster = new GatewayCluster(dir);
        cluster.fake.on("POST", "/v1/messages", (req, ex) -> ex.status(200)
                .header("content-type", "text/event-stream").send(OK));
        int dbPort = PostgresCluster.get().port();
        proxy = new CuttableProxy(dbPort);
        String proxied = cluster.url.replace("127.0.0.1:" + dbPort + "/", "127.0.0.1:" + proxy.port() + "/");
        String yaml = cluster.yaml(0, GatewayCluster.twoAccounts()).replace(cluster.url, proxied)
                .replace("storage:\n", "storage:\n  connect-timeout: 1s\n");
        Gateway g = cluster.start(1, yaml).get(0);
        int answered = 0;
        assertEquals(200, send(g).statusCode());
        answered++;

        proxy.cut();
        await("readiness reports the database down", () -> status(g, "/health/ready") == 503);
        JsonObject db = Jsons.parseObject(cluster.get(g, "/health/ready", null).body()).getJsonObject("database");
        assertEquals("down", db.getString("status"));
        assertEquals(200, status(g, "/health"), "the process is alive");
        HttpResponse<String> failed = send(g);
        assertEquals(500, failed.statusCode(), failed.body());
        assertFalse(failed.body().contains(PostgresCluster.PASSWORD) || failed.body().contains("jdbc:"),
                failed.body());

        proxy.restore();
        await("requests are answered again", () -> {
            try {
                return send(g).statusCode() == 200;
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        answered++;
        await("readiness is back", () -> status(g, "/health/ready") == 200);
        assertEquals(200, send(g).statusCode());
        answered++;
        int expected = answered;
        await("every answered request has its usage row", () -> okRows() >= expected);
        assertEquals(expected, okRows());
        assertEquals("up", Jsons.parseObject(cluster.get(g, "/health/ready", null).body()).getJsonObject("database")
                .getString("status"));
    }

    private HttpResponse<String> send(Gateway g) throws Exception {
        return cluster.post(g, OPEN_KEY, message("claude-sonnet-4-5", "hi"));
    }

    private int status(Gateway g, String path) {
        try {
            return cluster.get(g, path, null).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private long okRows() {
        try (Connection c = DriverManager.getConnection(cluster.url, PostgresCluster.USER, PostgresCluster.PASSWORD);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM usage WHERE outcome = 'ok'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
