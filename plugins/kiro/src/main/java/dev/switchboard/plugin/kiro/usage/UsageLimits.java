package dev.switchboard.plugin.kiro.usage;

import dev.switchboard.spi.QuotaSnapshot;
import dev.switchboard.spi.json.Jsons;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Instant;
import java.util.Locale;

/**
 * A {@code getUsageLimits} answer reduced to what the pool needs: credits used and allowed in
 * the current window, what remains, when it resets, the account type and e-mail. Immutable.
 *
 * @param used        credits used (base + active free trial + active bonuses)
 * @param limit       credits allowed in the same parts
 * @param remaining   {@code max(0, limit − used)}, plus unused overage when overage counts
 * @param overageRoom unused overage credits counted into {@code remaining} (0 unless allowed and enabled)
 * @param resetsAt    {@code nextDateReset}, or null
 * @param accountType FREE, PRO, PRO_PLUS, POWER, ENTERPRISE or UNKNOWN
 * @param email       {@code userInfo.email}, or null
 * @param title       {@code subscriptionInfo.subscriptionTitle}, or null
 */
public record UsageLimits(double used, double limit, double remaining, double overageRoom, Instant resetsAt,
                          String accountType, String email, String title) {

    /**
     * Reads an answer.
     *
     * @param allowOverage whether enabled overage counts as remaining quota ({@code allow-overage})
     * @param now          to skip expired bonuses
     */
    public static UsageLimits parse(JsonObject o, boolean allowOverage, Instant now) {
        JsonObject entry = creditEntry(Jsons.arr(o, "usageBreakdownList"));
        double used = 0;
        double limit = 0;
        double overageRoom = 0;
        Instant resets = time(o.get("nextDateReset"));
        if (entry != null) {
            used += precise(entry, "currentUsage");
            limit += precise(entry, "usageLimit");
            JsonObject trial = Jsons.obj(entry, "freeTrialInfo");
            if (trial != null && "ACTIVE".equals(Jsons.str(trial, "freeTrialStatus"))) {
                used += precise(trial, "currentUsage");
                limit += precise(trial, "usageLimit");
            }
            JsonArray bonuses = Jsons.arr(entry, "bonuses");
            if (bonuses != null) {
                for (JsonValue v : bonuses) {
                    if (v.getValueType() != JsonValue.ValueType.OBJECT) {
                        continue;
                    }
                    JsonObject b = v.asJsonObject();
                    String status = Jsons.str(b, "status", "");
                    Instant expires = time(b.get("expiresAt"));
                    if ((status.equals("ACTIVE") || status.equals("REDEEMED")) && (expires == null || expires.isAfter(now))) {
                        used += precise(b, "currentUsage");
                        limit += precise(b, "usageLimit");
                    }
                }
            }
            JsonObject overage = Jsons.obj(o, "overageConfiguration");
            if (allowOverage && overage != null && "ENABLED".equals(Jsons.str(overage, "overageStatus"))) {
                overageRoom = Math.max(0, precise(entry, "overageCap") - precise(entry, "currentOverages"));
            }
            if (resets == null) {
                resets = time(entry.get("nextDateReset"));
            }
        }
        double remaining = Math.max(0, limit - used) + overageRoom;
        JsonObject sub = Jsons.obj(o, "subscriptionInfo");
        JsonObject user = Jsons.obj(o, "userInfo");
        return new UsageLimits(used, limit, remaining, overageRoom, resets, accountType(Jsons.str(sub, "type")),
                Jsons.str(user, "email"), Jsons.str(sub, "subscriptionTitle"));
    }

    /** The {@code CREDIT} entry, else the first one, else null. */
    private static JsonObject creditEntry(JsonArray list) {
        if (list == null || list.isEmpty()) {
            return null;
        }
        for (JsonValue v : list) {
            if (v.getValueType() == JsonValue.ValueType.OBJECT
                    && "CREDIT".equals(Jsons.str(v.asJsonObject(), "resourceType"))) {
                return v.asJsonObject();
            }
        }
        JsonValue first = list.get(0);
        return first.getValueType() == JsonValue.ValueType.OBJECT ? first.asJsonObject() : null;
    }

    /** {@code <key>WithPrecision} wins over {@code <key>}; absent = 0. */
    private static double precise(JsonObject o, String key) {
        Double p = Jsons.dbl(o, key + "WithPrecision");
        if (p != null) {
            return p;
        }
        Double v = Jsons.dbl(o, key);
        return v == null ? 0 : v;
    }

    /** Epoch seconds (possibly a float such as {@code 1.7882208E9}) or an ISO string. */
    private static Instant time(JsonValue v) {
        if (v instanceof jakarta.json.JsonNumber n) {
            return Instant.ofEpochMilli(Math.round(n.doubleValue() * 1000));
        }
        if (v instanceof jakarta.json.JsonString s) {
            return dev.switchboard.plugin.kiro.auth.KiroCredentials.parseInstant(s.getString());
        }
        return null;
    }

    /** The account type from {@code subscriptionInfo.type}. */
    static String accountType(String type) {
        if (type == null) {
            return "UNKNOWN";
        }
        String t = type.toUpperCase(Locale.ROOT);
        if (t.contains("FREE")) {
            return "FREE";
        }
        if (t.contains("PRO_PLUS")) {
            return "PRO_PLUS";
        }
        if (t.contains("PRO")) {
            return "PRO";
        }
        if (t.contains("POWER")) {
            return "POWER";
        }
        if (t.equals("Q_DEVELOPER_STANDALONE")) {
            return "ENTERPRISE";
        }
        return "UNKNOWN";
    }

    /** True when nothing is left: the account is exhausted until the reset. */
    public boolean exhausted() {
        return limit > 0 && remaining <= 0;
    }

    /**
     * The kernel's figures in credits: {@code limit} includes counted overage room, {@code used} is what makes
     * {@code limit − used} equal {@link #remaining()}.
     */
    public QuotaSnapshot toSnapshot() {
        if (limit <= 0 && overageRoom <= 0) {
            return new QuotaSnapshot(used, null, resetsAt, "credits");
        }
        double total = limit + overageRoom;
        return new QuotaSnapshot(total - remaining, total, resetsAt, "credits");
    }
}
