package dev.switchboard.kernel.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.switchboard.kernel.Gateway;
import dev.switchboard.kernel.config.GatewayConfig;
import dev.switchboard.spi.ConfigException;
import dev.switchboard.spi.ModelPrice;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The price table: precedence, globs, defaults for cache prices, rounding, and configuration errors. */
class PricingTest {
    @TempDir
    Path home;

    private GatewayConfig load(String yaml) throws Exception {
        Path f = home.resolve("gateway.yaml");
        Files.writeString(f, yaml);
        return Gateway.builder().home(home).configFile(f).env(Map.of()).systemProperties(new Properties()).loadConfig();
    }

    private static final String PROVIDERS = """
            providers:
              - id: flat
                plugin: scripted
                prices:
                  gpt-4.1: { input: 0.5, output: 1 }
            """;

    @Test
    void theInstancesOwnPricesWinThenTheTableThenGlobsInFileOrder() throws Exception {
        Pricing p = Pricing.of(load("""
                pricing:
                  models:
                    gpt-4.1: { input: 2, output: 8, cache-read: 0.5 }
                    "gpt-4.1*": { input: 0.4, output: 1.6 }
                    "gpt-*": { input: 9, output: 9 }
                """ + PROVIDERS).pricing());
        assertEquals(new ModelPrice(2, 8, 0.5, 2), p.price("other", "gpt-4.1").orElseThrow(),
                "a missing cache-write price is the input price");
        assertEquals(new ModelPrice(2, 8, 0.5, 2), p.price("other", "GPT-4.1").orElseThrow(), "names ignore case");
        assertEquals(new ModelPrice(0.4, 1.6, 0.4, 0.4), p.price("other", "gpt-4.1-mini").orElseThrow());
        assertEquals(new ModelPrice(9, 9, 9, 9), p.price(null, "gpt-5").orElseThrow());
        assertEquals(new ModelPrice(0.5, 1, 0.5, 0.5), p.price("flat", "gpt-4.1").orElseThrow());
        assertEquals(new ModelPrice(0.4, 1.6, 0.4, 0.4), p.price("flat", "gpt-4.1-nano").orElseThrow(),
                "models the instance does not price fall back to the table");
        assertTrue(p.price("other", "claude-x").isEmpty());
    }

    @Test
    void costIsEveryTokenKindTimesItsPricePerMillionToNineDecimals() throws Exception {
        Pricing p = Pricing.of(load("""
                pricing:
                  models:
                    m: { input: 3, output: 15, cache-read: 0.3, cache-write: 3.75 }
                """).pricing());
        assertEquals(0, new BigDecimal("0.01215").compareTo(p.cost(null, "m",
                new Usage(1000, 500, 200, 3000, UsageSource.UPSTREAM))));
        assertEquals(0, new BigDecimal("0.000003").compareTo(p.cost(null, "m", Usage.of(1, 0))));
        assertEquals(BigDecimal.ZERO, p.cost(null, "unknown", Usage.ZERO), "nothing to price costs nothing");
        assertNull(p.cost(null, "unknown", Usage.of(1, 1)), "tokens without a price have no cost");
    }

    @Test
    void badPriceEntriesStopStartupNamingTheKey() {
        ConfigException missing = assertThrows(ConfigException.class, () -> load("""
                pricing:
                  models:
                    m: { input: 3 }
                """));
        assertTrue(missing.getMessage().contains("pricing.models.m.output: is required"), missing.getMessage());
        ConfigException unknown = assertThrows(ConfigException.class, () -> load("""
                pricing:
                  models:
                    m: { input: 3, output: 4, cached: 1 }
                """));
        assertTrue(unknown.getMessage().contains("pricing.models.m.cached: unknown key"), unknown.getMessage());
        ConfigException negative = assertThrows(ConfigException.class, () -> load("""
                pricing:
                  models:
                    m: { input: -3, output: 4 }
                """));
        assertTrue(negative.getMessage().contains("pricing.models.m.input: must be a price"), negative.getMessage());
        ConfigException provider = assertThrows(ConfigException.class, () -> load("""
                providers:
                  - id: flat
                    plugin: scripted
                    prices: 3
                """));
        assertTrue(provider.getMessage().contains("providers[0].prices: must be a mapping"), provider.getMessage());
    }
}
