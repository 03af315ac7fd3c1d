package dev.switchboard.clients;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real coding agent from npm, run non-interactively against the gateway: how to point it at a base URL and a
 * key, with telemetry, update checks, plugin syncs and anything else that would leave 127.0.0.1 switched off, in a
 * fresh home directory per run. The binaries live in {@code <dir>/node_modules/.bin}, where {@code <dir>} is
 * {@code SWITCHBOARD_CLI_DIR} (set by {@code .ci/run}, which installs them) or {@code client-tests/target/clients}.
 * Immutable.
 */
enum Cli {
    /** Claude Code: Anthropic Messages through {@code ANTHROPIC_BASE_URL}, {@code claude -p}. */
    CLAUDE_CODE("claude-code", "claude", "anthropic", "Read", "{\"file_path\":\"%s\"}"),
    /** Codex CLI: a Responses model provider in {@code $CODEX_HOME/config.toml}, {@code codex exec}. */
    CODEX("codex", "codex", "responses", "exec_command", "{\"cmd\":\"cat %s\"}"),
    /** Qwen Code: its OpenAI (chat completions) mode through {@code OPENAI_BASE_URL}. */
    QWEN_CODE("qwen-code", "qwen", "chat", "read_file", "{\"file_path\":\"%s\"}"),
    /** opencode: an {@code @ai-sdk/openai-compatible} provider in the project's {@code opencode.json}. */
    OPENCODE("opencode", "opencode", "chat", "read", "{\"filePath\":\"%s\"}");

    static final String PROMPT_SAY_HI = "say hi";
    static final String PROMPT_TOOL = "Read hello.txt and tell me what it says";
    static final String FILE_TEXT = "hello from the file";
    private static final Pattern VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+");

    /** The matrix's client name. */
    final String client;
    final String binary;
    /** The client API it speaks here. */
    final String api;
    final String tool;
    private final String argumentsTemplate;

    Cli(String client, String binary, String api, String tool, String argumentsTemplate) {
        this.client = client;
        this.binary = binary;
        this.api = api;
        this.tool = tool;
        this.argumentsTemplate = argumentsTemplate;
    }

    /** Where the CLIs are installed. */
    static Path directory() {
        String env = System.getenv("SWITCHBOARD_CLI_DIR");
        return Path.of(env != null && !env.isBlank() ? env : System.getProperty("clients.dir", "target/clients"));
    }

    Path executable() {
        return directory().resolve("node_modules").resolve(".bin").resolve(binary);
    }

    /** The tool call that reads {@code file} with this client's own tool. */
    AgentTurn.ToolPlan plan(Path file) {
        return new AgentTurn.ToolPlan("hello.txt", tool, argumentsTemplate.formatted(file));
    }

    /** What one run printed. */
    record Run(int exit, String stdout, String stderr) {
    }

    /** The version the binary reports ({@code claude --version} and friends). */
    String version(Path scratch) throws Exception {
        Run r = run(List.of(executable().toString(), "--version"), scratch, scratch, Map.of(), 60);
        Matcher m = VERSION.matcher(r.stdout() + r.stderr());
        if (r.exit() != 0 || !m.find()) {
            throw new IllegalStateException(binary + " --version failed: " + r);
        }
        return m.group();
    }

    /**
     * Runs one prompt against the gateway at {@code base} asking for {@code model}, in {@code work}, with a fresh
     * home under {@code home}.
     */
    Run prompt(String prompt, String base, String key, String model, Path home, Path work) throws Exception {
        Files.createDirectories(home);
        Map<String, String> env = new LinkedHashMap<>();
        List<String> cmd = new ArrayList<>();
        cmd.add(executable().toString());
        switch (this) {
            case CLAUDE_CODE -> {
                env.put("ANTHROPIC_BASE_URL", base);
                env.put("ANTHROPIC_AUTH_TOKEN", key);
                env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
                env.put("DISABLE_AUTOUPDATER", "1");
                env.put("DISABLE_TELEMETRY", "1");
                env.put("DISABLE_ERROR_REPORTING", "1");
                cmd.addAll(List.of("-p", prompt, "--model", model, "--allowedTools", tool));
            }
            case CODEX -> {
                Path codexHome = home.resolve(".codex");
                Files.createDirectories(codexHome);
                // [features] plugins = false: no curated-plugin sync with github.com at start.
                Files.writeString(codexHome.resolve("config.toml"), """
                        model = "%s"
                        model_provider = "switchboard"
                        check_for_update_on_startup = false

                        [model_providers.switchboard]
                        name = "Switchboard"
                        base_url = "%s/v1"
                        env_key = "SWITCHBOARD_KEY"
                        wire_api = "responses"

                        [analytics]
                        enabled = false

                        [features]
                        plugins = false
                        """.formatted(model, base), StandardCharsets.UTF_8);
                env.put("CODEX_HOME", codexHome.toString());
                env.put("SWITCHBOARD_KEY", key);
                cmd.addAll(List.of("exec", "--skip-git-repo-check", prompt));
            }
            case QWEN_CODE -> {
                Files.createDirectories(home.resolve(".qwen"));
                Files.writeString(home.resolve(".qwen/settings.json"), "{\"telemetry\":{\"enabled\":false},"
                        + "\"privacy\":{\"usageStatisticsEnabled\":false},\"general\":{\"disableAutoUpdate\":true,"
                        + "\"disableUpdateNag\":true}}", StandardCharsets.UTF_8);
                env.put("OPENAI_BASE_URL", base + "/v1");
                env.put("OPENAI_API_KEY", key);
                env.put("OPENAI_MODEL", model);
                cmd.addAll(List.of("--auth-type", "openai", prompt));
            }
            case OPENCODE -> {
                Files.writeString(work.resolve("opencode.json"), """
                        {"provider": {"switchboard": {"npm": "@ai-sdk/openai-compatible", "name": "Switchboard",
                          "options": {"baseURL": "%s/v1", "apiKey": "%s"},
                          "models": {"%s": {"name": "%s"}}}},
                         "model": "switchboard/%s", "autoupdate": false, "share": "disabled"}
                        """.formatted(base, key, model, model, model), StandardCharsets.UTF_8);
                // OPENCODE_PURE: no plugin install from the npm registry at start.
                env.put("OPENCODE_PURE", "1");
                env.put("OPENCODE_DISABLE_MODELS_FETCH", "1");
                env.put("OPENCODE_DISABLE_AUTOUPDATE", "1");
                env.put("OPENCODE_DISABLE_DEFAULT_PLUGINS", "1");
                cmd.addAll(List.of("run", prompt));
            }
        }
        return run(cmd, home, work, env, 180);
    }

    /** Runs a command with only PATH, HOME and {@code env} set, stdin closed, bounded in time. */
    private static Run run(List<String> cmd, Path home, Path work, Map<String, String> env, int timeoutSeconds)
            throws Exception {
        Path out = Files.createTempFile(home, "stdout", ".txt");
        Path err = Files.createTempFile(home, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Map<String, String> e = pb.environment();
        String path = e.getOrDefault("PATH", "/usr/bin:/bin");
        e.clear();
        e.put("PATH", path);
        e.put("HOME", home.toString());
        e.put("USER", "dev");
        e.put("NO_COLOR", "1");
        e.putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new IllegalStateException(cmd.getFirst() + " did not finish within " + timeoutSeconds + " s; output: "
                    + read(out) + read(err));
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        return new Run(p.exitValue(), read(out), read(err));
    }

    private static String read(Path f) throws IOException {
        return Files.readString(f, StandardCharsets.UTF_8);
    }
}
