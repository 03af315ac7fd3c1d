package dev.switchboard.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EffortBudgetsTest {
    @ParameterizedTest(name = "{0} → {1} tokens")
    @CsvSource({"low,1024", "medium,2048", "high,4096", "xhigh,8192", "max,8192", "HIGH,4096"})
    void anEffortBecomesTheBudgetOfItsLevel(String effort, int budget) {
        assertEquals(budget, EffortBudgets.DEFAULTS.budgetOf(effort));
    }

    @ParameterizedTest(name = "{0} tokens → {1}")
    @CsvSource({"1024,low", "2047,low", "2048,medium", "4095,medium", "4096,high", "8191,high", "8192,xhigh",
            "31999,xhigh", "0,low"})
    void aBudgetBecomesTheHighestLevelItReaches(int budget, String effort) {
        assertEquals(effort, EffortBudgets.DEFAULTS.effortOf(budget));
    }

    @Test
    void everyLevelMapsBackToItselfWithAConfiguredTableToo() {
        EffortBudgets custom = new EffortBudgets(2000, 8000, 16000, 32000);
        for (String level : new String[]{"low", "medium", "high", "xhigh"}) {
            assertEquals(level, EffortBudgets.DEFAULTS.effortOf(EffortBudgets.DEFAULTS.budgetOf(level)));
            assertEquals(level, custom.effortOf(custom.budgetOf(level)));
        }
        assertEquals("high", custom.effortOf(20000));
    }

    @Test
    void noneAndMinimalSwitchThinkingOffAndUnknownEffortsHaveNoBudget() {
        assertTrue(EffortBudgets.isOff("none"));
        assertTrue(EffortBudgets.isOff("minimal"));
        assertNull(EffortBudgets.DEFAULTS.budgetOf("none"));
        assertNull(EffortBudgets.DEFAULTS.budgetOf("extreme"));
    }

    @Test
    void aTableMustStartAtAnthropicsMinimumAndGrowWithTheLevel() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EffortBudgets(512, 2048, 4096, 8192))
                .getMessage().contains("at least 1024"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new EffortBudgets(1024, 4096, 4096, 8192))
                .getMessage().contains("grow with the level"));
    }
}
