package dev.switchboard.plugin.factory.billing;

import dev.switchboard.plugin.factory.auth.Credentials;
import dev.switchboard.spi.QuotaSnapshot;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Reads Factory's billing answers into a {@link QuotaSnapshot}. The account-wide
 * figure is the {@code standard} group (the {@code core} group only limits GLM/Kimi/MiniMax/DeepSeek).
 * Stateless and thread-safe.
 */
final class BillingFigures {
    private static final List<String> WINDOWS = List.of("fiveHour", "weekly", "monthly");

    private BillingFigures() {
    }

    /**
     * {@code GET /api/billing/limits}: the fullest unexpired {@code standard} window, as percent used with
     * its end as the reset time (a window at 100 % exhausts the account until then). Empty when the answer
     * has no usable standard window (then the next billing source is asked).
     */
    static Optional<QuotaSnapshot> fromLimits(JsonObject body, Instant now) {
        JsonObject standard = Jsons.obj(Jsons.obj(body, "limits"), "standard");
        return mostUsedWindow(standard, now);
    }

    /**
     * {@code POST /api/organization/subscription/usage} or {@code GET …/members/chat-usage}: windows under
     * {@code usage.standardUsage}, else token figures under {@code usage.standard}.
     */
    static Optional<QuotaSnapshot> fromUsage(JsonObject body, Instant now) {
        JsonObject usage = Jsons.obj(body, "usage");
        if (usage == null) {
            return Optional.empty();
        }
        Optional<QuotaSnapshot> windows = mostUsedWindow(Jsons.obj(usage, "standardUsage"), now);
        if (windows.isPresent()) {
            return windows;
        }
        JsonObject standard = Jsons.obj(usage, "standard");
        Double allowance = Jsons.dbl(standard, "totalAllowance");
        Double used = Jsons.dbl(standard, "orgTotalTokensUsed");
        if (allowance == null || used == null) {
            return Optional.empty();
        }
        Instant end = Credentials.instant(usage, "endDate").orElse(null);
        return Optional.of(new QuotaSnapshot(used, allowance, end, "tokens"));
    }

    private static Optional<QuotaSnapshot> mostUsedWindow(JsonObject group, Instant now) {
        if (group == null) {
            return Optional.empty();
        }
        Double bestUsed = null;
        Instant bestEnd = null;
        for (String w : WINDOWS) {
            JsonObject window = Jsons.obj(group, w);
            Double used = Jsons.dbl(window, "usedPercent");
            if (used == null) {
                continue;
            }
            Instant end = windowEnd(window, now);
            if (end != null && !end.isAfter(now)) {
                continue; // an expired window says nothing about now
            }
            boolean better = bestUsed == null || used > bestUsed
                    || (used.equals(bestUsed) && end != null && (bestEnd == null || end.isAfter(bestEnd)));
            if (better) {
                bestUsed = used;
                bestEnd = end;
            }
        }
        return bestUsed == null ? Optional.empty() : Optional.of(new QuotaSnapshot(bestUsed, 100.0, bestEnd, "percent"));
    }

    /** {@code windowEnd} (ISO or epoch s/ms), else now + {@code secondsRemaining}, else null. */
    private static Instant windowEnd(JsonObject window, Instant now) {
        Optional<Instant> end = Credentials.instant(window, "windowEnd");
        if (end.isPresent()) {
            return end.get();
        }
        JsonValue remaining = window.get("secondsRemaining");
        return remaining instanceof JsonNumber n ? now.plusSeconds(n.longValue()) : null;
    }
}
