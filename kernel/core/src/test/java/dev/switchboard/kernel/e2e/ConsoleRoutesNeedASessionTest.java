package dev.switchboard.kernel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every admin route the console calls — all of them are listed in its {@code js/routes.js} — still refuses a caller
 * without a session (401), and a write carrying only a session cookie without its CSRF value (403).
 */
class ConsoleRoutesNeedASessionTest {
    private static final Pattern ROUTE = Pattern.compile("\\['(GET|POST|PATCH|DELETE)', [`']([^`']+)[`']\\]");

    @TempDir
    Path home;

    static List<String[]> consoleRoutes() throws Exception {
        String src = Files.readString(Path.of("src/main/resources/console/js/routes.js"));
        List<String[]> out = new ArrayList<>();
        Matcher m = ROUTE.matcher(src);
        while (m.find()) {
            out.add(new String[]{m.group(1), m.group(2).replaceAll("\\$\\{[^}]+}", "x")});
        }
        return out;
    }

    @Test
    void everyRouteTheConsoleCallsRefusesWithoutASession() throws Exception {
        List<String[]> routes = consoleRoutes();
        assertTrue(routes.size() >= 25, "routes.js was read: " + routes.size());
        try (GatewayFixture f = new GatewayFixture(home, "admin:\n  password: correct-horse-battery\n"
                + GatewayFixture.oneProvider("", "k1"))) {
            int checked = 0;
            for (String[] r : routes) {
                if (r[1].equals("/admin/login")) {
                    continue;
                }
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base() + r[1]))
                        .header("content-type", "application/json")
                        .method(r[0], r[0].equals("GET") ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"));
                HttpResponse<String> res = f.send(b);
                assertEquals(401, res.statusCode(), r[0] + " " + r[1] + ": " + res.body());
                checked++;
            }
            HttpResponse<String> login = f.send(f.post("/admin/login",
                    "{\"username\":\"admin\",\"password\":\"correct-horse-battery\",\"cookie\":true}"));
            String cookie = login.headers().firstValue("set-cookie").orElseThrow().split(";")[0];
            for (String[] r : routes) {
                if (r[0].equals("GET") || r[1].equals("/admin/login")) {
                    continue;
                }
                HttpResponse<String> res = f.send(HttpRequest.newBuilder(URI.create(f.base() + r[1]))
                        .header("content-type", "application/json").header("cookie", cookie)
                        .method(r[0], HttpRequest.BodyPublishers.ofString("{}")));
                assertEquals(403, res.statusCode(), "cookie without CSRF: " + r[0] + " " + r[1] + ": " + res.body());
            }
            assertEquals(routes.size() - 1, checked);
        }
    }
}
