package dev.switchboard.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.switchboard.clients.ClientsGateway.Upstream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real Claude Code, Codex CLI, Qwen Code and opencode, installed from npm, each run through every plugin
 * against the fakes: a greeting, and a tool loop in which the fake calls the agent's own file-reading tool, the agent
 * runs it on a file in its working directory, and the next request carries the file's text to the upstream. Runs
 * where the CLIs are installed ({@code .ci/run} installs them when Node is there and sets
 * {@code SWITCHBOARD_REQUIRE_CLIS=1}, which turns a missing CLI into a failure); elsewhere it is skipped with a
 * message, so the README's test command needs only a JDK.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealCliTest {
    /**
     * The upstreams a CLI is run through: Claude Code and Codex through each plugin and both of Factory's
     * pass-through families; Qwen Code and opencode, which take 10–20 s a run, through one upstream per plugin.
     */
    static List<Upstream> upstreams(Cli cli) {
        return cli == Cli.CLAUDE_CODE || cli == Cli.CODEX
                ? List.of(Upstream.OPENAI_COMPAT, Upstream.FACTORY_ANTHROPIC, Upstream.FACTORY_OPENAI, Upstream.KIRO)
                : List.of(Upstream.OPENAI_COMPAT, Upstream.FACTORY_ANTHROPIC, Upstream.KIRO);
    }

    ClientsGateway g;
    final Map<Cli, String> versions = new EnumMap<>(Cli.class);

    @BeforeAll
    void start(@TempDir Path home) throws Exception {
        String missing = missing();
        if (missing != null) {
            String message = "real CLI tests skipped: " + missing + " (.ci/run installs them from npm; set "
                    + "SWITCHBOARD_CLI_DIR to an npm prefix holding @anthropic-ai/claude-code, @openai/codex, "
                    + "@qwen-code/qwen-code and opencode-ai to run them here)";
            if ("1".equals(System.getenv("SWITCHBOARD_REQUIRE_CLIS"))) {
                fail(message.replace("skipped", "required but cannot run"));
            }
            System.out.println("[client-tests] " + message);
            Assumptions.abort(message);
        }
        g = new ClientsGateway(home.resolve("gateway"));
        for (Cli cli : Cli.values()) {
            Path scratch = Files.createDirectories(home.resolve("version-" + cli.binary));
            versions.put(cli, cli.version(scratch));
        }
    }

    @AfterAll
    void stop() {
        if (g != null) {
            g.close();
        }
    }

    /** Why the CLIs cannot run here, or null when they can. */
    private static String missing() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                return "node does not run";
            }
        } catch (Exception e) {
            return "no node on the PATH";
        }
        for (Cli cli : Cli.values()) {
            if (!Files.isExecutable(cli.executable())) {
                return "no " + cli.executable();
            }
        }
        return null;
    }

    static Stream<Arguments> runs() {
        return Stream.of(Cli.values()).flatMap(c -> upstreams(c).stream().map(u -> Arguments.of(c, u)));
    }

    private void cell(Cli cli, Upstream u, String capability, CompatResults.Check check) throws Exception {
        CompatResults.check(cli.client, versions.get(cli), cli.api, "cli", u.label, capability, check);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("runs")
    void sayHi(Cli cli, Upstream u, @TempDir Path dir) throws Exception {
        cell(cli, u, "say-hi", () -> {
            g.agent.plan = null;
            int before = g.received(u).size();
            Path work = Files.createDirectories(dir.resolve("project"));
            Cli.Run r = cli.prompt(Cli.PROMPT_SAY_HI, g.base(), ClientsGateway.KEY, u.model, dir.resolve("home"), work);
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.stdout().contains(AgentTurn.HELLO), r.toString());
            assertTrue(g.received(u).size() > before, "the answer came from " + u.label);
        });
    }

    @ParameterizedTest(name = "{0} → {1}")
    @MethodSource("runs")
    void toolLoop(Cli cli, Upstream u, @TempDir Path dir) throws Exception {
        cell(cli, u, "tool loop", () -> {
            Path work = Files.createDirectories(dir.resolve("project"));
            Path file = Files.writeString(work.resolve("hello.txt"), Cli.FILE_TEXT + "\n");
            g.agent.plan = cli.plan(file.toRealPath());
            Cli.Run r = cli.prompt(Cli.PROMPT_TOOL, g.base(), ClientsGateway.KEY, u.model, dir.resolve("home"), work);
            assertEquals(0, r.exit(), r.toString());
            String result = g.lastConversation(u).toolResult();
            assertNotNull(result, "the last request to " + u.label + " ends with the tool's result");
            assertTrue(result.contains(Cli.FILE_TEXT), "the agent ran its tool on the file: " + result);
            assertTrue(r.stdout().contains(AgentTurn.AFTER_TOOL), "the agent printed the answer: " + r);
        });
    }
}
