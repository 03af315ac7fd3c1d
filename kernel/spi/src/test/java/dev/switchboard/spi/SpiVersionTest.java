package dev.switchboard.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
}
