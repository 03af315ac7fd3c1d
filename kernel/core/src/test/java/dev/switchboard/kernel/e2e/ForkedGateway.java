package dev.switchboard.kernel.e2e;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.testplugin.ScriptedAnthropicProviderFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A gateway in its own JVM, for the kill -9 tests: {@code ForkedGateway <home> <config>} starts it (with the
 * scripted test provider), prints {@code port N} and serves until killed. It sees the {@code SWITCHBOARD_*}
 * variables of its environment (the encryption key, passwords the configuration names), no others.
 */
public final class ForkedGateway {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Gateway g = Gateway.builder().home(home).configFile(Path.of(args[1])).env(switchboardVariables())
                .systemProperties(new Properties()).addFactory(new ScriptedAnthropicProviderFactory()).port(0).start();
        System.out.println("port " + g.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static Map<String, String> switchboardVariables() {
        Map<String, String> env = new java.util.HashMap<>();
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("SWITCHBOARD_")) {
                env.put(k, v);
            }
        });
        return env;
    }
}
