package dev.switchboard.kernel.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.switchboard.spi.Dialect;
import dev.switchboard.spi.json.Jsons;
import dev.switchboard.spi.model.Usage;
import dev.switchboard.spi.model.UsageSource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The journal's line format: usage rows round-trip, also with every nullable field empty and across versions. */
class RecordJsonTest {

    @Test
    void aFullRowAndAnEmptyRowRoundTrip() {
        UsageRecord full = new UsageRecord(Instant.parse("2026-03-01T10:15:30.123456Z"), 42L, "key \"quoted\"\n",
                "prov", "acct", "model-ü", "up", new Usage(1, 2, 3, 4, UsageSource.ESTIMATED), 120L, 30L, 200,
                UsageOutcome.OK, Dialect.OPENAI_CHAT, true);
        UsageRecord empty = new UsageRecord(Instant.parse("2026-03-01T00:00:00Z"), null, null, null, null, null, null,
                null, null, null, null, UsageOutcome.ERROR, null, false);
        for (UsageRecord r : List.of(full, empty)) {
            for (UsageRepository.Write w : List.of(new UsageRepository.Write(r, null),
                    new UsageRepository.Write(r, 7L, false), new UsageRepository.Write(r, 7L, true))) {
                String line = new String(UsageJournal.encode(List.of(w)), java.nio.charset.StandardCharsets.UTF_8);
                assertEquals(1, line.chars().filter(c -> c == '\n').count(), "one line per row: " + line);
                assertEquals(w, UsageJournal.decode(line.trim()));
            }
        }
    }

    @Test
    void everyCharacterAClientCanSendSurvivesTheLine() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        all.append("ü € 😀 \u2028\u2029");
        UsageRecord r = new UsageRecord(Instant.parse("2026-03-01T10:15:30Z"), 1L, all.toString(), "p", "a", "m", "u",
                Usage.ZERO, 1L, 1L, 200, UsageOutcome.OK, Dialect.ANTHROPIC, false);
        String line = new String(UsageJournal.encode(new UsageRepository.Write(r, null)),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(line.length() - 1, line.indexOf('\n'), "control characters are escaped: one line");
        assertEquals(all.toString(), UsageJournal.decode(line.trim()).record().clientKeyName());
        assertEquals(r, UsageJournal.decode(line.trim()).record());
    }

    @Test
    void aLineFromAnotherVersionReadsWithDefaultsForMissingFieldsAndIgnoresUnknownOnes() {
        UsageRecord r = RecordJson.read(Jsons.parseObject("{\"ts\":\"2026-03-01T00:00:00Z\",\"outcome\":\"ABORTED\","
                + "\"usage\":{\"inputTokens\":5},\"addedLater\":\"x\"}"), UsageRecord.class);
        assertEquals(UsageOutcome.ABORTED, r.outcome());
        assertEquals(5, r.usage().inputTokens());
        assertEquals(0, r.usage().outputTokens());
        assertEquals(null, r.latencyMs());
        assertEquals(false, r.stream());
    }

    @Test
    void aWrongValueIsRefusedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RecordJson.read(
                Jsons.parseObject("{\"ts\":\"2026-03-01T00:00:00Z\",\"outcome\":\"OK\",\"latencyMs\":\"soon\"}"),
                UsageRecord.class));
        assertEquals("latencyMs is not a number", e.getMessage());
    }

    record Unsupported(java.util.List<String> items) {
    }

    @Test
    void aRecordWithATypeTheJournalCannotStoreFailsAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RecordJson.read(Jsons.parseObject("{}"), Unsupported.class));
        assertEquals(true, e.getMessage().contains("items"), e.getMessage());
    }
}
