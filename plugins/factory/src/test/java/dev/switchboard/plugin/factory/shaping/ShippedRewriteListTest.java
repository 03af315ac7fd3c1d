package dev.switchboard.plugin.factory.shaping;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The default rewrite list ships in {@code conf/gateway.yaml}; it must stay identical to the list the
 * plugin applies when the key is absent.
 */
class ShippedRewriteListTest {
    private static final Pattern RULE = Pattern.compile("- \\{ from: \"(.*)\", to: \"(.*)\" }");

    @Test
    void gatewayYamlShowsExactlyThePluginDefaults() throws IOException {
        Path conf = Path.of("../../conf/gateway.yaml");
        List<PromptRewrites.Rule> shipped = new ArrayList<>();
        for (String line : Files.readAllLines(conf)) {
            Matcher m = RULE.matcher(line.replaceFirst("^\\s*#\\s*", ""));
            if (m.matches()) {
                shipped.add(new PromptRewrites.Rule(m.group(1), m.group(2)));
            }
        }
        assertEquals(PromptRewrites.defaults().rules(), shipped);
    }
}
