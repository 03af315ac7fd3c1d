package dev.switchboard.clients;

import dev.switchboard.spi.json.Jsons;
import dev.switchboard.testkit.Fixtures;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The recorded requests of each coding agent and the edits a replay makes to them: the route model instead of the
 * client's, stream on or off, an image in the last user message, thinking asked for, each in the client API's own
 * shape. Stateless.
 */
final class Replays {
    /** A 1×1 PNG. */
    static final String PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    private static final List<String> DROPPED_HEADERS = List.of("host", "connection", "content-length",
            "accept-encoding", "x-api-key", "authorization");

    private Replays() {
    }

    /**
     * One client API of one client: its captures and the tool loop the fake plays with it.
     *
     * @param client     the client ({@code codex}, ...), also the fixture folder
     * @param api        {@code anthropic}, {@code chat} or {@code responses}
     * @param sayHi      the capture of a greeting
     * @param turn1      a capture whose user text makes the fake call {@code plan}'s tool
     * @param plan       the tool the fake calls
     * @param turn2      a capture that ends with that tool's result
     * @param resultText text of that result the upstream must see
     */
    record Replay(String client, String api, String sayHi, String turn1, AgentTurn.ToolPlan plan, String turn2,
                  String resultText) {
        Fixtures.Capture capture(String name) {
            return Fixtures.capture(client, name);
        }

        String version(String name) {
            String c = capture(name).client();
            return c.substring(c.indexOf(' ') + 1);
        }

        @Override
        public String toString() {
            return client + " (" + api + ")";
        }
    }

    /** Codex CLI: its greeting (0.169) and a tool loop reading a file with its shell tool (0.171). */
    static final Replay CODEX = new Replay("codex", "responses", "say-hi", "tool-use-turn1",
            new AgentTurn.ToolPlan("Read hello.txt", "exec_command", "{\"cmd\":\"cat hello.txt\"}"),
            "tool-result-turn2", "hello from the file");

    static final List<Replay> ALL = List.of(CODEX,
            new Replay("claude-code", "anthropic", "say-hi", "tool-use-turn1",
                    new AgentTurn.ToolPlan("list files", "Bash", "{\"command\":\"ls\"}"), "tool-result-turn2", "b.md"),
            qwen("chat"), qwen("responses"), qwen("anthropic"),
            opencode("chat"), opencode("responses"), opencode("anthropic"));

    private static Replay qwen(String api) {
        return new Replay("qwen-code", api, api + "-say-hi", api + "-say-hi",
                new AgentTurn.ToolPlan("say hi", "read_file", "{\"file_path\":\"/home/dev/project/hello.txt\"}"),
                api + "-tool-result-turn2", "file_path");
    }

    private static Replay opencode(String api) {
        return new Replay("opencode", api, api + "-say-hi", api + "-say-hi",
                new AgentTurn.ToolPlan("say hi", "read", "{\"filePath\":\"/home/dev/project/hello.txt\"}"),
                api + "-tool-result-turn2", "hello from the file");
    }

    /** The path a capture was sent to, with its query. */
    static String path(Fixtures.Capture c) {
        return c.url();
    }

    /** The capture's headers a client sends, without hop-by-hop fields and its credential. */
    static Map<String, String> headers(Fixtures.Capture c) {
        Map<String, String> h = new LinkedHashMap<>();
        c.headers().forEach((k, v) -> {
            if (!DROPPED_HEADERS.contains(k.toLowerCase(Locale.ROOT))) {
                h.put(k, v);
            }
        });
        return h;
    }

    static JsonObject withModel(JsonObject body, String model) {
        return Jsons.objectBuilder(body).add("model", model).build();
    }

    static JsonObject withStream(JsonObject body, boolean stream) {
        return Jsons.objectBuilder(body).add("stream", stream).build();
    }

    /** Thinking asked for the way each API asks: kept when the client already did (Claude Code's adaptive). */
    static JsonObject withThinking(String api, JsonObject body) {
        return switch (api) {
            case "anthropic" -> body.containsKey("thinking") ? body : Jsons.objectBuilder(body)
                    .add("thinking", Jsons.objectBuilder().add("type", "enabled").add("budget_tokens", 4096))
                    .add("max_tokens", Math.max(8192, Jsons.lng(body, "max_tokens", 0))).build();
            case "chat" -> Jsons.objectBuilder(body).add("reasoning_effort", "high").build();
            case "responses" -> Jsons.objectBuilder(body).add("reasoning", Jsons.objectBuilder(
                    Jsons.obj(body, "reasoning") == null ? JsonValue.EMPTY_JSON_OBJECT : Jsons.obj(body, "reasoning"))
                    .add("effort", "high").add("summary", "auto")).build();
            default -> throw new IllegalArgumentException(api);
        };
    }

    /** An image appended to the last user message, in the API's shape. */
    static JsonObject withImage(String api, JsonObject body) {
        String list = api.equals("responses") ? "input" : "messages";
        JsonArray items = body.getJsonArray(list);
        int last = -1;
        for (int i = 0; i < items.size(); i++) {
            if ("user".equals(Jsons.str(items.getJsonObject(i), "role"))) {
                last = i;
            }
        }
        JsonObject user = items.getJsonObject(last);
        JsonValue content = user.get("content");
        JsonArrayBuilder parts = content instanceof JsonString s
                ? Jsons.arrayBuilder().add(Jsons.objectBuilder().add("type", api.equals("responses") ? "input_text" : "text")
                        .add("text", s))
                : Jsons.arrayBuilder(content.asJsonArray());
        parts.add(switch (api) {
            case "anthropic" -> Jsons.objectBuilder().add("type", "image").add("source", Jsons.objectBuilder()
                    .add("type", "base64").add("media_type", "image/png").add("data", PNG));
            case "chat" -> Jsons.objectBuilder().add("type", "image_url").add("image_url", Jsons.objectBuilder()
                    .add("url", "data:image/png;base64," + PNG));
            default -> Jsons.objectBuilder().add("type", "input_image").add("image_url", "data:image/png;base64," + PNG);
        });
        JsonArrayBuilder out = Jsons.arrayBuilder();
        for (int i = 0; i < items.size(); i++) {
            out.add(i == last ? Jsons.objectBuilder(user).add("content", parts).build() : items.get(i));
        }
        return Jsons.objectBuilder(body).add(list, out).build();
    }
}
