package dev.switchboard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The version constant, the version the build writes into the SPI jar, and the range plugins declare agree. */
class SpiVersionTest {
    @Test
    void theConstantEqualsTheVersionTheBuildWritesIntoTheJar() throws Exception {
        Properties p = new Properties();
        try (InputStream in = SpiVersion.class.getResourceAsStream("/META-INF/switchboard-spi.properties")) {
            assertNotNull(in, "META-INF/switchboard-spi.properties is in the SPI jar");
            p.load(in);
        }
        assertEquals(SpiVersion.VERSION, p.getProperty("spi.version"),
                "SpiVersion and the parent POM's switchboard.spi.version must be bumped together");
    }

    @Test
    void pluginsAcceptFromThisVersionUpToTheNextMajor() {
        assertEquals(SpiVersion.MAJOR + "." + SpiVersion.MINOR + "." + SpiVersion.PATCH, SpiVersion.VERSION);
        assertEquals(">=" + SpiVersion.VERSION + " & <" + (SpiVersion.MAJOR + 1) + ".0.0", SpiVersion.PLUGIN_RANGE);
    }

    @Test
    void hostedToolPoliciesArrivedInTwoPointOneSoPluginsUsingThemMayRequireIt() throws Exception {
        assertEquals(2, SpiVersion.MAJOR);
        assertTrue(SpiVersion.MINOR >= 1, "Provider.hostedTools was added to SPI 2.x: a minor bump");
        assertEquals(HostedToolPolicy.class, Provider.class.getMethod("hostedTools", String.class).getReturnType());
        assertTrue(Provider.class.getMethod("hostedTools", String.class).isDefault(),
                "a default method, so plugins built against 2.0 run unchanged");
    }

    @Test
    void theStreamBuilderArrivedInTwoPointTwo() throws Exception {
        assertEquals(2, SpiVersion.MAJOR);
        assertTrue(SpiVersion.MINOR >= 2, "StreamBuilder and ToolInput were added to SPI 2.x: a minor bump");
        assertNotNull(Class.forName("dev.switchboard.spi.stream.StreamBuilder"));
        assertNotNull(Class.forName("dev.switchboard.spi.json.ToolInput"));
    }

    @Test
    void theAppendingJsonWritersArrivedInTwoPointThree() throws Exception {
        assertEquals(2, SpiVersion.MAJOR);
        assertEquals(3, SpiVersion.MINOR, "Jsons.write/quote(StringBuilder, ...) were added to SPI 2.x: a minor bump");
        assertNotNull(dev.switchboard.spi.json.Jsons.class.getMethod("quote", StringBuilder.class, String.class));
        assertNotNull(dev.switchboard.spi.json.Jsons.class.getMethod("write", StringBuilder.class,
                jakarta.json.JsonValue.class));
    }
}
