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

    @Test
    void instantsAreWrittenExactlyAsInstantToStringWritesThem() {
        java.util.Random random = new java.util.Random(20261207);
        List<Instant> cases = new java.util.ArrayList<>(List.of(Instant.EPOCH, Instant.parse("2026-12-07T14:53:13Z"),
                Instant.parse("2026-12-07T14:53:13.500Z"), Instant.parse("2026-12-07T14:53:13.000500Z"),
                Instant.parse("2026-12-07T14:53:13.000000005Z"), Instant.parse("2024-02-29T23:59:59.999999999Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.1Z"), Instant.parse("0001-01-01T00:00:00Z"), Instant.MIN,
                Instant.MAX));
        for (int i = 0; i < 20_000; i++) {
            long sec = random.nextLong(253_402_300_800L);
            int nano = switch (i % 4) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1_000;
                default -> random.nextInt(1_000_000_000);
            };
            cases.add(Instant.ofEpochSecond(sec, nano));
        }
        for (Instant t : cases) {
            assertEquals("\"" + t + "\"", RecordJson.instant(new StringBuilder(), t).toString());
        }
    }

    @Test
    void primitiveAndBoxedComponentsAreWrittenAsTheirValues() {
        UsageRecord r = new UsageRecord(Instant.parse("2026-03-01T10:15:30.123Z"), Long.MIN_VALUE, "k", "p", "a", "m",
                "u", new Usage(Long.MAX_VALUE, 0, 3, 4, UsageSource.UPSTREAM), -1L, null, Integer.MIN_VALUE,
                UsageOutcome.OK, Dialect.ANTHROPIC, true, null, Integer.MAX_VALUE, new java.math.BigDecimal("0.000125"));
        StringBuilder out = new StringBuilder();
        RecordJson.write(out, r);
        assertEquals("{\"ts\":\"2026-03-01T10:15:30.123Z\",\"clientKeyId\":" + Long.MIN_VALUE + ",\"clientKeyName\":\"k\","
                + "\"provider\":\"p\",\"accountName\":\"a\",\"routeModel\":\"m\",\"upstreamModel\":\"u\",\"usage\":{"
                + "\"inputTokens\":" + Long.MAX_VALUE + ",\"outputTokens\":0,\"cacheCreationInputTokens\":3,"
                + "\"cacheReadInputTokens\":4,\"source\":\"UPSTREAM\",\"credits\":0.0},\"latencyMs\":-1,\"ttftMs\":null,"
                + "\"status\":" + Integer.MIN_VALUE + ",\"outcome\":\"OK\",\"dialect\":\"ANTHROPIC\",\"stream\":true,"
                + "\"errorKind\":null,\"attempts\":" + Integer.MAX_VALUE + ",\"cost\":0.000125}", out.toString());
        assertEquals(r, RecordJson.read(Jsons.parseObject(out.toString()), UsageRecord.class));
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
