package dev.switchboard.clients;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The README's compatibility matrix is the rendering of the committed results, and the committed results agree
 * with every cell this run checked. Runs after the cell tests (class order), so a change that turns a cell from
 * ✗ to ✓ (or a new client version) fails here until {@code client-tests/refresh-compat-matrix.sh} is run and its
 * output committed.
 */
@Order(Integer.MAX_VALUE)
class CompatMatrixTest {
    private static final String REFRESH = "run client-tests/refresh-compat-matrix.sh and commit README.md and "
            + "client-tests/compat-results.tsv";

    private static Path committed() {
        return Path.of(System.getProperty("compat.committed", "compat-results.tsv"));
    }

    @Test
    void theReadmeSectionIsTheRenderingOfTheCommittedResults() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("compat.readme", "../README.md")),
                StandardCharsets.UTF_8);
        String section = CompatMatrix.section(readme);
        assertNotNull(section, "the README has the matrix markers");
        List<CompatMatrix.Cell> cells = CompatMatrix.read(committed());
        assertTrue(!cells.isEmpty(), "the committed results are not empty");
        assertEquals(CompatMatrix.render(cells), section, "the README's matrix is out of date: " + REFRESH);
        assertEquals(CompatMatrix.tsv(cells), Files.readString(committed(), StandardCharsets.UTF_8),
                "the committed results are in their canonical order: " + REFRESH);
    }

    @Test
    void everyCellThisRunCheckedHasItsCommittedResult() {
        Map<String, CompatMatrix.Cell> expected = CompatMatrix.read(committed()).stream()
                .collect(Collectors.toMap(CompatMatrix.Cell::key, Function.identity()));
        for (CompatMatrix.Cell ran : CompatMatrix.fold(CompatResults.recorded())) {
            CompatMatrix.Cell c = expected.get(ran.key());
            assertNotNull(c, "a new matrix cell " + ran.line() + ": " + REFRESH);
            assertEquals(c.line(), ran.line(), "a matrix cell changed: " + REFRESH);
        }
    }

    @Test
    void aRefreshKeepsCellsTheRunSkippedAndFoldsRepeatedChecks() {
        CompatMatrix.Cell cli = new CompatMatrix.Cell("codex", "0.171.0", "responses", "cli", "kiro", "say-hi", "pass");
        CompatMatrix.Cell oldReplay = new CompatMatrix.Cell("codex", "0.169.0", "responses", "replay", "kiro", "say-hi",
                "fail");
        CompatMatrix.Cell newReplay = new CompatMatrix.Cell("codex", "0.169.0", "responses", "replay", "kiro", "say-hi",
                "pass");
        CompatMatrix.Cell turn1 = new CompatMatrix.Cell("codex", "0.171.0", "responses", "replay", "kiro", "tool loop",
                "pass");
        CompatMatrix.Cell turn2 = new CompatMatrix.Cell("codex", "0.171.0", "responses", "replay", "kiro", "tool loop",
                "fail");
        List<CompatMatrix.Cell> merged = CompatMatrix.merge(List.of(cli, oldReplay), List.of(newReplay, turn1, turn2));
        assertEquals(List.of(newReplay, turn2, cli), merged, "replay rows before cli rows; a failed turn fails the cell");
        String rendered = CompatMatrix.render(merged);
        assertTrue(rendered.contains("| codex | 0.169.0, 0.171.0 | responses | replay | kiro | ✓ | ✗ | – | – | – |"),
                rendered);
        assertTrue(rendered.contains("| codex | 0.171.0 | responses | cli | kiro | ✓ | – | – | – | – |"), rendered);
        String readme = "intro\n" + CompatMatrix.BEGIN + "\nold\n" + CompatMatrix.END + "\nrest\n";
        assertEquals(rendered, CompatMatrix.section(CompatMatrix.replaceSection(readme, rendered)));
        assertTrue(CompatMatrix.replaceSection(readme, rendered).endsWith(CompatMatrix.END + "\nrest\n"));
    }
}
