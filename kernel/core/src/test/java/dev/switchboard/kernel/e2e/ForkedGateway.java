package dev.switchboard.kernel.e2e;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.testplugin.ScriptedAnthropicProviderFactory;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * A gateway in its own JVM, for the kill -9 test: {@code ForkedGateway <home> <config>} starts it (with the
 * scripted test provider), prints {@code port N} and serves until killed.
 */
public final class ForkedGateway {
    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Gateway g = Gateway.builder().home(home).configFile(Path.of(args[1])).env(Map.of())
                .systemProperties(new Properties()).addFactory(new ScriptedAnthropicProviderFactory()).port(0).start();
        System.out.println("port " + g.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
