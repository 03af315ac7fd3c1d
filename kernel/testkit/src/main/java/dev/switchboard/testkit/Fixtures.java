package dev.switchboard.testkit;

import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test fixtures bundled in the testkit jar (copied from captures of real clients, so that
 * tests read nothing outside the repository).
 */
public final class Fixtures {
    /** The four Claude Code 2.1.330 request captures. */
    public static final List<String> CLAUDE_CODE = List.of("say-hi", "tool-use-turn1", "tool-result-turn2", "count-tokens");

    private Fixtures() {
    }

    /** Raw bytes of a classpath resource under {@code fixtures/}. */
    public static byte[] bytes(String path) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A Claude Code capture by name ({@code say-hi}, ...): the request line, headers (with a fake
     * {@code x-api-key}) and body exactly as Claude Code sent them.
     */
    public static Capture claudeCode(String name) {
        return capture("claude-code", name);
    }

    /**
     * A capture of another coding agent: {@code codex} (Codex CLI: {@code say-hi} from 0.169, the tool loop
     * from 0.171), {@code qwen-code} and {@code opencode} ({@code <api>-say-hi} and
     * {@code <api>-tool-result-turn2} for each client API they speak: {@code chat}, {@code responses},
     * {@code anthropic}). Paths, user and machine names are anonymised; the key is fake.
     */
    public static Capture capture(String client, String name) {
        JsonObject file = Jsons.parseObject(bytes(client + "/" + name + ".request.json"));
        JsonObject meta = file.getJsonObject("_meta");
        Map<String, String> headers = new LinkedHashMap<>();
        meta.getJsonObject("headers").forEach((k, v) -> headers.put(k, ((JsonString) v).getString()));
        return new Capture(meta.getString("client"), meta.getString("method"), meta.getString("url"), headers,
                file.getJsonObject("body"));
    }

    /** The body of a Claude Code capture. */
    public static JsonObject claudeCodeBody(String name) {
        return claudeCode(name).body();
    }

    /**
     * One captured request.
     *
     * @param client  the client and its version ({@code codex 0.171.0})
     * @param method  HTTP method
     * @param url     path and query as sent ({@code /v1/messages?beta=true})
     * @param headers headers as sent (lower-case names)
     * @param body    the JSON body
     */
    public record Capture(String client, String method, String url, Map<String, String> headers, JsonObject body) {
    }
}
